"""Mentorships: relationships with roles, learners' mentor requests, matching, the directory."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    pass
