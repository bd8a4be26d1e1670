"""Program health for admins: response times, matching, load and who is stuck (docs/health.md)."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    pass
