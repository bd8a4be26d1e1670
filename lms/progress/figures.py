"""The formulas behind every progress figure, so each is written once.

Pure: plain numbers in, plain numbers out. ``lms.progress.records`` feeds them.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from lms.tracks.models import LessonKind


def percent(done: int, total: int) -> int:
    """Whole percent done, rounded down: 100 only when everything is done."""
    return done * 100 // total if total else 0


def average_percent(percents: Iterable[int]) -> int:
    """The mean of several learners' percents, rounded to the nearest whole percent."""
    values = list(percents)
    return round(sum(values) / len(values)) if values else 0


@dataclass(frozen=True)
class Counts:
    """Done and total per kind of item (lessons read, quizzes passed, assignments approved)."""

    lessons_done: int = 0
    lessons_total: int = 0
    quizzes_passed: int = 0
    quizzes_total: int = 0
    assignments_approved: int = 0
    assignments_total: int = 0

    @property
    def done(self) -> int:
        return self.lessons_done + self.quizzes_passed + self.assignments_approved

    @property
    def total(self) -> int:
        return self.lessons_total + self.quizzes_total + self.assignments_total

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)


def counts(items: Iterable[tuple[LessonKind, bool]]) -> Counts:
    """Counts from (kind, done) pairs."""
    tally = {kind: [0, 0] for kind in LessonKind}
    for kind, done in items:
        tally[kind][1] += 1
        tally[kind][0] += bool(done)
    return Counts(*tally[LessonKind.LESSON], *tally[LessonKind.QUIZ], *tally[LessonKind.ASSIGNMENT])


def daily_average(starts_on: date, until: date,
                  learners: Sequence[tuple[int, Iterable[date]]]) -> list[tuple[date, float]]:
    """The average percent at the end of each day from ``starts_on`` to ``until``.

    ``learners`` gives each learner's item total and the (local) dates their items were
    done. Each day applies :func:`percent` per learner and :func:`average_percent` over
    them, so the last point equals the cohort page's average.
    """
    until = max(until, starts_on)
    done_on = [(total, sorted(dates)) for total, dates in learners]
    series = []
    for offset in range((until - starts_on).days + 1):
        day = starts_on + timedelta(days=offset)
        series.append((day, float(average_percent(percent(bisect_right(dates, day), total)
                                                  for total, dates in done_on))))
    return series
