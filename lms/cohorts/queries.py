"""What the cohort pages show, loaded in a fixed number of queries however many learners."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from lms.auth.models import User
from lms.cohorts import schedule
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole, EnrollmentStatus, MentorAssignment
from lms.cohorts.services import deadline_overrides
from lms.database import alias
from lms.extensions import db
from lms.tracks.models import Lesson, LessonKind
from lms.tracks.queries import current_lessons

# The learners a cohort counts everywhere ("12 / 20 learners"): those holding a seat.
COUNTED_LEARNERS = (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED)


def learner_counts(cohort_ids=None) -> dict[int, int]:
    """cohort id -> learners holding a seat (active or completed); every cohort when ``cohort_ids`` is None."""
    query = (select(Enrollment.cohort_id, func.count(Enrollment.id))
             .where(Enrollment.role == EnrollmentRole.LEARNER, Enrollment.status.in_(COUNTED_LEARNERS))
             .group_by(Enrollment.cohort_id))
    if cohort_ids is not None:
        query = query.where(Enrollment.cohort_id.in_(list(cohort_ids)))
    return dict(db.session.execute(query).all())


def learners_per_track() -> dict[int, int]:
    """track id -> people who were ever learners in one of its cohorts (each counted once)."""
    return dict(db.session.execute(
        select(Cohort.track_id, func.count(func.distinct(Enrollment.user_id)))
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.role == EnrollmentRole.LEARNER).group_by(Cohort.track_id)).all())


def cohort_list() -> list[tuple[Cohort, int, int]]:
    """Every cohort with its learner count (the rule of :func:`learner_counts`) and active
    mentors, newest start first: two queries."""
    learners: dict[int, int] = {}
    mentors: dict[int, int] = {}
    for cohort_id, role, status, count in db.session.execute(
            select(Enrollment.cohort_id, Enrollment.role, Enrollment.status, func.count(Enrollment.id))
            .group_by(Enrollment.cohort_id, Enrollment.role, Enrollment.status)):
        if role == EnrollmentRole.LEARNER and status in COUNTED_LEARNERS:
            learners[cohort_id] = learners.get(cohort_id, 0) + count
        elif role == EnrollmentRole.MENTOR and status == EnrollmentStatus.ACTIVE:
            mentors[cohort_id] = mentors.get(cohort_id, 0) + count
    cohorts = db.session.scalars(select(Cohort).options(joinedload(Cohort.track))
                                 .order_by(Cohort.starts_on.desc(), Cohort.id.desc())).all()
    return [(c, learners.get(c.id, 0), mentors.get(c.id, 0)) for c in cohorts]


def cohort_deadlines(cohort: Cohort, lessons: list[Lesson] | None = None) -> list[schedule.Deadline]:
    lessons = current_lessons([cohort.track_id]) if lessons is None else lessons
    overrides = {lesson_id: due for (_, lesson_id), due in deadline_overrides([cohort.id]).items()}
    return schedule.deadlines(cohort, lessons, overrides)


def enrollments(cohort: Cohort, role: EnrollmentRole | None = None, *, page: int | None = None,
                per_page: int = 0) -> list[tuple[Enrollment, User, User | None]]:
    """The cohort's enrolments (of ``role``, all when None) with their user and primary mentor,
    by name; only page ``page`` (from 1) of ``per_page`` when a page is given."""
    mentor = alias(User, "cohort_people_mentor")
    query = _people_by_name(select(Enrollment, User, mentor), cohort, role, mentor)
    if page is not None:
        query = query.limit(per_page).offset((page - 1) * per_page)
    return db.session.execute(query).all()


def enrollment_rows(cohort: Cohort, role: EnrollmentRole | None = None) -> list:
    """Like ``enrollments`` for exports and large pages: only the columns they read, as plain rows
    (``id``, ``user_id``, ``cohort_id``, ``role``, ``status``, ``enrolled_at``, ``mentor_id``,
    ``max_mentees``, ``name``, ``email``, ``mentor_name``), by name. No ORM objects: a 5,000-learner
    cohort reads in a tenth of the time."""
    mentor = alias(User, "cohort_rows_mentor")
    columns = select(Enrollment.id, Enrollment.user_id, Enrollment.cohort_id, Enrollment.role, Enrollment.status,
                     Enrollment.enrolled_at, Enrollment.mentor_id, Enrollment.max_mentees, User.name, User.email,
                     mentor.name.label("mentor_name"))
    return db.session.execute(_people_by_name(columns, cohort, role, mentor)).all()


def _people_by_name(query, cohort: Cohort, role: EnrollmentRole | None, mentor):
    """``query`` over the cohort's enrolments (of ``role``) with their person and primary mentor, by name."""
    query = (query.join(User, User.id == Enrollment.user_id)
             .outerjoin(mentor, mentor.id == Enrollment.mentor_id)
             .where(Enrollment.cohort_id == cohort.id)
             .order_by(func.lower(User.name), User.id))
    return query if role is None else query.where(Enrollment.role == role)


LEARNERS_PER_PAGE = 50


@dataclass(frozen=True)
class PeoplePage:
    learners: list  # (Enrollment, User, mentor User | None) of this page
    mentors: list  # every mentor's row: a cohort has few
    history: dict[int, list[MentorAssignment]]  # learner enrolment id -> mentor history, newest first
    learner_total: int
    page: int
    pages: int


def people(cohort: Cohort, page: int = 1) -> PeoplePage:
    """The people page: one page of learners with their mentor history, and every mentor; five queries."""
    total = db.session.scalar(select(func.count(Enrollment.id)).where(
        Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.LEARNER)) or 0
    pages = max(1, -(-total // LEARNERS_PER_PAGE))
    page = min(max(page, 1), pages)
    learners = enrollments(cohort, EnrollmentRole.LEARNER, page=page, per_page=LEARNERS_PER_PAGE)
    history: dict[int, list[MentorAssignment]] = {}
    if learners:
        for item in db.session.scalars(
                select(MentorAssignment)
                .where(MentorAssignment.enrollment_id.in_([enrollment.id for enrollment, _, _ in learners]))
                .options(joinedload(MentorAssignment.mentor), joinedload(MentorAssignment.assigned_by))
                .order_by(MentorAssignment.assigned_at.desc(), MentorAssignment.id.desc())):
            history.setdefault(item.enrollment_id, []).append(item)
    return PeoplePage(learners, enrollments(cohort, EnrollmentRole.MENTOR), history, total, page, pages)


def assignments(lessons: list[Lesson]) -> list[Lesson]:
    return [lesson for lesson in lessons if lesson.kind == LessonKind.ASSIGNMENT]
