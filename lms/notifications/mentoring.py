"""Notifications about mentor requests (issue 12): the asked mentor, the learner, the admins.

Each in the app and by email (a request waits on someone's answer within days), at most
once: the dedupe key per pick or request is shared by the notification and its email.
"""
from __future__ import annotations

from sqlalchemy import select

from lms.auth.models import User
from lms.auth.tokens import describe_time
from lms.extensions import db
from lms.notifications.services import _email, notify, path_for


def _role(request) -> str:
    return "primary mentor" if request.role == "primary" else f"skill mentor for {request.skill}"


def _tell(user: User, title: str, *, body: str = "", url: str, dedupe_key: str, respond_by: str = "") -> None:
    if notify(user.id, "mentor_request", title, body=body, url=url, dedupe_key=dedupe_key) is not None:
        _email(user, "mentor_request", title, dedupe_key, title=title, body=body, url=url, respond_by=respond_by)


def on_mentor_asked(pick, **_) -> None:
    request = pick.request
    learner = request.enrollment.user
    _tell(pick.mentor, f"{learner.name} asks you to be their {_role(request)}", body=request.message,
          url=path_for("mentorships.queue"), dedupe_key=f"mentor-asked:{pick.id}",
          respond_by=describe_time(pick.respond_by, pick.mentor.timezone) if pick.respond_by else "")


def on_mentor_request_answered(pick, *, accepted: bool, **_) -> None:
    request = pick.request
    enrollment = request.enrollment
    mentor = pick.mentor.name
    title = (f"{mentor} accepted: they are now your {_role(request)}" if accepted
             else f"{mentor} cannot be your {_role(request)}; we are asking your next choice")
    _tell(enrollment.user, title, body="" if accepted else pick.decline_reason,
          url=path_for("cohorts.my_mentor", cohort_id=enrollment.cohort_id), dedupe_key=f"mentor-answered:{pick.id}")


def on_mentor_request_escalated(request, *, why: str = "", **_) -> None:
    enrollment = request.enrollment
    learner = enrollment.user
    url = path_for("mentorships.cohort_requests", cohort_id=enrollment.cohort_id)
    for admin in active_admins():
        _tell(admin, f"{learner.name} needs a {_role(request)} ({why})", body=request.message, url=url,
              dedupe_key=f"mentor-escalated:{request.id}:{admin.id}")
    _tell(learner, f"Your request for a {_role(request)} is with the program team",
          url=path_for("cohorts.my_mentor", cohort_id=enrollment.cohort_id),
          dedupe_key=f"mentor-escalated:{request.id}:{learner.id}")


def on_mentor_request_closed(request, *, note: str, **_) -> None:
    enrollment = request.enrollment
    _tell(enrollment.user, f"The program team closed your request for a {_role(request)}", body=note,
          url=path_for("cohorts.my_mentor", cohort_id=enrollment.cohort_id), dedupe_key=f"mentor-closed:{request.id}")


def active_admins() -> list[User]:
    return list(db.session.scalars(select(User).where(User.is_admin.is_(True), User.is_active.is_(True))))


def connect(signals) -> None:
    signals.mentor_asked.connect(on_mentor_asked)
    signals.mentor_request_answered.connect(on_mentor_request_answered)
    signals.mentor_request_escalated.connect(on_mentor_request_escalated)
    signals.mentor_request_closed.connect(on_mentor_request_closed)
