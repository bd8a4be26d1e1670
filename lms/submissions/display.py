"""Template filters for people's work: user Markdown, times in the reader's zone, durations, sizes.

The times, durations and sizes are those of :mod:`lms.i18n.formatting` (the reader's language
and zone); the filter names stay (``lms_when``, ``lms_since``, ``lms_duration``, ``file_size``)
so the templates of every feature keep using them.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask
from markupsafe import Markup

from lms.database import utcnow
from lms.i18n.formatting import format_duration, format_moment, zone_name
from lms.rendering import render_user_markdown
from lms.submissions.files import human_size


def user_markdown(text: str | None) -> Markup:
    return Markup(render_user_markdown(text or ""))


def when(moment: datetime | None, tz: str | None = None) -> str:
    """``12 Mar 2026, 14:05`` in ``tz``, else the reader's time zone, with the zone's name
    (``(Europe/Lisbon)``; ``UTC`` after it in UTC, as it always read)."""
    if moment is None:
        return "—"
    if zone_name(tz) == "UTC":
        return f"{format_moment(moment, 'UTC')} UTC"
    return format_moment(moment, tz, show_zone=True)


def duration(span: timedelta) -> str:
    """A rough, readable length of time in the reader's language: ``45 minutes``, ``3 hours``, ``2 days``."""
    return format_duration(span)


def since(moment: datetime | None) -> str:
    return duration(utcnow() - moment) if moment else "—"


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(user_markdown=user_markdown, lms_when=when, lms_since=since,
                                 lms_duration=duration, file_size=human_size)
