"""A line diff of two attempts' text, as escaped HTML rows with <del>/<ins>."""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class DiffLine:
    kind: str         # "same", "removed", "added", "gap"
    old_number: int | None
    new_number: int | None
    html: Markup      # the line, escaped; changed words wrapped in <del>/<ins>


# difflib's matcher costs at least (and on repetitive input much more than) the product of
# the two lengths: 8,000 repeated lines took 18 s, one changed line of 25,000 words 167 s.
# Longer inputs get a coarser diff instead of a slow one.
LINE_WORK_LIMIT = 250_000   # lines of the old middle part times lines of the new one
WORD_WORK_LIMIT = 40_000    # words of the old line times words of the new one


class _BoundedMatcher(difflib.SequenceMatcher):
    """Opcodes for two lists of lines: the common start and end are found in linear time;
    the changed middle is matched line by line only while that stays within LINE_WORK_LIMIT,
    else it is shown as replaced as a whole."""

    def get_opcodes(self) -> list[tuple[str, int, int, int, int]]:
        old, new = self.a, self.b
        start = 0
        while start < min(len(old), len(new)) and old[start] == new[start]:
            start += 1
        end = 0
        while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
            end += 1
        old_end, new_end = len(old) - end, len(new) - end
        codes = [("equal", 0, start, 0, start)] if start else []
        if (old_end - start) * (new_end - start) <= LINE_WORK_LIMIT:
            inner = difflib.SequenceMatcher(None, old[start:old_end], new[start:new_end], autojunk=False)
            codes += [(op, i1 + start, i2 + start, j1 + start, j2 + start)
                      for op, i1, i2, j1, j2 in inner.get_opcodes()]
        elif old_end > start or new_end > start:
            op = "replace" if old_end > start and new_end > start else "delete" if old_end > start else "insert"
            codes.append((op, start, old_end, start, new_end))
        if end:
            codes.append(("equal", old_end, len(old), new_end, len(new)))
        merged: list[tuple[str, int, int, int, int]] = []
        for code in codes:
            if merged and code[0] == merged[-1][0] == "equal":
                merged[-1] = ("equal", merged[-1][1], code[2], merged[-1][3], code[4])
            else:
                merged.append(code)
        return merged or [("equal", 0, 0, 0, 0)]


def _inline(old: str, new: str) -> tuple[Markup, Markup]:
    """Mark the changed words inside a changed line pair (whole lines when they are long)."""
    old_words, new_words = old.split(" "), new.split(" ")
    if len(old_words) * len(new_words) > WORD_WORK_LIMIT:
        return Markup("<del>%s</del>") % old, Markup("<ins>%s</ins>") % new
    old_out, new_out = [], []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part = escape(" ".join(old_words[i1:i2]))
        new_part = escape(" ".join(new_words[j1:j2]))
        if op == "equal":
            old_out.append(old_part)
            new_out.append(new_part)
            continue
        if i2 > i1:
            old_out.append(Markup("<del>%s</del>") % old_part)
        if j2 > j1:
            new_out.append(Markup("<ins>%s</ins>") % new_part)
    return Markup(" ").join(old_out), Markup(" ").join(new_out)


def text_diff(old: str, new: str, context: int = 3) -> list[DiffLine]:
    """Unified diff lines (with ``gap`` rows between hunks); empty when the texts are equal."""
    old_lines, new_lines = (old or "").splitlines(), (new or "").splitlines()
    if old_lines == new_lines:
        return []
    matcher = _BoundedMatcher(None, old_lines, new_lines, autojunk=False)
    rows: list[DiffLine] = []
    for group_index, group in enumerate(matcher.get_grouped_opcodes(context)):
        if group_index:
            rows.append(DiffLine("gap", None, None, Markup("…")))
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                rows += [DiffLine("same", i1 + k + 1, j1 + k + 1, escape(old_lines[i1 + k])) for k in range(i2 - i1)]
                continue
            paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
            removed, added = [], []
            for k in range(i2 - i1):
                line = old_lines[i1 + k]
                html = _inline(line, new_lines[j1 + k])[0] if k < paired else Markup("<del>%s</del>") % line
                removed.append(DiffLine("removed", i1 + k + 1, None, html))
            for k in range(j2 - j1):
                line = new_lines[j1 + k]
                html = _inline(old_lines[i1 + k], line)[1] if k < paired else Markup("<ins>%s</ins>") % line
                added.append(DiffLine("added", None, j1 + k + 1, html))
            rows += removed + added
    return rows
