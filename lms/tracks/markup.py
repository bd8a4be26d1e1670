"""Line-preserving clean-up of lesson Markdown and a scan of the links and images it uses.

Every function keeps the number of lines, so a line found in the cleaned body is the
same line in the author's file.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
# Kramdown inline attribute lists on their own line ({: .language-bash}) and Liquid tags.
_IAL_LINE = re.compile(r"^\s{0,3}(>\s*)*\{:[^}]*\}\s*$")
_LIQUID_LINE = re.compile(r"^\s*\{%.*%\}\s*$")
# Pandoc attributes after an image: ![](fig/x.svg){alt='...' width="50%"}
_IMAGE_ATTRS = re.compile(r"(!\[(?P<alt>[^\]]*)\]\((?P<target>[^)]*)\))\{(?P<attrs>[^}]*)\}")
_ALT_ATTR = re.compile(r"""\balt\s*=\s*(?:'(?P<single>[^']*)'|"(?P<double>[^"]*)")""")
_ATX_H1 = re.compile(r"^\s{0,3}#(?!#)\s+(?P<title>.+?)\s*#*\s*$")
_HEADING_ATTRS = re.compile(r"\s*\{[^}]*\}\s*$")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_TEXT = r"(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*"
_DESTINATION = r"\s*(<[^>\n]*>|[^\s()]+(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*"
_IMAGE = re.compile(r"!\[" + _TEXT + r"\]\(" + _DESTINATION + r"\)")
_LINK = re.compile(r"(?<!!)\[" + _TEXT + r"\]\(" + _DESTINATION + r"\)")
_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?")
_HTML_URL = re.compile(r"""<(?P<tag>[a-zA-Z]+)\b[^>]*?\b(?P<attr>src|href)\s*=\s*["'](?P<url>[^"']+)["']""")


@dataclass(frozen=True, slots=True)
class Reference:
    """A URL used in the body: ``line`` is 1-based in the body; ``image`` for ![..](..)/<img>."""

    line: int
    url: str
    image: bool


def _outside_code(lines: list[str]) -> Iterator[tuple[int, str]]:
    """``(index, line)`` for every line not inside a fenced code block (fence lines excluded)."""
    fence: str | None = None
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None:
            if match:
                fence = match.group(1)
                continue
            yield index, line
        elif match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                and not line.strip().strip(fence[0]):
            fence = None


def clean_body(text: str) -> str:
    """Remove kramdown attribute lines and Liquid tags; turn Pandoc image attributes into alt text."""
    lines = text.split("\n")
    for index, line in _outside_code(lines):
        if _IAL_LINE.match(line) or _LIQUID_LINE.match(line):
            lines[index] = ""
        elif "){" in line:
            lines[index] = _IMAGE_ATTRS.sub(_image_with_alt, line)
    return "\n".join(lines)


def _image_with_alt(match: re.Match) -> str:
    alt = match.group("alt")
    found = _ALT_ATTR.search(match.group("attrs"))
    if not alt.strip() and found:
        alt = (found.group("single") if found.group("single") is not None else found.group("double"))
        alt = alt.replace("[", "(").replace("]", ")")
    return f"![{alt}]({match.group('target')})"


def take_title(text: str) -> tuple[str | None, str]:
    """The first ``# heading`` outside code and the body without that line (left blank)."""
    lines = text.split("\n")
    for index, line in _outside_code(lines):
        match = _ATX_H1.match(line)
        if match:
            title = _HEADING_ATTRS.sub("", match.group("title")).strip()
            lines[index] = ""
            return title, "\n".join(lines)
    return None, text


def remove_title_heading(text: str, title: str) -> str:
    """Drop the first ``# heading`` when it repeats ``title`` (the page shows the title already)."""
    heading, rest = take_title(text)
    if heading is not None and heading.casefold() == title.casefold():
        return rest
    return text


def references(text: str) -> list[Reference]:
    """Every link and image URL outside code, with its line (1-based in ``text``)."""
    found: list[Reference] = []
    for index, line in _outside_code(text.split("\n")):
        line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        for match in _IMAGE.finditer(line):
            found.append(Reference(index + 1, _destination(match.group(1)), True))
        for match in _LINK.finditer(line):
            found.append(Reference(index + 1, _destination(match.group(1)), False))
        match = _DEFINITION.match(line)
        if match:
            found.append(Reference(index + 1, match.group(1), False))
        for match in _HTML_URL.finditer(line):
            is_image = match.group("tag").lower() in {"img", "source"} or match.group("attr") == "src"
            found.append(Reference(index + 1, match.group("url"), is_image))
    return found


def _destination(raw: str) -> str:
    raw = raw.strip()
    return raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw
