"""Plain-text helpers for fields that must stay on one line.

A name, a title or a subject ends up in an email header, a subject line or a single
line of a text email. A line break in one of them (CR, LF, or one of the Unicode line
and paragraph separators) could start a new header or a new paragraph, so these
fields are stored with none, and every value printed into a text email loses them.
"""
from __future__ import annotations

import re
import unicodedata

# Everything ``str.splitlines()`` breaks on: CR, LF, VT, FF, FS, GS, RS, NEL, LS, PS.
LINE_BREAKS = re.compile(r"[ \t]*[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]+[ \t]*")


def single_line(text: str | None) -> str:
    """``text`` as one trimmed line: control characters dropped, each run of whitespace
    (line breaks included) made one space. For names, titles and subjects."""
    text = "".join(" " if char.isspace() else char for char in (text or "")
                   if char.isspace() or unicodedata.category(char) != "Cc")
    return " ".join(text.split())


def without_line_breaks(text: str) -> str:
    """``text`` with each run of line breaks (and the spaces around it) made one space."""
    return LINE_BREAKS.sub(" ", text)


def has_line_break(text: str) -> bool:
    return LINE_BREAKS.search(text) is not None


def like_contains(text: str) -> str:
    """A ``LIKE ... ESCAPE '\\'`` pattern matching ``text`` anywhere, lower-cased, with the
    wildcards ``%`` and ``_`` (and the escape character) taken literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
