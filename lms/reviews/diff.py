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


def _inline(old: str, new: str) -> tuple[Markup, Markup]:
    """Mark the changed words inside a changed line pair."""
    old_words, new_words = old.split(" "), new.split(" ")
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
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    if matcher.ratio() == 1.0 and old_lines == new_lines:
        return []
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
