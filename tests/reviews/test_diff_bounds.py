"""The review page's diff of two attempts costs work bounded by their length, not its square."""
from __future__ import annotations

import difflib

import pytest

from lms.reviews import diff
from lms.reviews.diff import text_diff


class _Recording(difflib.SequenceMatcher):
    products: list[int] = []

    def set_seqs(self, a, b):
        _Recording.products.append(len(a) * len(b))
        super().set_seqs(a, b)


@pytest.fixture
def matcher_work(monkeypatch):
    _Recording.products = []
    monkeypatch.setattr(diff.difflib, "SequenceMatcher", _Recording)
    return _Recording.products


@pytest.mark.parametrize("old, new", [
    ("x\n" * 8000, "y\n" + "x\n" * 8000),                                       # 18 s before
    ("\n".join("xy"[i % 2] for i in range(8000)), "\n".join("yx"[i % 2] for i in range(8000))),
    (" ".join(str(i % 10) for i in range(25_000)), " ".join(str(i % 7) for i in range(25_000))),  # 167 s
], ids=["repeated-lines", "alternating-lines", "one-long-line"])
def test_big_attempts_are_compared_within_the_work_limits(matcher_work, old, new):
    rows = text_diff(old, new)
    assert rows and all(line.kind in {"same", "removed", "added", "gap"} for line in rows)
    assert max(matcher_work, default=0) <= max(diff.LINE_WORK_LIMIT, diff.WORD_WORK_LIMIT)


def test_small_changes_still_get_a_line_and_word_diff():
    rows = text_diff("intro\nold words here\nend", "intro\nnew words here\nend")
    assert [(row.kind, str(row.html)) for row in rows] == [
        ("same", "intro"), ("removed", "<del>old</del> words here"), ("added", "<ins>new</ins> words here"),
        ("same", "end")]
    assert text_diff("same\ntext", "same\ntext") == []


def test_a_change_in_a_long_text_is_found_between_common_start_and_end():
    old = "".join(f"line {n}\n" for n in range(20_000))
    new = old.replace("line 10000\n", "line ten thousand\n")
    changed = [row for row in text_diff(old, new) if row.kind != "same"]
    assert [(row.kind, row.old_number, row.new_number) for row in changed] == [
        ("removed", 10001, None), ("added", None, 10001)]
