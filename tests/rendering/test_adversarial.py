"""Adversarial Markdown renders with bounded work: Hypothesis builds the shapes that were
super-linear (runs of emphasis markers and backticks, bracket and reference storms, deep
nesting, sibling boxes, wide and padded tables) and checks the renderer's work counters,
the size of its output and the sanitiser's guarantees. No wall clock: bench/render.py
prints the times."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from markdown.treeprocessors import InlineProcessor

from lms.rendering import bounds, render_lesson, render_user_markdown

from .test_xss import _assert_rendered_safe

UNITS = [
    "*", "**", "_", "__", "*a", "_a ", "**a", "a*b_", "`", "``a`", "`a", "[", "![[", "[a](", "](", "[^",
    "[^1] ", "[r] ", "[r]: /x\n", "\\", "<", "<a ", "&#", "<http://", "> ", "- ", "1. ", "- [ ] ",
    "    ", "\n", "\n\n", "!!! note\n    ", "??? note\n    ", "::: callout\n", ":::\n", "```\n", "~~~\n",
    "| a ", "|-", "|\n", "# ", "[TOC]\n",
]


def _table(columns: int, rows: int) -> str:
    return "|" + "a|" * columns + "\n|" + "-|" * columns + "\n" + "|b\n" * rows


shapes = st.one_of(
    # A run of one unit, or of a few units in turn.
    st.builds(lambda units, count: "".join(units) * count,
              st.lists(st.sampled_from(UNITS), min_size=1, max_size=3), st.integers(1, 4000)),
    # Deep nesting of quotes, lists or boxes around a little text.
    st.builds(lambda prefix, depth, tail: prefix * depth + tail,
              st.sampled_from(["> ", "- ", "1. ", "    ", ">- ", "* > "]), st.integers(1, 3000),
              st.sampled_from(["deep *text*", "[a](b)", "`x`", "!!! note"])),
    st.builds(lambda box, depth: "".join("    " * n + box + "\n" for n in range(depth)),
              st.sampled_from(["!!! note", "??? note", "- item"]), st.integers(1, 200)),
    # Reference and footnote storms.
    st.builds(lambda n: "".join(f"[r{i}]: /x/{i}\n" for i in range(n)) + "".join(f"[r{i}] " for i in range(n)),
              st.integers(1, 1500)),
    st.builds(lambda n: "".join(f"[^{i}] " for i in range(n)) + "".join(f"\n[^{i}]: x" for i in range(n)),
              st.integers(1, 800)),
    # Wide tables, and tables padded far beyond their text.
    st.builds(_table, st.integers(1, 1500), st.integers(0, 1500)),
)


_BLOCK_TAG = re.compile(r"<(/?)(blockquote|ul|ol|details|div)\b")


def _block_depth(html: str) -> int:
    depth = deepest = 0
    for match in _BLOCK_TAG.finditer(html):
        depth += -1 if match.group(1) else 1
        deepest = max(deepest, depth)
    return deepest


@pytest.fixture
def inline_work(monkeypatch):
    """Lengths of the strings the inline stage handled (its work is quadratic in each)."""
    lengths: list[int] = []
    handle = InlineProcessor._InlineProcessor__handleInline

    def recording(self, data, pattern_index=0):
        lengths.append(len(data))
        return handle(self, data, pattern_index)

    monkeypatch.setattr(InlineProcessor, "_InlineProcessor__handleInline", recording)
    return lengths


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(text=shapes)
def test_adversarial_shapes_render_with_bounded_work_and_stay_safe(inline_work, text):
    inline_work.clear()
    html = render_user_markdown(text)
    _assert_rendered_safe(html)
    assert len(html) <= 40 * len(text) + 2000, "output grows with the input, not faster"
    assert max(inline_work, default=0) <= 4 * bounds.INLINE_CHUNK, "the inline stage sees bounded pieces"
    assert _block_depth(html) <= bounds.BLOCK_DEPTH_LIMIT + 2, "nesting is parsed to a bounded depth"
    lesson = render_lesson(text)
    _assert_rendered_safe(lesson.html)
    assert len(lesson.html) <= 40 * len(text) + 2000
