"""What the asks pages read, each in a fixed number of queries however long the thread."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from lms import permissions
from lms.asks.models import Ask, AskFile, AskReply, ReplyKind
from lms.auth.models import User
from lms.cohorts.models import Enrollment, EnrollmentRole, EnrollmentStatus, Mentorship
from lms.extensions import db
from lms.submissions.models import Submission
from lms.tracks.models import Lesson

PAGE_SIZE = 50
THANKS_PER_MENTOR = 3


def load_ask(ask_id: int) -> Ask | None:
    """The ask with what every page about it shows (learner, mentor, cohort, enrolment, lesson)."""
    return db.session.scalar(select(Ask).where(Ask.id == ask_id).options(
        joinedload(Ask.user), joinedload(Ask.mentor), joinedload(Ask.cohort), joinedload(Ask.enrollment),
        joinedload(Ask.lesson), joinedload(Ask.submission).joinedload(Submission.lesson)))


@dataclass
class ThreadPage:
    ask: Ask
    replies: list[AskReply]
    ask_files: list                                    # files of the ask itself
    reply_files: dict[int, list] = field(default_factory=dict)
    history: list[Mentorship] = field(default_factory=list)    # the viewer's relationships with the learner
    earlier_asks: list[Ask] = field(default_factory=list)      # the learner's other asks in the cohort
    submissions: list[Submission] = field(default_factory=list)
    mentors: list[User] = field(default_factory=list)           # whom the ask can be handed to


def thread_page(ask: Ask, viewer, *, for_mentor: bool) -> ThreadPage:
    replies = db.session.scalars(select(AskReply).where(AskReply.ask_id == ask.id)
                                 .options(joinedload(AskReply.author), joinedload(AskReply.handed_to))
                                 .order_by(AskReply.created_at, AskReply.id)).all()
    page = ThreadPage(ask=ask, replies=list(replies), ask_files=[])
    for ask_file in db.session.scalars(select(AskFile).where(AskFile.ask_id == ask.id).order_by(AskFile.id)):
        (page.reply_files.setdefault(ask_file.reply_id, []) if ask_file.reply_id else page.ask_files).append(ask_file)
    if for_mentor:
        page.history = list(db.session.scalars(
            select(Mentorship).join(Enrollment, Enrollment.id == Mentorship.enrollment_id)
            .where(Mentorship.mentor_id == viewer.id, Enrollment.user_id == ask.user_id)
            .options(joinedload(Mentorship.enrollment).joinedload(Enrollment.cohort))
            .order_by(Mentorship.started_at.desc())))
        page.earlier_asks = list(db.session.scalars(
            select(Ask).where(Ask.user_id == ask.user_id, Ask.cohort_id == ask.cohort_id, Ask.id != ask.id)
            .options(joinedload(Ask.mentor)).order_by(Ask.created_at.desc()).limit(10)))
        page.submissions = list(db.session.scalars(
            select(Submission).where(Submission.user_id == ask.user_id, Submission.cohort_id == ask.cohort_id)
            .options(joinedload(Submission.lesson)).order_by(Submission.id)))
        page.mentors = handover_candidates(ask, viewer)
    return page


def handover_candidates(ask: Ask, viewer) -> list[User]:
    """The cohort's other active mentors, whom ``viewer`` may hand the ask to."""
    return list(db.session.scalars(
        select(User).join(Enrollment, Enrollment.user_id == User.id).where(
            Enrollment.cohort_id == ask.cohort_id, Enrollment.role == EnrollmentRole.MENTOR,
            Enrollment.status == EnrollmentStatus.ACTIVE, User.id != viewer.id, User.id != ask.user_id)
        .order_by(User.name)))


def asks_of_learner(user_id: int, page: int = 1) -> list[Ask]:
    return list(db.session.scalars(
        select(Ask).where(Ask.user_id == user_id).options(joinedload(Ask.cohort), joinedload(Ask.mentor))
        .order_by(Ask.created_at.desc(), Ask.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))


def asks_of_mentor(user, page: int = 1) -> list[Ask]:
    """Asks ``user`` holds or wrote in, in cohorts they may still see (admins: everywhere)."""
    answered = select(AskReply.ask_id).where(AskReply.author_id == user.id, AskReply.kind == ReplyKind.REPLY)
    query = select(Ask).where(or_(Ask.mentor_id == user.id, Ask.id.in_(answered)), Ask.user_id != user.id)
    if not permissions.is_admin(user):
        query = query.where(Ask.cohort_id.in_(permissions.ask_cohort_ids(user)))
    return list(db.session.scalars(
        query.options(joinedload(Ask.cohort), joinedload(Ask.user), joinedload(Ask.mentor))
        .order_by(Ask.waiting_since.desc(), Ask.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))


def ask_choices(enrollment: Enrollment) -> tuple[list[Lesson], list[Submission]]:
    """The lessons of the cohort's track and the learner's hand-ins there, for the new-ask form."""
    lessons = list(db.session.scalars(select(Lesson).where(Lesson.track_id == enrollment.cohort.track_id)
                                      .order_by(Lesson.position)))
    submissions = list(db.session.scalars(
        select(Submission).where(Submission.user_id == enrollment.user_id,
                                 Submission.cohort_id == enrollment.cohort_id)
        .options(joinedload(Submission.lesson)).order_by(Submission.id)))
    return lessons, submissions


@dataclass(frozen=True)
class ThankYou:
    text: str
    at: datetime


def thank_you_notes(mentor_ids: list[int]) -> dict[int, list[ThankYou]]:
    """Per mentor, the newest notes the learner allowed AND the mentor chose to show (one query)."""
    rows = db.session.execute(
        select(Ask.mentor_id, Ask.thanks_note, Ask.rated_at).where(
            Ask.mentor_id.in_(mentor_ids), Ask.thanks_public.is_(True), Ask.thanks_shown.is_(True),
            Ask.thanks_note != "").order_by(Ask.rated_at.desc(), Ask.id.desc()))
    notes: dict[int, list[ThankYou]] = {}
    for mentor_id, text, at in rows:
        kept = notes.setdefault(mentor_id, [])
        if len(kept) < THANKS_PER_MENTOR:
            kept.append(ThankYou(text, at))
    return notes
