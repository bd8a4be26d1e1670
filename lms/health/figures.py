"""Program health: every figure of the health pages and their CSV, computed once, in bulk.

``program_health(cohorts, now, settings)`` reads the rows of ``lms.health.loading`` (a fixed
number of queries for one cohort or every cohort) and returns a ``Health``: one
``CohortHealth`` per cohort, the totals over them, and one row per mentor. The pages and the
CSV exports both read it, so their numbers agree. docs/health.md says what each one means.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from lms.asks.models import AskState
from lms.cohorts.models import Cohort, EnrollmentStatus
from lms.health import stuck
from lms.health.loading import AskRow, AttemptRow, Rows, load
from lms.health.mentors import MentorHealth, mentor_rows
from lms.health.stats import Waits, hours, share
from lms.submissions.models import SubmissionStatus

# A submission is waiting for a mentor in these statuses (``waiting_since`` is set).
AWAITING_REVIEW = (SubmissionStatus.SUBMITTED, SubmissionStatus.IN_REVIEW)


@dataclass(frozen=True)
class Settings:
    inactive_days: int = 7   # no activity for longer than this: stuck
    many_cycles: int = 3     # this many attempts at one assignment, not yet final: stuck


def settings_from(config) -> Settings:
    """The app's thresholds (``HEALTH_INACTIVE_DAYS``, ``HEALTH_MANY_CYCLES``): every page reads these."""
    return Settings(int(config["HEALTH_INACTIVE_DAYS"]), int(config["HEALTH_MANY_CYCLES"]))


@dataclass(frozen=True)
class Cycles:
    """Attempts per submission of one assignment (or of every assignment)."""

    lesson_id: int | None
    title: str
    submissions: int
    attempts: int
    most: int

    @property
    def mean(self) -> float | None:
        return round(self.attempts / self.submissions, 2) if self.submissions else None

    @classmethod
    def of(cls, lesson_id: int | None, title: str, counts: list[int]) -> Cycles:
        return cls(lesson_id, title, len(counts), sum(counts), max(counts, default=0))


@dataclass
class CohortHealth:
    cohort: Cohort | None          # None: the totals over every cohort
    learners: int = 0              # active learners
    matched: int = 0               # ... with an active primary mentorship
    ask_waits: Waits = Waits()
    review_waits: Waits = Waits()
    asks_past_target: list[AskRow] = field(default_factory=list)
    reviews_past_target: list[AttemptRow] = field(default_factory=list)  # the waiting attempts
    cycles: Cycles = Cycles(None, "every assignment", 0, 0, 0)
    cycles_by_lesson: list[Cycles] = field(default_factory=list)
    stuck: list[stuck.StuckLearner] = field(default_factory=list)

    @property
    def match_rate(self) -> int | None:
        return share(self.matched, self.learners)


@dataclass
class Health:
    cohorts: list[CohortHealth]
    total: CohortHealth
    mentors: list[MentorHealth]
    settings: Settings
    now: datetime


def ask_wait(ask: AskRow, now: datetime) -> tuple[float, bool] | None:
    """Hours to the first response, and whether the ask is still unanswered and open.

    An ask nobody answered yet counts with its wait so far (until now while it is open, until
    it was closed when the learner closed it unanswered).
    """
    if ask.first_response_at is not None:
        return hours(ask.first_response_at - ask.created_at), False
    if ask.state in (AskState.AWAITING_MENTOR, AskState.AWAITING_LEARNER):
        return hours(now - ask.created_at), True
    if ask.resolved_at is not None:
        return hours(ask.resolved_at - ask.created_at), False
    return None


def review_wait(attempt: AttemptRow, now: datetime) -> tuple[float, bool] | None:
    """Hours from hand-in to review; the attempt waiting now counts with its wait so far."""
    if attempt.reviewed_at is not None:
        return hours(attempt.reviewed_at - attempt.submitted_at), False
    if attempt.status in AWAITING_REVIEW and attempt.number == attempt.attempt_count:
        return hours(now - attempt.submitted_at), True
    return None  # never reviewed and no longer waiting (closed with the cohort)


def ask_past_target(ask: AskRow, cohort: Cohort, now: datetime) -> bool:
    return (ask.state == AskState.AWAITING_MENTOR
            and now - ask.waiting_since > timedelta(hours=cohort.ask_response_hours))


def review_past_target(attempt: AttemptRow, cohort: Cohort, now: datetime) -> bool:
    return (attempt.status in AWAITING_REVIEW and attempt.number == attempt.attempt_count
            and attempt.waiting_since is not None
            and now - attempt.waiting_since > timedelta(hours=cohort.review_turnaround_hours))


def program_health(cohorts: list[Cohort], now: datetime, settings: Settings = Settings(), *,
                   one_cohort: bool = False) -> Health:
    """The figures of ``cohorts``; with ``one_cohort`` (a cohort's page) mentors' load is read in that cohort,
    else across every cohort."""
    if not cohorts:
        return Health([], CohortHealth(None), [], settings, now)
    rows = load(cohorts)
    by_cohort = {c.id: CohortHealth(c) for c in cohorts}
    _count_learners(rows, by_cohort)
    asks, attempts = defaultdict(list), defaultdict(list)
    for ask in rows.asks:
        asks[ask.cohort_id].append(ask)
    for attempt in rows.attempts:
        attempts[attempt.cohort_id].append(attempt)
    for cohort_id, health in by_cohort.items():
        _fill(health, asks[cohort_id], attempts[cohort_id], rows, now)
    stuck.find(rows, by_cohort, now, settings, {c: _past_target(h) for c, h in by_cohort.items()})
    total = _total(list(by_cohort.values()), rows, now)
    return Health(list(by_cohort.values()), total, mentor_rows(rows, single=one_cohort),
                  settings, now)


def _count_learners(rows: Rows, by_cohort: dict[int, CohortHealth]) -> None:
    for enrollment, _ in rows.learners:
        if enrollment.status == EnrollmentStatus.ACTIVE:
            health = by_cohort[enrollment.cohort_id]
            health.learners += 1
            health.matched += enrollment.id in rows.matched


def _fill(health: CohortHealth, asks: list[AskRow], attempts: list[AttemptRow], rows: Rows, now: datetime) -> None:
    cohort = health.cohort
    health.ask_waits = Waits.of(w for w in (ask_wait(a, now) for a in asks) if w is not None)
    health.review_waits = Waits.of(w for w in (review_wait(a, now) for a in attempts) if w is not None)
    health.asks_past_target = [a for a in asks if ask_past_target(a, cohort, now)]
    health.reviews_past_target = [a for a in attempts if review_past_target(a, cohort, now)]
    per_lesson: dict[int, list[int]] = defaultdict(list)
    for attempt in _latest(attempts, rows):
        per_lesson[attempt.lesson_id].append(attempt.attempt_count)
    ordered = [lesson for lesson in rows.lessons.values() if lesson.id in per_lesson]
    health.cycles_by_lesson = [Cycles.of(lesson.id, lesson.title, per_lesson[lesson.id]) for lesson in ordered]
    counts = [n for c in health.cycles_by_lesson for n in per_lesson[c.lesson_id]]
    health.cycles = Cycles.of(None, "every assignment", counts)


def _latest(attempts: list[AttemptRow], rows: Rows) -> list[AttemptRow]:
    """One row per submission of a current assignment (its attempt count is the submission's)."""
    return list({a.submission_id: a for a in attempts if a.lesson_id in rows.lessons}.values())


def _past_target(health: CohortHealth) -> tuple[list[AskRow], list[AttemptRow]]:
    return health.asks_past_target, health.reviews_past_target


def _total(cohorts: list[CohortHealth], rows: Rows, now: datetime) -> CohortHealth:
    total = CohortHealth(None, learners=sum(h.learners for h in cohorts), matched=sum(h.matched for h in cohorts))
    total.ask_waits = Waits.of(w for w in (ask_wait(a, now) for a in rows.asks) if w is not None)
    total.review_waits = Waits.of(w for w in (review_wait(a, now) for a in rows.attempts) if w is not None)
    total.asks_past_target = [a for h in cohorts for a in h.asks_past_target]
    total.reviews_past_target = [a for h in cohorts for a in h.reviews_past_target]
    total.cycles = Cycles.of(None, "every assignment", [a.attempt_count for a in _latest(rows.attempts, rows)])
    total.stuck = [s for h in cohorts for s in h.stuck]
    return total
