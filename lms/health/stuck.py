"""Learners stuck, and why: quiet for too long, waiting on someone, or going round in circles.

Only active learners of cohorts that have started count. Activity is anything the learner
did in this enrolment with a moment recorded: a lesson marked done, a quiz attempt, a hand-in
(``lms.progress.records``' ``last_activity``), an ask opened or a reply written in one.
Credited work from an earlier cohort is not activity.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flask_babel import gettext, ngettext

from lms.cohorts.models import CohortStatus, EnrollmentStatus
from lms.health.loading import AskRow, AttemptRow, Rows
from lms.submissions.models import SubmissionStatus

if TYPE_CHECKING:
    from lms.health.figures import CohortHealth, Settings

FINAL = (SubmissionStatus.APPROVED, SubmissionStatus.NOT_PASSED)
INACTIVE, WAITING_REVIEW, WAITING_ASK, CYCLES = "inactive", "waiting_review", "waiting_ask", "cycles"


@dataclass(frozen=True)
class Reason:
    kind: str                     # one of INACTIVE, WAITING_REVIEW, WAITING_ASK, CYCLES
    text: str
    submission_id: int | None = None
    ask_id: int | None = None


@dataclass
class StuckLearner:
    enrollment_id: int
    user_id: int
    name: str
    cohort_id: int
    last_activity: datetime | None
    reasons: list[Reason] = field(default_factory=list)


def find(rows: Rows, by_cohort: dict[int, CohortHealth], now: datetime, settings: Settings,
         waiting: dict[int, tuple[list[AskRow], list[AttemptRow]]]) -> None:
    """Fill each cohort's ``stuck`` list, by name."""
    asks_opened: dict[int, datetime] = {}
    for ask in rows.asks:
        asks_opened[ask.enrollment_id] = max(asks_opened.get(ask.enrollment_id, ask.created_at), ask.created_at)
    cycling: dict[int, list[AttemptRow]] = {}
    for attempt in {a.submission_id: a for a in rows.attempts}.values():
        if attempt.attempt_count >= settings.many_cycles and attempt.status not in FINAL:
            cycling.setdefault(attempt.enrollment_id, []).append(attempt)
    late_asks: dict[int, list[AskRow]] = {}
    late_reviews: dict[int, list[AttemptRow]] = {}
    for asks, attempts in waiting.values():
        for ask in asks:
            late_asks.setdefault(ask.enrollment_id, []).append(ask)
        for attempt in attempts:
            late_reviews.setdefault(attempt.enrollment_id, []).append(attempt)
    for enrollment, name in rows.learners:
        cohort = by_cohort[enrollment.cohort_id].cohort
        if (enrollment.status != EnrollmentStatus.ACTIVE or cohort.status != CohortStatus.RUNNING
                or cohort.starts_on > now.date()):
            continue
        progress = rows.progress.get(enrollment.id)
        moments = [progress.last_activity if progress else None, rows.last_reply.get(enrollment.id),
                   asks_opened.get(enrollment.id)]
        last = max((m for m in moments if m is not None), default=None)
        learner = StuckLearner(enrollment.id, enrollment.user_id, name, cohort.id, last)
        started = datetime.combine(cohort.starts_on, datetime.min.time(), tzinfo=now.tzinfo)
        since = last or max(enrollment.enrolled_at, started)
        if now - since > timedelta(days=settings.inactive_days):
            days = (now - since).days
            learner.reasons.append(Reason(INACTIVE, ngettext("no activity for %(num)d day",
                                                             "no activity for %(num)d days", days) if last
                                          else ngettext("no activity yet (%(num)d day)",
                                                        "no activity yet (%(num)d days)", days)))
        for attempt in late_reviews.get(enrollment.id, []):
            learner.reasons.append(Reason(WAITING_REVIEW, gettext(
                "waiting %(time)s for a review of %(assignment)s", time=_waited(now, attempt.waiting_since),
                assignment=_title(rows, attempt.lesson_id)), submission_id=attempt.submission_id))
        for ask in late_asks.get(enrollment.id, []):
            learner.reasons.append(Reason(WAITING_ASK, gettext(
                "waiting %(time)s for a mentor on the ask “%(title)s”", time=_waited(now, ask.waiting_since),
                title=ask.title), ask_id=ask.id))
        for attempt in cycling.get(enrollment.id, []):
            learner.reasons.append(Reason(CYCLES, ngettext(
                "%(num)d attempt at %(assignment)s", "%(num)d attempts at %(assignment)s", attempt.attempt_count,
                assignment=_title(rows, attempt.lesson_id)), submission_id=attempt.submission_id))
        if learner.reasons:
            by_cohort[cohort.id].stuck.append(learner)


def _title(rows: Rows, lesson_id: int) -> str:
    lesson = rows.lessons.get(lesson_id)
    return lesson.title if lesson is not None else gettext("an archived assignment")


def _waited(now: datetime, since: datetime) -> str:
    waited = now - since
    if waited >= timedelta(days=2):
        return ngettext("%(num)d day", "%(num)d days", waited.days)
    return ngettext("%(num)d hour", "%(num)d hours", int(waited.total_seconds() // 3600))
