"""Profiles: skills with levels, languages, time zone, and a mentor's offer and capacity."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from lms.profiles import demo

    demo.register(app)
