"""The one Markdown renderer of the product: lesson content and user-written text.

Public API::

    render_markdown(text, *, resolve_url=None) -> str             # lesson/track content
    render_lesson(text, *, resolve_url=None) -> RenderedLesson    # ... plus a table of contents
    render_user_markdown(text) -> str                             # submissions, feedback, bios

All three return sanitised HTML, safe to insert into a page unescaped (``|safe``).
Lesson content may contain raw HTML (kept when it is on the allow-list, see
``lms.rendering.sanitise``); in user text raw HTML is shown as text, headings get no
ids and links get ``rel="nofollow noopener noreferrer"``.

Supported: fenced code with Pygments highlighting (CSS classes, see
static/css/content.css), tables, admonitions (``!!! note``), collapsible
``??? note`` blocks, task lists, footnotes, sane lists, ``[TOC]`` (lessons) and
Pandoc/Carpentries fenced divs (``::: callout`` ... ``:::``) rendered as boxes.
"""
from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass, field
from typing import Any

from .engine import markdown_instance
from .fenced_divs import BOX_KINDS
from .sanitise import ALLOWED_CLASSES, ALLOWED_TAGS, UrlResolver, sanitise

__all__ = [
    "ALLOWED_CLASSES",
    "ALLOWED_TAGS",
    "BOX_KINDS",
    "RenderedLesson",
    "TocEntry",
    "USER_TEXT_LIMIT",
    "UrlResolver",
    "render_lesson",
    "render_markdown",
    "render_user_markdown",
]


@dataclass(frozen=True, slots=True)
class TocEntry:
    """A heading: ``level`` 1-6, ``id`` of the heading element, ``title`` as plain text
    (not HTML: escape it when you output it)."""

    level: int
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class RenderedLesson:
    html: str
    toc: list[TocEntry] = field(default_factory=list)


def render_markdown(text: str, *, resolve_url: UrlResolver | None = None) -> str:
    """Render lesson/track Markdown to sanitised HTML.

    ``resolve_url(url)`` is called for every href and src that survives the scheme
    check (http, https, mailto and relative URLs, including ``#fragment`` links),
    with entity references decoded; it returns the replacement URL, or None to keep
    the URL unchanged. Replacements are checked against the same scheme allow-list.
    """
    return render_lesson(text, resolve_url=resolve_url).html


def render_lesson(text: str, *, resolve_url: UrlResolver | None = None) -> RenderedLesson:
    """Render lesson Markdown like :func:`render_markdown`, plus a table of contents.

    Every Markdown heading (``#`` or underlined) gets a stable id derived from its text
    (``Getting started`` -> ``getting-started``, repeats get ``_1``, ``_2``); the toc
    lists them in document order, flat, with their level. Box titles are not headings;
    empty headings and headings the sanitiser removed are left out.
    """
    try:
        with markdown_instance("lesson") as md:
            raw = md.convert(_clean_input(text))
            toc = _flatten(getattr(md, "toc_tokens", []))
    except RecursionError:  # pathological nesting (hundreds of list levels)
        return RenderedLesson(_plain_text_html(text))
    html = sanitise(raw, user=False, resolve_url=resolve_url)
    # Headings the sanitiser removed (e.g. swallowed by an unclosed <iframe>) leave the toc.
    kept_ids = set(_HEADING_ID.findall(html))
    return RenderedLesson(html, [entry for entry in toc if entry.id in kept_ids and entry.title])


# Longest user text rendered as Markdown; longer text is shown as plain text. Forms and
# services refuse long text earlier, with a message; this bounds every other caller.
USER_TEXT_LIMIT = 100_000


def render_user_markdown(text: str) -> str:
    """Render Markdown written by learners and mentors to sanitised HTML.

    Same features as lessons, except: raw HTML is escaped (shown as text), headings
    have no ids and there is no ``[TOC]``; links get ``rel="nofollow noopener noreferrer"``.
    Text longer than ``USER_TEXT_LIMIT`` characters is shown as plain text.
    """
    if len(text or "") > USER_TEXT_LIMIT:
        return _plain_text_html(text)
    try:
        with markdown_instance("user") as md:
            raw = md.convert(_clean_input(text))
    except RecursionError:
        return _plain_text_html(text)
    return sanitise(raw, user=True)


# The sanitiser writes headings as <hN id="..."> (id is their only allowed attribute), and
# escapes every "<" in text, so this only matches real headings.
_HEADING_ID = re.compile(r'<h[1-6] id="([^"]+)"')
_SURROGATE = re.compile("[\ud800-\udfff]")


def _flatten(tokens: list[dict[str, Any]]) -> list[TocEntry]:
    entries: list[TocEntry] = []
    for token in tokens:
        entries.append(TocEntry(int(token["level"]), token["id"], _html.unescape(token["name"])))
        entries.extend(_flatten(token.get("children", [])))
    return entries


def _clean_input(text: str) -> str:
    """Lone surrogates (from surrogateescape-decoded bytes) cannot be encoded: replace them."""
    text = text or ""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def _plain_text_html(text: str) -> str:
    return "<p>" + _html.escape(_clean_input(text)).replace("\n", "<br>\n") + "</p>"
