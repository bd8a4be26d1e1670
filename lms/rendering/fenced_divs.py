"""Pandoc/Carpentries fenced divs as boxes, as a Python-Markdown extension.

A line of three or more colons followed by a kind opens a box and a line of only
colons closes the innermost open box::

    :::::::::::: challenge
    ## Challenge 1: Can you do it?
    ...
    ::::: solution
    ...
    :::::
    ::::::::::::

The opening line may carry the kind as a word (``::: callout``) or as Pandoc
attributes (``::: {.callout title="Careful"}``); trailing colons are ignored. The
result is ``<div class="box box-KIND"><p class="box-title">Title</p>...</div>``,
or ``<details class="box box-KIND"><summary>Title</summary>...</details>`` for the
collapsed kinds (solution, spoiler, hint). Unknown kinds become
``<div class="box box-generic">``. A first line ``## Title`` inside the box becomes
its title instead of the default label.

Fenced code is stashed by pymdownx.superfences (a preprocessor at priority 25)
before this extension looks at any line, so a ``:::`` line inside a code fence
stays code. Fences indented by four or more spaces are code too.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from flask_babel import lazy_gettext
from markdown import Markdown, util
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

__all__ = ["BOX_KINDS", "BoxKind", "FencedDivExtension"]


@dataclass(frozen=True, slots=True)
class BoxKind:
    label: object  # a lazy string: the name in the language the content is rendered in
    collapsed: bool = False


BOX_KINDS: dict[str, BoxKind] = {
    "callout": BoxKind(lazy_gettext("Callout")),
    "challenge": BoxKind(lazy_gettext("Challenge")),
    "solution": BoxKind(lazy_gettext("Solution"), collapsed=True),
    "objectives": BoxKind(lazy_gettext("Objectives")),
    "keypoints": BoxKind(lazy_gettext("Key points")),
    "questions": BoxKind(lazy_gettext("Questions")),
    "prereq": BoxKind(lazy_gettext("Prerequisites")),
    "discussion": BoxKind(lazy_gettext("Discussion")),
    "testimonial": BoxKind(lazy_gettext("Testimonial")),
    "instructor": BoxKind(lazy_gettext("Instructor note")),
    "checklist": BoxKind(lazy_gettext("Checklist")),
    "spoiler": BoxKind(lazy_gettext("Spoiler"), collapsed=True),
    "caution": BoxKind(lazy_gettext("Caution")),
    "hint": BoxKind(lazy_gettext("Hint"), collapsed=True),
}

_ALIASES = {
    "prerequisite": "prereq",
    "prerequisites": "prereq",
    "keypoint": "keypoints",
    "key-points": "keypoints",
    "objective": "objectives",
    "question": "questions",
    "instructor-note": "instructor",
    "instructor_note": "instructor",
}

_FENCE = re.compile(r"^ {0,3}:{3,}(?P<info>.*)$")
_WORD = re.compile(r"[A-Za-z][\w-]*")
_CLASS = re.compile(r"(?:^|\s)\.([A-Za-z][\w-]*)")
_TITLE_ATTR = re.compile(r"""(?:^|\s)title\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s}]+))""")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<title>.+?)(?:[ \t]+#+)?[ \t]*$")
_STASHED_BLOCK = re.compile("^" + re.escape(util.HTML_PLACEHOLDER).replace("%s", r"\d+") + "$")
_STATE = "fenced-div"
MAX_DEPTH = 12  # deeper fences are left as text (keeps recursion bounded)


@dataclass(frozen=True, slots=True)
class _Fence:
    opens: bool
    kind: str | None = None
    title: str | None = None


def _parse_fence(line: str) -> _Fence | None:
    match = _FENCE.match(line)
    if match is None:
        return None
    info = match.group("info").strip().rstrip(":").strip()
    if not info:
        return _Fence(opens=False)
    kind: str | None = None
    title: str | None = None
    if info.startswith("{"):
        body = info[1:].rsplit("}", 1)[0]
        classes = _CLASS.findall(body)
        kind = classes[0] if classes else None
        found = _TITLE_ATTR.search(body)
        if found:
            title = next(group for group in found.groups() if group is not None).strip() or None
    else:
        word = info.split()[0]
        kind = word if _WORD.fullmatch(word) else None
    if kind is not None:
        kind = kind.lower()
        kind = _ALIASES.get(kind, kind)
        if kind.startswith("callout-"):  # Quarto: callout-note, callout-tip, ...
            kind = "callout"
    return _Fence(opens=True, kind=kind, title=title)


class _BlockSpacer(Preprocessor):
    """Give fence lines, and stashed code blocks, blocks of their own.

    A fence may directly follow a paragraph line. pymdownx.superfences leaves a
    one-line placeholder for each code fence, which would merge into a paragraph
    written right before or after the fence (``<p><div class="highlight">...``).
    """

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        pending_blank = False
        for line in lines:
            if _FENCE.match(line) or _STASHED_BLOCK.match(line):
                if out and out[-1].strip():
                    out.append("")
                out.append(line)
                pending_blank = True
                continue
            if pending_blank and line.strip():
                out.append("")
            pending_blank = False
            out.append(line)
        return out


class _FencedDivProcessor(BlockProcessor):
    def test(self, parent: etree.Element, block: str) -> bool:
        if _FENCE.match(block.split("\n", 1)[0]) is None:
            return False
        return self.parser.state.count(_STATE) < MAX_DEPTH

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        first, _, rest = blocks.pop(0).partition("\n")
        fence = _parse_fence(first)
        assert fence is not None
        if not fence.opens:  # a closing fence with nothing open: drop it
            if rest.strip():
                blocks.insert(0, rest)
            return

        text = "\n\n".join(([rest] if rest else []) + blocks)
        del blocks[:]
        lines = text.split("\n")
        depth, end = 1, len(lines)
        for index, line in enumerate(lines):
            inner_fence = _parse_fence(line)
            if inner_fence is None:
                continue
            depth += 1 if inner_fence.opens else -1
            if depth == 0:
                end = index
                break
        body = "\n".join(lines[:end]).strip("\n")
        after = "\n".join(lines[end + 1:]).lstrip("\n")
        if after:
            blocks.extend(after.split("\n\n"))
        self._build_box(parent, fence, body)

    def _build_box(self, parent: etree.Element, fence: _Fence, body: str) -> None:
        title = fence.title
        heading, _, remainder = body.partition("\n")
        match = _HEADING.match(heading)
        if match:
            title = title or match.group("title").strip()
            body = remainder.strip("\n")

        spec = BOX_KINDS.get(fence.kind or "")
        css = f"box box-{fence.kind}" if spec else "box box-generic"
        # The box's own name in the language being rendered (a track's, see lms.tracks).
        label = title or (str(spec.label) if spec else None)
        if spec is not None and spec.collapsed:
            box = etree.SubElement(parent, "details", {"class": css})
            summary = etree.SubElement(box, "summary")
            summary.text = label
        else:
            box = etree.SubElement(parent, "div", {"class": css})
            if label:
                heading_el = etree.SubElement(box, "p", {"class": "box-title"})
                heading_el.text = label

        self.parser.state.set(_STATE)
        try:
            self.parser.parseChunk(box, body)
        finally:
            self.parser.state.reset()


class FencedDivExtension(Extension):
    """Register the spacer (after code fences and raw HTML are stashed) and the box processor."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_BlockSpacer(md), "fenced_div_spacer", 19)
        md.parser.blockprocessors.register(_FencedDivProcessor(md.parser), "fenced_div", 75)
