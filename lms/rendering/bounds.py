"""Python-Markdown extensions that bound the work of a render to about linear in its input.

Python-Markdown was written for trusted text: several of its scans restart from every
candidate position, so some inputs cost the square of their length (docs/security.md,
"Denial of service through content"). Each extension here bounds one of them and says
what it cost before; ``bench/render.py`` prints the times, the tests count the work.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.inlinepatterns import BacktickInlineProcessor, LinkInlineProcessor, ReferenceInlineProcessor
from markdown.treeprocessors import Treeprocessor

__all__ = ["BoundedCodeSpans", "BoundedInlineText", "BoundedLinks", "BoundedNesting"]


# Longest link text, and longest "(url "title")" part, that still make a link; deepest
# nesting of [] inside link text.
LINK_TEXT_LIMIT = 1000
LINK_TARGET_LIMIT = 1000
LINK_NESTING_LIMIT = 32
_BRACKET = re.compile(r"[\[\]]")


class BoundedLinks(Extension):
    """Make the link/image/reference processors cost linear time.

    Python-Markdown scans, character by character in Python, from every ``[`` to the
    end of the paragraph: quadratic, 12 KB of ``![[`` took 14 s. Here the search for
    the closing ``]`` is a regex over a window, the ``(url)`` scan gets a window, and
    links whose text or target exceed the limits stay plain text.
    """

    def extendMarkdown(self, md: Markdown) -> None:
        for processor in md.inlinePatterns:
            if isinstance(processor, LinkInlineProcessor):
                _bound(processor)


def _bounded_get_text(data: str, index: int) -> tuple[str, int, bool]:
    """Same result as LinkInlineProcessor.getText, within the limits."""
    end = min(len(data), index + LINK_TEXT_LIMIT)
    depth = 1
    for match in _BRACKET.finditer(data, index, end):
        depth += 1 if match.group() == "[" else -1
        if depth == 0:
            return data[index:match.start()], match.end(), True
        if depth > LINK_NESTING_LIMIT:
            break
    return data[index:end], end, False


def _bound(processor: LinkInlineProcessor) -> None:
    get_link = processor.getLink

    def bounded_link(data: str, index: int) -> tuple[str, str | None, int, bool]:
        return get_link(data[: index + LINK_TARGET_LIMIT], index)

    processor.getText = _bounded_get_text  # type: ignore[method-assign]
    processor.getLink = bounded_link  # type: ignore[method-assign]
    if isinstance(processor, ReferenceInlineProcessor):
        eval_id = processor.evalId

        def bounded_id(data: str, index: int, text: str) -> tuple[str | None, int, bool]:
            return eval_id(data[: index + LINK_TEXT_LIMIT], index, text)

        processor.evalId = bounded_id  # type: ignore[method-assign]


# Longest code span (between its backtick runs) that still makes ``<code>``.
CODE_SPAN_LIMIT = 1000
_TICKS = re.compile(r"`+")


class BoundedCodeSpans(Extension):
    """Make the search for the backticks closing a code span cost linear time.

    Python-Markdown scans, character by character in Python, from every opening run of
    backticks to the end of the paragraph; an opener without its closer (````a` ``
    repeated) is tried again from the middle of the next run: quadratic, 20 KB took
    15 s. Here the closer is looked for by a regex within ``CODE_SPAN_LIMIT``
    characters; the result is Python-Markdown's within that window.
    """

    def extendMarkdown(self, md: Markdown) -> None:
        for processor in md.inlinePatterns:
            if isinstance(processor, BacktickInlineProcessor):
                processor.find_code_spans = _bounded_code_spans  # type: ignore[method-assign]


def _bounded_code_spans(start: int, text: str) -> tuple[int, int | None]:
    """Same result as BacktickInlineProcessor.find_code_spans, within the window."""
    opener = _TICKS.match(text, start)
    max_ticks = len(opener.group()) if opener else 0
    start += max_ticks
    end = min(len(text), start + CODE_SPAN_LIMIT)
    closer = re.compile(f"(?<!`)`{{{max_ticks}}}(?!`)").search(text, start, end) if max_ticks else None
    if closer is not None and not text.startswith("`", closer.end()):  # not cut by the window
        return start, closer.start()
    runs = _TICKS.findall(text, start, end)
    longest = max(runs, key=len) if runs else ""
    if 0 < len(longest) < max_ticks:
        closing = text.find(longest, start, end)
        return start - (max_ticks - len(longest)), closing
    return start + max_ticks, None


# Longest text the inline patterns (emphasis, code, links, ...) see at once.
INLINE_CHUNK = 2000


class BoundedInlineText(Extension):
    """Hand the inline patterns paragraphs of at most ``INLINE_CHUNK`` characters.

    Python-Markdown's inline stage is quadratic in the length of one paragraph, however
    each pattern is written: every match rebuilds the paragraph string, and a pattern
    such as the footnote reference's ``\\[\\^([^\\]]*)\\]`` scans from every ``[^`` to the
    end of the paragraph (40 KB of ``[^`` took 9 s). A longer text is cut at line breaks
    (else at a space, else anywhere outside a stash placeholder) into pieces, wrapped in
    elements of their own, that are processed one by one and then unwrapped, so the work is at most INLINE_CHUNK
    times the length. Markup spanning a cut (emphasis over 2,000 characters of one
    paragraph) stays text.
    """

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_ChunkLongText(md), "bounded_inline_text", 21)  # inline is 20
        md.treeprocessors.register(_UnwrapChunks(md), "bounded_inline_unwrap", 19)


_CHUNK = "lms-chunk"  # a tag no Markdown produces and no author can write


class _ChunkLongText(Treeprocessor):
    def run(self, root) -> None:
        for element in list(root.iter()):
            text = element.text
            if text and len(text) > INLINE_CHUNK and not isinstance(text, util.AtomicString):
                pieces = _cut(text)
                element.text = pieces[0]
                for index, piece in enumerate(pieces[1:]):  # before any child elements
                    span = etree.Element(_CHUNK)
                    span.text = piece
                    element.insert(index, span)
            tail = element.tail
            if tail and len(tail) > INLINE_CHUNK and not isinstance(tail, util.AtomicString):
                element.tail = util.AtomicString(tail)  # block tails are whitespace; never markup


class _UnwrapChunks(Treeprocessor):
    def run(self, root) -> None:
        for parent in [element for element in root.iter() if element.find(_CHUNK) is not None]:
            children: list = []
            for child in list(parent):
                if child.tag != _CHUNK:
                    children.append(child)
                    continue
                _append_text(parent, children, child.text)
                children.extend(child)
                _append_text(parent, children, child.tail)
            parent[:] = children


def _append_text(parent, children: list, text: str | None) -> None:
    if not text:
        return
    if children:
        children[-1].tail = (children[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _cut(text: str) -> list[str]:
    pieces = []
    while len(text) > INLINE_CHUNK:
        cut = text.rfind("\n", 0, INLINE_CHUNK) + 1 or text.rfind(" ", 0, INLINE_CHUNK) + 1 or INLINE_CHUNK
        opened = text.rfind(util.STX, 0, cut)
        if opened > text.rfind(util.ETX, 0, cut):  # never cut a placeholder in two
            cut = opened or text.find(util.ETX, cut) + 1 or len(text)
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text] if text else pieces


# Deepest nesting of blocks (quotes, lists, admonitions, details, boxes) that is parsed.
BLOCK_DEPTH_LIMIT = 24
# Longest block (text between blank lines) that may open or continue a !!!/??? box.
BOX_BLOCK_LIMIT = 5000


class BoundedNesting(Extension):
    """Parse blocks nested at most ``BLOCK_DEPTH_LIMIT`` deep; deeper ones stay text.

    Each level of nesting (``>``, list items, ``!!!``/``???`` bodies, ``:::`` boxes)
    re-scans and copies what it contains, so the work is the length times the depth,
    and a few thousand levels end in a RecursionError. Below the limit the text of the
    deeper blocks is one paragraph.
    """

    def extendMarkdown(self, md: Markdown) -> None:
        parser = md.parser
        parse_blocks = parser.parseBlocks
        depth = [0]

        def bounded_parse_blocks(parent, blocks: list[str]) -> None:
            if depth[0] >= BLOCK_DEPTH_LIMIT:
                text = "\n\n".join(blocks).strip("\n")
                del blocks[:]
                if text:
                    etree.SubElement(parent, "p").text = text
                return
            depth[0] += 1
            try:
                parse_blocks(parent, blocks)
            finally:
                depth[0] -= 1

        parser.parseBlocks = bounded_parse_blocks  # type: ignore[method-assign]
        # Admonitions and details peel one line off a block per box and search the rest
        # again: quadratic in the block's length (25 KB of "??? note" lines took 1 s).
        for name in ("admonition", "details"):
            if name in parser.blockprocessors:
                _bound_block_length(parser.blockprocessors[name])
        if "table" in parser.blockprocessors:
            _bound_table_cells(parser.blockprocessors["table"])


# A table pads every row to the header's width: 7 KB (a 1,000-column header over 1,000
# one-cell rows) became 10 MB of HTML in 42 s. A table may have TABLE_COLUMN_LIMIT columns,
# and at most twice as many cells as its text has characters; else it stays text.
TABLE_COLUMN_LIMIT = 100


def _bound_table_cells(processor) -> None:
    test = processor.test

    def bounded_test(parent, block: str) -> bool:
        lines = block.split("\n")
        if len(lines) < 2:
            return False
        columns = lines[1].strip().strip("|").count("|") + 1
        if columns > TABLE_COLUMN_LIMIT or columns * len(lines) > 2 * len(block) + 100:
            return False
        return test(parent, block)

    processor.test = bounded_test


def _bound_block_length(processor) -> None:
    test = processor.test

    def bounded_test(parent, block: str) -> bool:
        return len(block) <= BOX_BLOCK_LIMIT and test(parent, block)

    processor.test = bounded_test
