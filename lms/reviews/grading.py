"""Rubric grading: pure functions on the rubric as authored and the levels a mentor chose.

The server computes every total; nothing posted by the browser is trusted but the
chosen level index per criterion and the comments.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

from flask_babel import gettext

from lms.tracks.spec import spec_int


class GradingError(ValueError):
    """The chosen levels do not fit the rubric; ``errors`` maps criterion index -> message."""

    def __init__(self, errors: dict[int, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class Grade:
    scores: list[dict]            # per criterion: {"level": int or None (unscored), "points": int, "comment": str}
    total: int
    max_points: int
    pass_points: int | None
    passed: bool = field(default=False)


def snapshot_rubric(spec: dict | None) -> list[dict]:
    """A self-contained copy of the rubric in a lesson's spec, safe to store with a review."""
    rubric = (spec or {}).get("rubric") or []
    snapshot = []
    for criterion in rubric:
        levels = [{"label": str(level.get("label", "")), "points": int(level.get("points", 0)),
                   "description": str(level.get("description", ""))}
                  for level in criterion.get("levels") or []]
        snapshot.append({"name": str(criterion.get("name", "")),
                         "description": str(criterion.get("description", "")),
                         "levels": copy.deepcopy(levels)})
    return snapshot


def pass_points_of(spec: dict | None) -> int | None:
    """``pass_points`` from a lesson's spec; None (anything passes) when absent or malformed."""
    return spec_int(spec, "pass_points")


def max_points(rubric: list[dict]) -> int:
    return sum(max((level["points"] for level in c["levels"]), default=0) for c in rubric)


def grade(rubric: list[dict], chosen: list[int | None], comments: list[str], pass_points: int | None,
          *, partial: bool = False) -> Grade:
    """Score the chosen level of every criterion.

    With ``partial`` (a mentor requesting changes) a criterion may stay unscored: its score
    records ``level: None`` and 0 points, and the grade does not pass. Otherwise every
    criterion needs a level: the pass threshold is on the total of all of them.
    """
    errors: dict[int, str] = {}
    scores = []
    for index, criterion in enumerate(rubric):
        level = chosen[index] if index < len(chosen) else None
        comment = ((comments[index] if index < len(comments) else "") or "").strip()
        if level is None and partial:
            scores.append({"level": None, "points": 0, "comment": comment})
            continue
        if level is None or not 0 <= level < len(criterion["levels"]):
            errors[index] = (gettext("Choose a level for “%(name)s”.", name=criterion["name"])
                             if partial or level is not None else
                             gettext("Choose a level for “%(name)s”: approving or closing the work needs every "
                                     "criterion scored (only “Request changes” may leave some unscored).",
                                     name=criterion["name"]))
            continue
        scores.append({"level": level, "points": criterion["levels"][level]["points"], "comment": comment})
    if errors:
        raise GradingError(errors)
    total = sum(score["points"] for score in scores)
    complete = all(score["level"] is not None for score in scores)
    passed = complete and (pass_points is None or total >= pass_points)
    return Grade(scores=scores, total=total, max_points=max_points(rubric), pass_points=pass_points, passed=passed)


def unscored(scores: list[dict] | None) -> int:
    """How many criteria a stored review left unscored (``level`` None)."""
    return sum(1 for score in scores or [] if isinstance(score, dict) and score.get("level") is None)
