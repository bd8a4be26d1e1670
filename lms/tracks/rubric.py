"""Assignment rubrics: their normal form and their maximum score (pure; reviews use it too).

Normal form, as stored in ``Lesson.spec["rubric"]``::

    [{"name": str, "description": str,
      "levels": [{"label": str, "points": int, "description": str}, ...]}]   # points descending
"""
from __future__ import annotations

from flask_babel import gettext

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
                                gettext("%(key)s must be a criterion with name and levels", key=f"{key}[{index}]"))
            continue
        name = item.text("name")
        label = (gettext("%(key)s criterion '%(name)s'", key=key, name=name) if name else f"{key}[{index}]")
        if not name:
            fields.report.error(item.line(), gettext("%(key)s has no name", key=f"{key}[{index}]"))
        levels = [level for level in (_read_level(level, label, fields, key, index, n)
                                      for n, level in enumerate(item.items("levels"))) if level]
        if not item.has("levels") or not item.raw("levels"):
            fields.report.error(item.line("levels") if item.has("levels") else item.line(),
                                gettext("%(criterion)s has no levels", criterion=label))
        item.warn_unknown({"name", "description", "levels"})
        rubric.append({"name": name or f"Criterion {index + 1}", "description": item.text("description"),
                       "levels": sort_levels(levels)})
    return rubric


def _read_level(level, label: str, fields: Fields, key: str, criterion: int, index: int) -> dict | None:
    if not isinstance(level, Fields):
        fields.report.error(fields.line(key, criterion, "levels", index),
                            gettext("%(criterion)s: level %(number)s must have a label and points",
                                    criterion=label, number=index + 1))
        return None
    points = level.integer("points", what=gettext("a whole number of points"))
    text = level.text("label")
    if not level.has("points"):
        fields.report.error(level.line(), gettext("%(criterion)s: level %(number)s has no points",
                                                  criterion=label, number=index + 1))
    if not text:
        fields.report.error(level.line(), gettext("%(criterion)s: level %(number)s has no label",
                                                  criterion=label, number=index + 1))
    level.warn_unknown({"label", "points", "description"})
    if points is None:
        return None
    return {"label": text or f"{points} points", "points": points, "description": level.text("description")}
