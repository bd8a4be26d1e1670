"""A goal's progress, derived from reviewed work: the one place this figure is computed.

For every rubric criterion linked to a goal, the levels the learner's reviewed attempts
reached on it over time (across all their enrolments), the best of them as a percent of
the criterion's top level, and for the goal the best points reached over the top points
of all its linked criteria. Reviews keep the rubric they used (``rubric_snapshot``), so a
review is read with its own levels; criteria are matched by name.

``derive`` is pure; ``plan_progress`` loads the reviews of a whole plan in one query.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from lms.database import as_utc
from lms.extensions import db
from lms.reviews.models import Review
from lms.submissions.models import Submission


@dataclass(frozen=True)
class LevelReached:
    label: str
    points: int
    reviewed_at: datetime


@dataclass(frozen=True)
class ScoredReview:
    """What one review said, as plain data."""

    lesson_id: int
    reviewed_at: datetime
    rubric: list        # the review's rubric_snapshot
    scores: list        # the review's scores, in rubric order


@dataclass(frozen=True)
class CriterionProgress:
    lesson_id: int
    lesson_title: str
    criterion: str
    timeline: tuple[LevelReached, ...]  # oldest first
    top_points: int

    @property
    def best(self) -> LevelReached | None:
        """The highest level reached (the first time it was reached)."""
        best = None
        for level in self.timeline:
            if best is None or level.points > best.points:
                best = level
        return best

    @property
    def best_points(self) -> int:
        return self.best.points if self.best else 0

    @property
    def percent(self) -> int | None:
        if self.top_points <= 0:
            return None
        return min(100, round(100 * self.best_points / self.top_points))


@dataclass(frozen=True)
class GoalProgress:
    criteria: tuple[CriterionProgress, ...]

    @property
    def percent(self) -> int | None:
        """Best points reached over top points, across the linked criteria; None without any."""
        scored = [c for c in self.criteria if c.top_points > 0]
        if not scored:
            return None
        return min(100, round(100 * sum(c.best_points for c in scored) / sum(c.top_points for c in scored)))


def _top_points(levels) -> int:
    return max((int(level.get("points", 0)) for level in levels or [] if isinstance(level, dict)), default=0)


def _criteria_of(rubric) -> dict[str, list]:
    """Criterion name -> its levels, from a rubric (as authored or as snapshotted)."""
    return {str(c.get("name", "")).strip(): c.get("levels") or [] for c in rubric or [] if isinstance(c, dict)}


def levels_reached(reviews: Iterable[ScoredReview]) -> dict[tuple[int, str], list[LevelReached]]:
    """(lesson id, criterion name) -> the levels reached, in the order of ``reviews``."""
    reached: dict[tuple[int, str], list[LevelReached]] = defaultdict(list)
    for review in reviews:
        for index, criterion in enumerate(review.rubric or []):
            score = review.scores[index] if index < len(review.scores or []) else None
            if not isinstance(criterion, dict) or not isinstance(score, dict):
                continue
            levels, level = criterion.get("levels") or [], score.get("level")
            if not isinstance(level, int) or not 0 <= level < len(levels):
                continue
            points = score.get("points", levels[level].get("points", 0))
            reached[(review.lesson_id, str(criterion.get("name", "")).strip())].append(
                LevelReached(str(levels[level].get("label", "")), int(points or 0), review.reviewed_at))
    return reached


def derive(links: Iterable[tuple[int, str, str, dict | None]], reviews: list[ScoredReview]) -> GoalProgress:
    """A goal's progress from its linked criteria — (lesson id, lesson title, criterion,
    lesson spec) — and the learner's reviews, oldest first."""
    reached = levels_reached(reviews)
    latest_rubric: dict[tuple[int, str], list] = {}
    for review in reviews:
        for name, levels in _criteria_of(review.rubric).items():
            latest_rubric[(review.lesson_id, name)] = levels
    criteria = []
    for lesson_id, lesson_title, name, spec in links:
        current = _criteria_of((spec or {}).get("rubric"))
        levels = current.get(name) or latest_rubric.get((lesson_id, name)) or []
        criteria.append(CriterionProgress(lesson_id, lesson_title, name, tuple(reached.get((lesson_id, name), ())),
                                          _top_points(levels)))
    return GoalProgress(tuple(criteria))


def scored_reviews(user_id: int, lesson_ids: Iterable[int]) -> list[ScoredReview]:
    """The learner's reviews of work on ``lesson_ids``, in every enrolment, oldest first: one query."""
    lesson_ids = list(set(lesson_ids))
    if not lesson_ids:
        return []
    rows = db.session.execute(
        select(Submission.lesson_id, Review.created_at, Review.rubric_snapshot, Review.scores)
        .join(Submission, Submission.id == Review.submission_id)
        .where(Submission.user_id == user_id, Submission.lesson_id.in_(lesson_ids))
        .order_by(Review.created_at, Review.id))
    return [ScoredReview(lesson_id, as_utc(created_at), rubric or [], scores or [])
            for lesson_id, created_at, rubric, scores in rows]


def plan_progress(user_id: int, goals) -> dict[int, GoalProgress]:
    """Goal id -> its progress, for goals of one learner whose criteria (with their lessons)
    are loaded; one query for all of them."""
    reviews = scored_reviews(user_id, (link.lesson_id for goal in goals for link in goal.criteria))
    return {goal.id: derive(((link.lesson_id, link.lesson.title, link.criterion, link.lesson.spec)
                             for link in goal.criteria), reviews)
            for goal in goals}
