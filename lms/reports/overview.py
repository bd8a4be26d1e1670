"""The admin's and mentors' cohort page: every learner's progress, who is at risk and why,
mentor load and the progress chart, in a fixed number of queries however many learners.

Every figure comes from ``lms.progress`` (records and formulas) and the learner count from
``lms.cohorts.queries.COUNTED_LEARNERS`` (the rule of ``learner_counts``), so this page
agrees with every other page and export.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

from flask_babel import ngettext
from sqlalchemy.engine import Row

from lms.cohorts import schedule
from lms.cohorts.models import Cohort, EnrollmentRole, EnrollmentStatus
from lms.cohorts.queries import COUNTED_LEARNERS, cohort_deadlines, enrollment_rows
from lms.progress import figures, records
from lms.progress.records import EnrolmentProgress
from lms.tracks.models import Lesson
from lms.tracks.queries import current_lessons

PAGE_SIZE = 50


@dataclass(frozen=True)
class Risk:
    """Why an active learner needs attention: quiet for ``quiet_days`` (``None``: not too quiet),
    having done something before or not, and the deadlines passed without their work."""
    quiet_days: int | None
    had_activity: bool
    overdue: tuple[schedule.Deadline, ...]

    def __bool__(self) -> bool:
        return self.quiet_days is not None or bool(self.overdue)

    def reasons(self) -> list[str]:
        reasons = []
        if self.quiet_days is not None:
            days = self.quiet_days
            reasons.append(ngettext("no activity for %(num)d day", "no activity for %(num)d days", days)
                           if self.had_activity
                           else ngettext("no activity yet (%(num)d day)", "no activity yet (%(num)d days)", days))
        if self.overdue:
            titles = ", ".join(d.title for d in self.overdue[:3]) + ("…" if len(self.overdue) > 3 else "")
            reasons.append(ngettext("%(num)d overdue: %(titles)s", "%(num)d overdue: %(titles)s", len(self.overdue),
                                    titles=titles))
        return reasons


@dataclass
class LearnerRow:
    """A learner of the page: ``enrollment`` is a plain row of ``enrollment_rows`` (``status``,
    ``enrolled_at``, ``name``, ``mentor_name``...), not an ORM object: the page reads hundreds."""
    enrollment: Row
    progress: EnrolmentProgress
    risk: Risk | None = None

    @property
    def name(self) -> str:
        return self.enrollment.name

    @property
    def mentor_name(self) -> str | None:
        return self.enrollment.mentor_name

    @cached_property
    def at_risk_reasons(self) -> list[str]:
        """The reasons in words: made only for the rows a page shows."""
        return self.risk.reasons() if self.risk else []


@dataclass
class MentorLoad:
    enrollment: Row  # a plain row of ``enrollment_rows``
    mentees: int

    @property
    def name(self) -> str:
        return self.enrollment.name

    @property
    def percent_of_max(self) -> int:
        maximum = self.enrollment.max_mentees
        if not maximum:
            return 0
        return min(100, round(100 * self.mentees / maximum))


@dataclass
class CohortOverview:
    cohort: Cohort
    lessons: list[Lesson]
    deadlines: list[schedule.Deadline]
    learners: list[LearnerRow]       # every learner enrolment, by name
    mentors: list[MentorLoad]
    page: int
    pages: int
    page_rows: list[LearnerRow]
    at_risk: list[LearnerRow]
    learner_count: int
    average_percent: int
    completed: int


def counted(rows: list[LearnerRow]) -> list[LearnerRow]:
    """The learners every figure of the cohort is over: those holding a seat."""
    return [row for row in rows if row.enrollment.status in COUNTED_LEARNERS]


def risk_of(row: LearnerRow, cohort: Cohort, deadlines: list[schedule.Deadline],
            now: datetime, inactive_days: int) -> Risk | None:
    """Whether an active learner needs attention: quiet for too long, or work overdue."""
    if row.enrollment.status != EnrollmentStatus.ACTIVE:
        return None
    started = datetime.combine(cohort.starts_on, datetime.min.time(), tzinfo=now.tzinfo)
    # Activity in this enrolment only: credited work from an earlier cohort is not activity here.
    since = row.progress.last_activity or max(row.enrollment.enrolled_at, started)
    quiet = (now - since).days if now - since > timedelta(days=inactive_days) else None
    overdue = tuple(d for d in deadlines if d.is_overdue(now) and not row.progress.is_done(d.lesson_id)
                    and not row.progress.handed_in(d.lesson_id))
    risk = Risk(quiet, row.progress.last_activity is not None, overdue)
    return risk if risk else None


def cohort_overview(cohort: Cohort, *, page: int, now: datetime, inactive_days: int) -> CohortOverview:
    lessons = current_lessons([cohort.track_id])
    deadlines = cohort_deadlines(cohort, lessons)
    rows = enrollment_rows(cohort)
    progress = records.for_cohort(cohort, lessons, enrollments=rows)
    learners = [LearnerRow(row, progress[row.id]) for row in rows if row.role == EnrollmentRole.LEARNER]
    if cohort.starts_on <= now.date():
        for row in learners:
            row.risk = risk_of(row, cohort, deadlines, now, inactive_days)
    loads: dict[int, int] = {}
    for row in learners:
        if row.enrollment.status == EnrollmentStatus.ACTIVE and row.enrollment.mentor_id:
            loads[row.enrollment.mentor_id] = loads.get(row.enrollment.mentor_id, 0) + 1
    mentors = [MentorLoad(row, loads.get(row.user_id, 0)) for row in rows
               if row.role == EnrollmentRole.MENTOR and row.status == EnrollmentStatus.ACTIVE]
    seated = counted(learners)
    pages = max(1, -(-len(learners) // PAGE_SIZE))
    page = min(max(1, page), pages)
    return CohortOverview(
        cohort=cohort, lessons=lessons, deadlines=deadlines, learners=learners, mentors=mentors,
        page=page, pages=pages, page_rows=learners[(page - 1) * PAGE_SIZE: page * PAGE_SIZE],
        at_risk=[row for row in learners if row.risk],
        learner_count=len(seated),
        average_percent=figures.average_percent(row.progress.percent for row in seated),
        completed=sum(1 for row in seated if row.enrollment.status == EnrollmentStatus.COMPLETED
                      or row.progress.is_complete_by_items),
    )


def daily_average(cohort: Cohort, until: date) -> list[tuple[date, float]]:
    """The cohort's average progress per day since its start, over the learners holding a
    seat: its last point is the page's average progress."""
    rows = enrollment_rows(cohort)
    progress = records.for_cohort(cohort, enrollments=rows)
    seated = [progress[e.id] for e in rows if e.role == EnrollmentRole.LEARNER and e.status in COUNTED_LEARNERS]
    return figures.daily_average(cohort.starts_on, until, [
        (record.total, [schedule.to_local(record.done_at[i], cohort.timezone).date() if i in record.done_at
                        else date.min for i in record.done.intersection(record.lesson_ids)])
        for record in seated])
