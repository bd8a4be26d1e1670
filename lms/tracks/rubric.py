"""Assignment rubrics: their normal form and their maximum score (pure; reviews use it too).

Normal form, as stored in ``Lesson.spec["rubric"]``::

    [{"name": str, "description": str,
      "levels": [{"label": str, "points": int, "description": str}, ...]}]   # points descending
"""
from __future__ import annotations

from lms.tracks.fields import Fields


def rubric_max_points(rubric: list[dict]) -> int:
    """The best possible total: the sum of each criterion's highest level."""
    return sum(max((int(level["points"]) for level in criterion.get("levels", [])), default=0)
               for criterion in rubric or [])


def sort_levels(levels: list[dict]) -> list[dict]:
    """Levels from the most points to the fewest (stable for equal points)."""
    return sorted(levels, key=lambda level: -level["points"])


def read_rubric(fields: Fields, key: str = "rubric") -> list[dict]:
    """Validate and normalise the ``rubric`` key (or another key of the same shape, such as
    ``peer_rubric``); problems go to the fields' report."""
    rubric: list[dict] = []
    for index, item in enumerate(fields.items(key)):
        if not isinstance(item, Fields):
            fields.report.error(fields.line(key, index),
                                f"{key}[{index}] must be a criterion with name and levels")
            continue
        name = item.text("name")
        label = f"{key} criterion '{name}'" if name else f"{key}[{index}]"
        if not name:
            fields.report.error(item.line(), f"{key}[{index}] has no name")
        levels = [level for level in (_read_level(level, label, fields, key, index, n)
                                      for n, level in enumerate(item.items("levels"))) if level]
        if not item.has("levels") or not item.raw("levels"):
            fields.report.error(item.line("levels") if item.has("levels") else item.line(), f"{label} has no levels")
        item.warn_unknown({"name", "description", "levels"})
        rubric.append({"name": name or f"Criterion {index + 1}", "description": item.text("description"),
                       "levels": sort_levels(levels)})
    return rubric


def _read_level(level, label: str, fields: Fields, key: str, criterion: int, index: int) -> dict | None:
    if not isinstance(level, Fields):
        fields.report.error(fields.line(key, criterion, "levels", index),
                            f"{label}: level {index + 1} must have a label and points")
        return None
    points = level.integer("points", what="a whole number of points")
    text = level.text("label")
    if not level.has("points"):
        fields.report.error(level.line(), f"{label}: level {index + 1} has no points")
    if not text:
        fields.report.error(level.line(), f"{label}: level {index + 1} has no label")
    level.warn_unknown({"label", "points", "description"})
    if points is None:
        return None
    return {"label": text or f"{points} points", "points": points, "description": level.text("description")}
