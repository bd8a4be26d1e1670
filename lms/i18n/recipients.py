"""Words and times for someone other than the reader: emails, notifications and certificates
are written in their recipient's language and time zone, whoever's request or job makes them.

    with speaking_to(mentor):
        queue_email(mentor.email, gettext("New work to review"), render_template(...))
"""
from __future__ import annotations

from contextlib import contextmanager

from flask import current_app, g
from flask_babel import refresh

from lms.i18n.languages import supported

_OVERRIDE = "lms_i18n_speaking_to"


def language_of(person) -> str:
    """The language ``person`` reads: their profile's, else the organisation's default."""
    return (supported(getattr(person, "language", None))
            or supported(current_app.config.get("DEFAULT_LANGUAGE")) or "en")


@contextmanager
def speaking_to(person=None, *, language: str | None = None, timezone: str | None = None):
    """Inside, ``gettext`` and the date filters speak ``person``'s language in their time zone
    (or the ``language``/``timezone`` given). Nests; the reader's own settings come back after."""
    chosen = (supported(language) or language_of(person),
              timezone or getattr(person, "timezone", None) or "UTC")
    previous = g.get(_OVERRIDE)
    setattr(g, _OVERRIDE, chosen)
    refresh()
    try:
        yield
    finally:
        if previous is None:
            g.pop(_OVERRIDE, None)
        else:
            setattr(g, _OVERRIDE, previous)
        refresh()


def override() -> tuple[str, str] | None:
    """``(language, time zone)`` while inside ``speaking_to``, else None."""
    return g.get(_OVERRIDE) if g else None
