"""Which language and time zone a request (or a job) is answered in.

Language: inside ``speaking_to`` the recipient's; else the person's profile, else the one
chosen in the footer (kept in the session, for people not signed in), else the browser's
``Accept-Language``, else the organisation's default (``DEFAULT_LANGUAGE``).
Time zone: the recipient's, else the signed-in person's, else UTC.
"""
from __future__ import annotations

from flask import current_app, has_app_context, has_request_context, request, session
from flask_login import current_user

from lms.i18n.languages import LANGUAGES, supported
from lms.i18n.recipients import override
from lms.timezones import zone_or_utc

SESSION_KEY = "language"


def _signed_in_user():
    if not has_request_context():
        return None
    user = current_user._get_current_object()
    return user if user is not None and user.is_authenticated else None


def select_locale() -> str:
    forced = override() if has_app_context() else None
    if forced:
        return forced[0]
    user = _signed_in_user()
    if user is not None and supported(getattr(user, "language", None)):
        return supported(user.language)
    if has_request_context():
        chosen = supported(session.get(SESSION_KEY))
        if chosen:
            return chosen
        best = request.accept_languages.best_match(_accepted_tags())
        if best:
            return supported(best)
    return supported(current_app.config.get("DEFAULT_LANGUAGE")) or "en"


def _accepted_tags() -> list[str]:
    # "pt" alone and "pt-PT" readers get Brazilian Portuguese rather than English.
    tags = []
    for code in LANGUAGES:
        tags.append(code.replace("_", "-"))
        if "_" in code:
            tags.append(code.split("_", 1)[0])
    return tags


def select_timezone() -> str:
    forced = override() if has_app_context() else None
    if forced:
        return zone_or_utc(forced[1]).key
    user = _signed_in_user()
    return zone_or_utc(getattr(user, "timezone", None)).key if user is not None else "UTC"
