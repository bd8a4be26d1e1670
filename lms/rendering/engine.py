"""Configured Python-Markdown instances, reused per thread.

Building an instance costs about as much as rendering a short comment (~0.3 ms),
so each thread keeps a small free list of instances per flavour and calls
``reset()`` between documents. A nested render in the same thread (which nothing
does today) would simply get a fresh instance.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode

from .bounds import BoundedCodeSpans, BoundedInlineText, BoundedLinks, BoundedNesting
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


def build(flavour: Flavour) -> Markdown:
    extensions: list[str | Extension] = [*_BASE_EXTENSIONS, FencedDivExtension(), BoundedLinks(),
                                         BoundedCodeSpans(), BoundedInlineText(), BoundedNesting()]
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
