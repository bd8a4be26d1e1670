"""What the home page shows a learner and a mentor, in a fixed number of queries."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import exists, func, select

from lms.auth.models import User
from lms.cohorts import schedule
from lms.cohorts.models import CalendarToken, Cohort, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.cohorts.queries import learner_counts
from lms.cohorts.services import deadline_overrides
from lms.database import alias
from lms.extensions import db
from lms.peer.queries import reviews_owed_by
from lms.progress import records
from lms.progress.records import EnrolmentProgress
from lms.reviews.outcomes import recent_feedback_for_learner
from lms.submissions.queries import waiting_summary_for_mentor
from lms.tracks.models import Lesson, Track
from lms.tracks.queries import current_lessons
from lms.tracks.urls import lesson_url
from lms.web import nav_fact

UPCOMING_LIMIT = 8
FEEDBACK_LIMIT = 5
_VISIBLE = (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED, EnrollmentStatus.WITHDRAWN)


@dataclass
class DeadlineItem:
    cohort: Cohort
    deadline: schedule.Deadline
    url: str
    overdue: bool
    handed_in: bool


@dataclass
class LearnerCohort:
    enrollment: Enrollment
    cohort: Cohort
    track: Track
    mentor: User | None
    percent: int
    next_lesson: Lesson | None
    next_url: str | None


@dataclass
class LearnerHome:
    cohorts: list[LearnerCohort] = field(default_factory=list)
    deadlines: list[DeadlineItem] = field(default_factory=list)
    feedback: list = field(default_factory=list)
    calendar_token: str | None = None
    peer_reviews_to_do: int = 0


@dataclass
class MenteeRow:
    enrollment: Enrollment
    user: User
    cohort: Cohort
    percent: int
    last_activity: datetime | None


@dataclass
class MentorCohort:
    enrollment: Enrollment
    cohort: Cohort
    track: Track
    learners: int
    mentees: list[MenteeRow] = field(default_factory=list)


@dataclass
class MentorHome:
    cohorts: list[MentorCohort] = field(default_factory=list)
    waiting_count: int = 0
    oldest_waiting: datetime | None = None

    @property
    def mentees(self) -> list[MenteeRow]:
        return [m for c in self.cohorts for m in c.mentees]


def learns_somewhere(user_id):
    """The person is a learner of a cohort they can still see (SQL of their id)."""
    return exists().where(Enrollment.user_id == user_id, Enrollment.role == EnrollmentRole.LEARNER,
                          Enrollment.status.in_(_VISIBLE))


def mentors_somewhere(user_id):
    """The person actively mentors a cohort (SQL of their id)."""
    return exists().where(Enrollment.user_id == user_id, Enrollment.role == EnrollmentRole.MENTOR,
                          Enrollment.status == EnrollmentStatus.ACTIVE)


def calendar_token_of(user_id):
    """The person's calendar feed token, or NULL (SQL of their id)."""
    return select(CalendarToken.token).where(CalendarToken.user_id == user_id).scalar_subquery()


# Facts about the signed-in person the home page reads in the navigation's one statement
# (``lms.web.add_nav_fact``) instead of one statement each: registered by ``lms.dashboard``.
HOME_FACTS = {"home_learns": learns_somewhere, "home_mentors": mentors_somewhere,
              "home_calendar_token": calendar_token_of, "home_peer_reviews_owed": reviews_owed_by}


def roles_of(user) -> set[EnrollmentRole]:
    """The roles a user has in any cohort they can still see."""
    facts = {EnrollmentRole.LEARNER: "home_learns", EnrollmentRole.MENTOR: "home_mentors"}
    return {role for role, fact in facts.items() if nav_fact(user, fact)}


def _by_track(lessons: list[Lesson]) -> dict[int, list[Lesson]]:
    grouped: dict[int, list[Lesson]] = {}
    for lesson in lessons:
        grouped.setdefault(lesson.track_id, []).append(lesson)
    return grouped


def _next_lesson(lessons: list[Lesson], progress: EnrolmentProgress) -> Lesson | None:
    for lesson in lessons:
        if not progress.is_done(lesson) and not progress.handed_in(lesson):
            return lesson
    return None


def learner_home(user, now: datetime) -> LearnerHome:
    mentor = alias(User, "home_mentor")
    rows = db.session.execute(
        select(Enrollment, Cohort, Track, mentor)
        .join(Cohort, Cohort.id == Enrollment.cohort_id).join(Track, Track.id == Cohort.track_id)
        .outerjoin(mentor, mentor.id == Enrollment.mentor_id)
        .where(Enrollment.user_id == user.id, Enrollment.role == EnrollmentRole.LEARNER,
               Enrollment.status.in_(_VISIBLE))
        .order_by(Cohort.starts_on.desc(), Cohort.id)).all()
    home = LearnerHome()
    if rows:
        lessons = current_lessons({c.track_id for _, c, _, _ in rows})
        per_track = _by_track(lessons)
        progress = records.for_enrollments([e for e, _, _, _ in rows], lessons)
        overrides = deadline_overrides(c.id for _, c, _, _ in rows)
        for enrollment, cohort, track, mentor_user in rows:
            own = per_track.get(track.id, [])
            record = progress[enrollment.id]
            nxt = _next_lesson(own, record)
            home.cohorts.append(LearnerCohort(enrollment, cohort, track, mentor_user, record.percent, nxt,
                                              lesson_url(track.slug, nxt.slug) if nxt else None))
            if enrollment.status != EnrollmentStatus.ACTIVE:
                continue
            slugs = {l.id: l.slug for l in own}
            cohort_overrides = {lid: due for (cid, lid), due in overrides.items() if cid == cohort.id}
            for deadline in schedule.deadlines(cohort, own, cohort_overrides):
                if deadline.due_at is None or record.is_done(deadline.lesson_id):
                    continue
                handed_in = record.handed_in(deadline.lesson_id)
                home.deadlines.append(DeadlineItem(cohort, deadline, lesson_url(track.slug, slugs[deadline.lesson_id]),
                                                   overdue=deadline.is_overdue(now) and not handed_in,
                                                   handed_in=handed_in))
        home.deadlines.sort(key=lambda item: (item.deadline.due_at, item.cohort.id))
        home.peer_reviews_to_do = int(nav_fact(user, "home_peer_reviews_owed") or 0)
        overdue = [d for d in home.deadlines if d.overdue]
        home.deadlines = overdue + [d for d in home.deadlines if not d.overdue and d.deadline.due_at >= now][
            :max(0, UPCOMING_LIMIT - len(overdue))]
        home.feedback = recent_feedback_for_learner(user.id, FEEDBACK_LIMIT)
    home.calendar_token = nav_fact(user, "home_calendar_token")
    return home


def mentor_home(user) -> MentorHome:
    rows = db.session.execute(
        select(Enrollment, Cohort, Track)
        .join(Cohort, Cohort.id == Enrollment.cohort_id).join(Track, Track.id == Cohort.track_id)
        .where(Enrollment.user_id == user.id, Enrollment.role == EnrollmentRole.MENTOR,
               Enrollment.status == EnrollmentStatus.ACTIVE)
        .order_by(Cohort.starts_on.desc(), Cohort.id)).all()
    home = MentorHome()
    if not rows:
        return home
    cohort_ids = [c.id for _, c, _ in rows]
    counts = learner_counts(cohort_ids)
    mentees = db.session.execute(
        select(Enrollment, User).join(User, User.id == Enrollment.user_id)
        .where(Enrollment.cohort_id.in_(cohort_ids), Enrollment.role == EnrollmentRole.LEARNER,
               Enrollment.mentor_id == user.id, Enrollment.status != EnrollmentStatus.WITHDRAWN)
        .order_by(func.lower(User.name), User.id)).all()
    lessons = current_lessons({t.id for _, _, t in rows})
    progress = records.for_enrollments([e for e, _ in mentees], lessons) if mentees else {}
    by_cohort = {c.id: MentorCohort(e, c, t, counts.get(c.id, 0)) for e, c, t in rows}
    for enrollment, learner in mentees:
        entry = by_cohort[enrollment.cohort_id]
        record = progress[enrollment.id]
        entry.mentees.append(MenteeRow(enrollment, learner, entry.cohort, record.percent, record.last_activity))
    home.cohorts = list(by_cohort.values())
    home.waiting_count, home.oldest_waiting = waiting_summary_for_mentor(user.id)
    return home
