"""Notifications about peer review (issue 15): the author hears of each peer review of their
work (never the reviewer's name when the assignment is anonymous); the cohort's mentors hear
of each report; a learner whose peer-review duty was lifted reads why. In the app always; by
email as each person chose (authors: review emails; mentors: per event or in the daily digest),
waiting out quiet hours. See docs/peer-review.md.
"""
from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import select

from lms.auth.models import User
from lms.cohorts.models import Enrollment, EnrollmentRole, EnrollmentStatus
from lms.extensions import db
from lms.i18n.recipients import speaking_to
from lms.mail import render_text
from lms.notifications.models import SubmissionAlerts
from lms.notifications.services import absolute, notify, path_for, preference_for, quiet_hours_end
from lms.outbox import queue_email
from lms.peer.feedback import is_anonymous
from lms.peer.models import PeerReview, PeerReviewStatus

KIND = "peer_review"


def _email(user: User, title: str, body: str, url: str, key: str, preference) -> None:
    """Compose ``title`` and ``body`` inside ``speaking_to(user)``; the text around them is written here."""
    with speaking_to(user):
        text = render_text("notifications/email/peer.txt", user=user, absolute=absolute, title=title, body=body,
                           url=url, settings_url=path_for("notifications.settings"))
    queue_email(user.email, title, text, dedupe_key=key, not_before=quiet_hours_end(user, preference))


def on_peer_review_submitted(peer_review: PeerReview, **_) -> None:
    if peer_review.status != PeerReviewStatus.SUBMITTED:
        return
    submission = peer_review.submission
    author = submission.user
    if author is None or not author.is_active:
        return
    url = path_for("submissions.detail", submission_id=submission.id) + "#peer-reviews"
    key = f"peer-reviewed:{peer_review.id}:{author.id}"
    with speaking_to(author):
        if is_anonymous(submission.lesson):
            title = gettext("A peer reviewed your work on “%(lesson)s”", lesson=submission.lesson.title)
        else:
            title = gettext("%(name)s reviewed your work on “%(lesson)s”", name=peer_review.reviewer.name,
                            lesson=submission.lesson.title)
        if notify(author.id, KIND, title, url=url, dedupe_key=key) is None:
            return
        preference = preference_for(author.id)
        if preference.email_reviews:
            _email(author, title, gettext("Your mentor's review decides; peer reviews are there to help."), url, key,
                   preference)


def cohort_mentors(cohort_id: int) -> list[User]:
    return list(db.session.scalars(select(User).join(Enrollment, Enrollment.user_id == User.id).where(
        Enrollment.cohort_id == cohort_id, Enrollment.role == EnrollmentRole.MENTOR,
        Enrollment.status == EnrollmentStatus.ACTIVE, User.is_active.is_(True)).order_by(User.id)))


def on_peer_review_reported(peer_review: PeerReview, *, actor=None, **_) -> None:
    submission = peer_review.submission
    url = path_for("peer.reports_list")
    for mentor in cohort_mentors(peer_review.cohort_id):
        if actor is not None and mentor.id == actor.id:
            continue
        key = f"peer-reported:{peer_review.id}:{mentor.id}"
        preference = preference_for(mentor.id)
        daily = preference.submission_alerts == SubmissionAlerts.DAILY
        with speaking_to(mentor):
            title = gettext("%(author)s reported %(reviewer)s’s peer review of “%(lesson)s”",
                            author=submission.user.name, reviewer=peer_review.reviewer.name,
                            lesson=submission.lesson.title)
            if notify(mentor.id, KIND, title, body=peer_review.report_reason[:400], url=url, dedupe_key=key,
                      in_digest=daily) is not None and not daily:
                _email(mentor, title, gettext("It is hidden from the author until you clear or uphold the report."),
                       url, key, preference)


def on_peer_duty_met(duty, *, waived: bool = False, **_) -> None:
    """A learner whose peer-review duty was lifted (flexible grading or a mentor) reads why."""
    if not waived:
        return
    with speaking_to(duty.enrollment.user):
        notify(duty.enrollment.user_id, "peer_duty",
               gettext("Peer reviews on “%(lesson)s” are no longer required", lesson=duty.lesson.title),
               body=duty.waived_reason, url=path_for("peer.index"), dedupe_key=f"peer-duty-waived:{duty.id}")


def connect(signals) -> None:
    signals.peer_review_submitted.connect(on_peer_review_submitted)
    signals.peer_review_reported.connect(on_peer_review_reported)
    signals.peer_duty_met.connect(on_peer_duty_met)
