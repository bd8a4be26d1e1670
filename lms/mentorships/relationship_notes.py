"""What the two people record about a relationship: its agreement and the learner's surveys.

The agreement (goals it covers, how often to meet, an end date) can be written by the
mentor or the learner at any time while it is active; a save based on an older version
is refused (``Mentorship.version``), never silently applied. The learner answers the
check-in 30 days in ("not a good fit" sends a re-pair request to the admins) and, once it
has ended, a short closing survey, each once. Texts are plain (escaped when shown).
Flush, never commit.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext
from sqlalchemy import select

from lms.cohorts.models import CheckInAnswer, Enrollment, Mentorship, MentorshipStatus
from lms.cohorts.relationships import Agreement, checkin_is_due, closing_survey_is_due
from lms.cohorts.services import CohortError
from lms.database import utcnow
from lms.extensions import db
from lms.mentorships import requests

TEXT_LIMIT = 2000


class NoteError(CohortError):
    pass


class StaleAgreement(NoteError):
    pass


def save_agreement(mentorship: Mentorship, agreement: Agreement, *, seen_version: int) -> None:
    if mentorship.status != MentorshipStatus.ACTIVE:
        raise NoteError(gettext("This relationship has ended; its agreement can no longer change."))
    if seen_version != mentorship.version:
        raise StaleAgreement(gettext("The agreement was changed by someone else while you were editing; "
                                     "here it is as it is now. Make your change again."))
    if agreement.end_on is not None and agreement.end_on < mentorship.started_at.date():
        raise NoteError(gettext("The end date cannot be before the relationship started."))
    mentorship.agreement_goals = agreement.goals.strip()[:TEXT_LIMIT]
    mentorship.meeting_cadence = agreement.cadence.strip()[:120]
    mentorship.agreed_end_on = agreement.end_on
    db.session.flush()  # version-checked: a save racing this one fails with StaleDataError


def answer_checkin(mentorship: Mentorship, answer: CheckInAnswer, comment: str, *,
                   now: datetime | None = None) -> bool:
    """Record the check-in; True when it sent a re-pair request to the admins."""
    now = now or utcnow()
    if not checkin_is_due(mentorship, now):
        raise NoteError(gettext("There is no check-in to answer for this relationship now."))
    mentorship.checkin_answer = CheckInAnswer(answer)
    mentorship.checkin_comment = comment.strip()[:TEXT_LIMIT]
    mentorship.checkin_answered_at = now
    db.session.flush()
    if mentorship.checkin_answer == CheckInAnswer.NOT_A_GOOD_FIT:
        requests.request_repair(mentorship, mentorship.checkin_comment, now=now)
        return True
    return False


def answer_closing_survey(mentorship: Mentorship, rating: int, comment: str, *, now: datetime | None = None) -> None:
    if not closing_survey_is_due(mentorship):
        raise NoteError(gettext("There is no closing survey to answer for this relationship."))
    if not 1 <= rating <= 5:
        raise NoteError(gettext("Choose a rating from 1 to 5."))
    mentorship.closing_rating = rating
    mentorship.closing_comment = comment.strip()[:TEXT_LIMIT]
    mentorship.closing_answered_at = now or utcnow()
    db.session.flush()


def due_surveys(user_id: int, now: datetime) -> list[Mentorship]:
    """The learner's relationships with a check-in or closing survey waiting, oldest first (one query)."""
    rows = db.session.scalars(
        select(Mentorship).join(Enrollment, Enrollment.id == Mentorship.enrollment_id)
        .where(Enrollment.user_id == user_id,
               ((Mentorship.status == MentorshipStatus.ACTIVE) & Mentorship.checkin_answer.is_(None)
                & (Mentorship.checkin_due_at <= now))
               | ((Mentorship.status == MentorshipStatus.ENDED) & Mentorship.closing_answered_at.is_(None)))
        .order_by(Mentorship.started_at, Mentorship.id)).all()
    return list(rows)
