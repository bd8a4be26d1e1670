"""Notifications about mentor requests (issue 12): the asked mentor, the learner, the admins.

Each in the app and by email (a request waits on someone's answer within days), at most
once: the dedupe key per pick or request is shared by the notification and its email.
"""
from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import select

from lms.auth.models import User
from lms.auth.tokens import describe_time
from lms.extensions import db
from lms.i18n.recipients import speaking_to
from lms.notifications.services import _email, notify, path_for


def _primary(request) -> bool:
    return request.role == "primary"


def _tell(user: User, title, *, body: str = "", url: str, dedupe_key: str, respond_by=None) -> None:
    """``title`` (and ``respond_by``): functions of nothing, called in ``user``'s language and time zone."""
    with speaking_to(user):
        text = title()
        if notify(user.id, "mentor_request", text, body=body, url=url, dedupe_key=dedupe_key) is not None:
            _email(user, "mentor_request", text, dedupe_key, title=text, body=body, url=url,
                   respond_by=respond_by() if respond_by else "")


def on_mentor_asked(pick, **_) -> None:
    request = pick.request
    learner = request.enrollment.user

    def title():
        if _primary(request):
            return gettext("%(name)s asks you to be their primary mentor", name=learner.name)
        return gettext("%(name)s asks you to be their skill mentor for %(skill)s", name=learner.name,
                       skill=request.skill)

    _tell(pick.mentor, title, body=request.message, url=path_for("mentorships.queue"),
          dedupe_key=f"mentor-asked:{pick.id}",
          respond_by=(lambda: describe_time(pick.respond_by, pick.mentor.timezone)) if pick.respond_by else None)


def on_mentor_request_answered(pick, *, accepted: bool, **_) -> None:
    request = pick.request
    enrollment = request.enrollment
    mentor = pick.mentor.name

    def title():
        if accepted and _primary(request):
            return gettext("%(name)s accepted: they are now your primary mentor", name=mentor)
        if accepted:
            return gettext("%(name)s accepted: they are now your skill mentor for %(skill)s", name=mentor,
                           skill=request.skill)
        if _primary(request):
            return gettext("%(name)s cannot be your primary mentor; we are asking your next choice", name=mentor)
        return gettext("%(name)s cannot be your skill mentor for %(skill)s; we are asking your next choice",
                       name=mentor, skill=request.skill)

    _tell(enrollment.user, title, body="" if accepted else pick.decline_reason,
          url=path_for("cohorts.my_mentor", cohort_id=enrollment.cohort_id), dedupe_key=f"mentor-answered:{pick.id}")


def on_mentor_request_escalated(request, *, why: str = "", **_) -> None:
    enrollment = request.enrollment
    learner = enrollment.user
    url = path_for("mentorships.cohort_requests", cohort_id=enrollment.cohort_id)

    def to_admin():
        if _primary(request):
            return gettext("%(name)s needs a primary mentor (%(why)s)", name=learner.name, why=why)
        return gettext("%(name)s needs a skill mentor for %(skill)s (%(why)s)", name=learner.name,
                       skill=request.skill, why=why)

    def to_learner():
        if _primary(request):
            return gettext("Your request for a primary mentor is with the program team")
        return gettext("Your request for a skill mentor for %(skill)s is with the program team", skill=request.skill)

    for admin in active_admins():
        _tell(admin, to_admin, body=request.message, url=url, dedupe_key=f"mentor-escalated:{request.id}:{admin.id}")
    _tell(learner, to_learner, url=path_for("cohorts.my_mentor", cohort_id=enrollment.cohort_id),
          dedupe_key=f"mentor-escalated:{request.id}:{learner.id}")


def on_mentor_request_closed(request, *, note: str, **_) -> None:
    enrollment = request.enrollment

    def title():
        if _primary(request):
            return gettext("The program team closed your request for a primary mentor")
        return gettext("The program team closed your request for a skill mentor for %(skill)s", skill=request.skill)

    _tell(enrollment.user, title, body=note, url=path_for("cohorts.my_mentor", cohort_id=enrollment.cohort_id),
          dedupe_key=f"mentor-closed:{request.id}")


def active_admins() -> list[User]:
    return list(db.session.scalars(select(User).where(User.is_admin.is_(True), User.is_active.is_(True))))


def connect(signals) -> None:
    signals.mentor_asked.connect(on_mentor_asked)
    signals.mentor_request_answered.connect(on_mentor_request_answered)
    signals.mentor_request_escalated.connect(on_mentor_request_escalated)
    signals.mentor_request_closed.connect(on_mentor_request_closed)
