"""Configured Python-Markdown instances, reused per thread.

Building an instance costs about as much as rendering a short comment (~0.3 ms),
so each thread keeps a small free list of instances per flavour and calls
``reset()`` between documents. A nested render in the same thread (which nothing
does today) would simply get a fresh instance.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.inlinepatterns import LinkInlineProcessor, ReferenceInlineProcessor

from .fenced_divs import FencedDivExtension

Flavour = Literal["lesson", "user"]

_BASE_EXTENSIONS: list[str | Extension] = [
    "pymdownx.highlight",
    "pymdownx.superfences",
    "tables",
    "admonition",
    "pymdownx.details",
    "pymdownx.tasklist",
    "footnotes",
    "sane_lists",
]

_BASE_CONFIG: dict[str, dict[str, object]] = {
    "pymdownx.highlight": {
        "use_pygments": True,
        "noclasses": False,          # CSS classes, styled by content.css
        "css_class": "highlight",
        "guess_lang": False,
        "pygments_lang_class": True,  # adds language-xxx to the wrapper
    },
    "tables": {"use_align_attribute": True},  # align="", not style=""
    "footnotes": {"UNIQUE_IDS": False},
}


def _slugify(value: str, separator: str) -> str:
    return slugify_unicode(value, separator) or "section"


class EscapeRawHtml(Extension):
    """Treat raw HTML as text: ``<b>`` shows as ``&lt;b&gt;`` (used for user-written text)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


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


def build(flavour: Flavour) -> Markdown:
    extensions: list[str | Extension] = [*_BASE_EXTENSIONS, FencedDivExtension(), BoundedLinks()]
    config = dict(_BASE_CONFIG)
    if flavour == "lesson":
        extensions.append("toc")
        config["toc"] = {"slugify": _slugify, "permalink": False}
    else:
        extensions.append(EscapeRawHtml())
    return Markdown(extensions=extensions, extension_configs=config, output_format="html")


_local = threading.local()
_POOL_SIZE = 2


@contextmanager
def markdown_instance(flavour: Flavour) -> Iterator[Markdown]:
    """Lend a reset Markdown instance of ``flavour`` for one conversion."""
    pool: list[Markdown] = _local.__dict__.setdefault(flavour, [])
    md = pool.pop() if pool else build(flavour)
    md.reset()
    yield md  # an exception inside discards the instance
    md.reset()
    if len(pool) < _POOL_SIZE:
        pool.append(md)
