"""Template filters for people's work: user Markdown, times in the reader's zone, durations, sizes."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Flask
from flask_login import current_user
from markupsafe import Markup

from lms.database import utcnow
from lms.rendering import render_user_markdown
from lms.submissions.files import human_size


def user_markdown(text: str | None) -> Markup:
    return Markup(render_user_markdown(text or ""))


def when(moment: datetime | None, tz: str | None = None) -> str:
    """``12 Mar 2026, 14:05`` in ``tz``, else the reader's time zone (with its name when not UTC)."""
    if moment is None:
        return "—"
    zone = tz or getattr(current_user, "timezone", None) or "UTC"
    try:
        local = moment.astimezone(ZoneInfo(zone))
    except (KeyError, ValueError):
        local, zone = moment, "UTC"
    return f"{local:%d %b %Y, %H:%M}" + (f" ({zone.replace('_', ' ')})" if zone != "UTC" else " UTC")


def duration(span: timedelta) -> str:
    """A rough, readable length of time: ``45 min``, ``3 h``, ``2 days``."""
    minutes = max(int(span.total_seconds() // 60), 0)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} days"


def since(moment: datetime | None) -> str:
    return duration(utcnow() - moment) if moment else "—"


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(user_markdown=user_markdown, lms_when=when, lms_since=since,
                                 lms_duration=duration, file_size=human_size)
