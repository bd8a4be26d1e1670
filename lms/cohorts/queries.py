"""What the cohort pages show, loaded in a fixed number of queries however many learners."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, joinedload

from lms.auth.models import User
from lms.cohorts import schedule, sources
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole, EnrollmentStatus, MentorAssignment
from lms.cohorts.progress import LearnerProgress, progress_for, track_lessons
from lms.cohorts.services import deadline_overrides
from lms.extensions import db
from lms.tracks.models import Lesson, LessonKind

PAGE_SIZE = 50

# Assignment statuses that mean the learner handed something in (not overdue any more).
HANDED_IN = {"submitted", "in_review", "approved", "not_passed"}


def cohort_list() -> list[tuple[Cohort, int, int]]:
    """Every cohort with its active learner and mentor counts, newest start first."""
    counts = {}
    for cohort_id, role, count in db.session.execute(
            select(Enrollment.cohort_id, Enrollment.role, func.count(Enrollment.id))
            .where(Enrollment.status == EnrollmentStatus.ACTIVE)
            .group_by(Enrollment.cohort_id, Enrollment.role)):
        counts[(cohort_id, role)] = count
    cohorts = db.session.scalars(select(Cohort).options(joinedload(Cohort.track))
                                 .order_by(Cohort.starts_on.desc(), Cohort.id.desc())).all()
    return [(c, counts.get((c.id, EnrollmentRole.LEARNER), 0), counts.get((c.id, EnrollmentRole.MENTOR), 0))
            for c in cohorts]


def cohort_deadlines(cohort: Cohort, lessons: list[Lesson] | None = None) -> list[schedule.Deadline]:
    lessons = track_lessons([cohort.track_id]) if lessons is None else lessons
    overrides = {lesson_id: due for (_, lesson_id), due in deadline_overrides([cohort.id]).items()}
    return schedule.deadlines(cohort, lessons, overrides)


@dataclass
class LearnerRow:
    enrollment: Enrollment
    user: User
    mentor: User | None
    progress: LearnerProgress
    at_risk_reasons: list[str] = field(default_factory=list)


@dataclass
class MentorLoad:
    enrollment: Enrollment
    user: User
    mentees: int

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
    average_percent: int
    completed: int

    @property
    def active_learners(self) -> list[LearnerRow]:
        return [row for row in self.learners if row.enrollment.status != EnrollmentStatus.WITHDRAWN]


def _enrollments(cohort: Cohort) -> list[tuple[Enrollment, User, User | None]]:
    mentor = aliased(User)
    return db.session.execute(
        select(Enrollment, User, mentor)
        .join(User, User.id == Enrollment.user_id)
        .outerjoin(mentor, mentor.id == Enrollment.mentor_id)
        .where(Enrollment.cohort_id == cohort.id)
        .order_by(func.lower(User.name), User.id)).all()


def _risk_reasons(row: LearnerRow, cohort: Cohort, deadlines: list[schedule.Deadline],
                  now: datetime, inactive_days: int) -> list[str]:
    if row.enrollment.status != EnrollmentStatus.ACTIVE:
        return []
    reasons = []
    since = row.progress.last_activity or max(row.enrollment.enrolled_at,
                                              datetime.combine(cohort.starts_on, datetime.min.time(),
                                                               tzinfo=now.tzinfo))
    if now - since > timedelta(days=inactive_days):
        quiet = (now - since).days
        reasons.append(f"no activity for {quiet} days" if row.progress.last_activity
                       else f"no activity yet ({quiet} days)")
    overdue = [d for d in deadlines if d.is_overdue(now) and d.lesson_id not in row.progress.done
               and sources.status_value(row.progress.assignments.get(d.lesson_id)) not in HANDED_IN]
    if overdue:
        reasons.append(f"{len(overdue)} overdue: " + ", ".join(d.title for d in overdue[:3])
                       + ("…" if len(overdue) > 3 else ""))
    return reasons


def cohort_overview(cohort: Cohort, *, page: int, now: datetime, inactive_days: int) -> CohortOverview:
    lessons = track_lessons([cohort.track_id])
    deadlines = cohort_deadlines(cohort, lessons)
    rows = _enrollments(cohort)
    learner_rows = [(e, u, m) for e, u, m in rows if e.role == EnrollmentRole.LEARNER]
    progress = progress_for(lessons, cohort_id=cohort.id)
    learners = [LearnerRow(e, u, m, progress.get(u.id) or LearnerProgress(user_id=u.id, total=len(lessons)))
                for e, u, m in learner_rows]
    running = cohort.starts_on <= now.date()
    for row in learners:
        row.at_risk_reasons = _risk_reasons(row, cohort, deadlines, now, inactive_days) if running else []
    loads: dict[int, int] = {}
    for row in learners:
        if row.enrollment.status == EnrollmentStatus.ACTIVE and row.enrollment.mentor_id:
            loads[row.enrollment.mentor_id] = loads.get(row.enrollment.mentor_id, 0) + 1
    mentors = [MentorLoad(e, u, loads.get(u.id, 0)) for e, u, _ in rows
               if e.role == EnrollmentRole.MENTOR and e.status == EnrollmentStatus.ACTIVE]
    counted = [row for row in learners if row.enrollment.status != EnrollmentStatus.WITHDRAWN]
    pages = max(1, -(-len(learners) // PAGE_SIZE))
    page = min(max(1, page), pages)
    return CohortOverview(
        cohort=cohort, lessons=lessons, deadlines=deadlines, learners=learners, mentors=mentors,
        page=page, pages=pages, page_rows=learners[(page - 1) * PAGE_SIZE: page * PAGE_SIZE],
        at_risk=[row for row in learners if row.at_risk_reasons],
        average_percent=round(sum(r.progress.percent for r in counted) / len(counted)) if counted else 0,
        completed=sum(1 for r in counted if r.enrollment.status == EnrollmentStatus.COMPLETED
                      or (r.progress.total and r.progress.percent == 100)),
    )


def people(cohort: Cohort) -> tuple[list[tuple[Enrollment, User, User | None]], dict[int, list[MentorAssignment]]]:
    """Every enrolment with its user and mentor, and each learner's mentor history (newest first)."""
    rows = _enrollments(cohort)
    history: dict[int, list[MentorAssignment]] = {}
    for item in db.session.scalars(
            select(MentorAssignment)
            .join(Enrollment, Enrollment.id == MentorAssignment.enrollment_id)
            .where(Enrollment.cohort_id == cohort.id)
            .options(joinedload(MentorAssignment.mentor), joinedload(MentorAssignment.assigned_by))
            .order_by(MentorAssignment.assigned_at.desc(), MentorAssignment.id.desc())):
        history.setdefault(item.enrollment_id, []).append(item)
    return rows, history


def chart_data(cohort: Cohort) -> tuple[int, int, list]:
    """(learners, items, local date of every item done) for the progress chart.

    Counts the cohort's current learners (not withdrawn), so the average is over them.
    """
    lessons = track_lessons([cohort.track_id])
    current = set(db.session.scalars(select(Enrollment.user_id).where(
        Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.LEARNER,
        Enrollment.status != EnrollmentStatus.WITHDRAWN)))
    progress = progress_for(lessons, cohort_id=cohort.id)
    dates = [schedule.to_local(moment, cohort.timezone).date()
             for user_id, learner in progress.items() if user_id in current
             for moment in learner.completed_at.values()]
    return len(current), len(lessons), dates


def assignments(lessons: list[Lesson]) -> list[Lesson]:
    return [lesson for lesson in lessons if lesson.kind == LessonKind.ASSIGNMENT]
