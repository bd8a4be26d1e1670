"""The interface in several languages and every time in the reader's zone (Flask-Babel).

A core module: every feature marks its words with ``gettext``/``lazy_gettext``/``ngettext``
from ``flask_babel`` (``_``/``_l``/``ngettext`` by convention) and formats numbers, dates and
times with the filters registered here. Catalogs live in ``lms/translations`` and are compiled
by the install step (``make install``); see docs/translating.md.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.json.tag import JSONTag
from flask_babel import Babel
from flask_babel.speaklater import LazyString

from lms.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES, html_lang, text_direction
from lms.i18n.selection import select_locale, select_timezone

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def init_app(app: Flask) -> None:
    from lms.i18n import current, formatting
    from lms.i18n.views import bp, language_switch

    app.config.setdefault("DEFAULT_LANGUAGE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    Babel(app, locale_selector=select_locale, timezone_selector=select_timezone,
          default_locale=app.config["DEFAULT_LANGUAGE"])
    current.install_template_callables(app)
    app.register_blueprint(bp)
    app.jinja_env.globals.update(html_lang=html_lang, text_direction=text_direction, interface_languages=LANGUAGES,
                           language_switch=language_switch)
    formatting.init_app(app)
    # A lazily translated message may be flashed (kept in the session until the next page):
    # it is stored as the text it reads in now.
    serializer = app.session_interface.serializer  # one per process, shared by every app
    if _LazyStringAsText.key not in serializer.tags:
        serializer.register(_LazyStringAsText, index=0)


class _LazyStringAsText(JSONTag):
    __slots__ = ()
    key = " lazy"

    def check(self, value) -> bool:
        return isinstance(value, LazyString)

    def tag(self, value) -> str:
        return str(value)

    def to_json(self, value) -> str:
        return str(value)

    def to_python(self, value) -> str:
        return value
