"""The language a track is written in, on the elements that hold its authored content.

A track may say ``language: es`` in its front matter (see docs/authoring.md). Its content then
carries ``lang="es"`` (and ``dir`` when Babel knows the language), whatever the interface
language around it: screen readers pronounce it right and an Arabic track reads right to left
inside an English page (and an English track left to right inside an Arabic one).

Templates: ``<div class="content"{{ authored_lang(track) }}>{{ lesson.body_html | safe }}</div>``.
"""
from __future__ import annotations

from babel import Locale, UnknownLocaleError
from markupsafe import Markup

from lms.i18n.languages import text_direction


def content_direction(tag: str | None) -> str | None:
    """``rtl``/``ltr`` for a BCP 47 tag Babel knows (``ar``, ``pt-BR``), else None (the page's direction)."""
    if not tag:
        return None
    identifier = str(tag).replace("-", "_")
    try:
        Locale.parse(identifier)
    except (UnknownLocaleError, ValueError):
        return None
    return text_direction(identifier)


def authored_lang(track) -> Markup:
    """`` lang="es" dir="ltr"`` for the element wrapping ``track``'s authored content; empty when the
    track declares no language (its content then follows the page)."""
    tag = getattr(track, "language", None) if not isinstance(track, str) else track
    if not tag:
        return Markup("")
    direction = content_direction(tag)
    attributes = Markup(' lang="%s"') % tag
    return attributes + (Markup(' dir="%s"') % direction if direction else Markup(""))
