"""Notifications about mentor requests (issue 12): the asked mentor, the learner, the admins.

In-app only; each at most once (dedupe keys per pick or request).
"""
from __future__ import annotations

from sqlalchemy import select

from lms.auth.models import User
from lms.extensions import db
from lms.notifications.services import notify, path_for


def _role(request) -> str:
    return "primary mentor" if request.role == "primary" else f"skill mentor for {request.skill}"


def on_mentor_asked(pick, **_) -> None:
    request = pick.request
    learner = request.enrollment.user
    notify(pick.mentor_id, "mentor_request", f"{learner.name} asks you to be their {_role(request)}",
           body=request.message, url=path_for("mentorships.queue"), dedupe_key=f"mentor-asked:{pick.id}")


def on_mentor_request_answered(pick, *, accepted: bool, **_) -> None:
    request = pick.request
    enrollment = request.enrollment
    mentor = pick.mentor.name
    title = (f"{mentor} accepted: they are now your {_role(request)}" if accepted
             else f"{mentor} cannot be your {_role(request)}; we are asking your next choice")
    notify(enrollment.user_id, "mentor_request", title, body="" if accepted else pick.decline_reason,
           url=path_for("cohorts.my_mentor", cohort_id=enrollment.cohort_id),
           dedupe_key=f"mentor-answered:{pick.id}")


def on_mentor_request_escalated(request, *, why: str = "", **_) -> None:
    enrollment = request.enrollment
    learner = enrollment.user
    url = path_for("mentorships.cohort_requests", cohort_id=enrollment.cohort_id)
    for admin_id in db_admin_ids():
        notify(admin_id, "mentor_request", f"{learner.name} needs a {_role(request)} ({why})",
               body=request.message, url=url, dedupe_key=f"mentor-escalated:{request.id}:{admin_id}")
    notify(learner.id, "mentor_request", f"Your request for a {_role(request)} is with the program team",
           url=path_for("cohorts.my_mentor", cohort_id=enrollment.cohort_id),
           dedupe_key=f"mentor-escalated:{request.id}:{learner.id}")


def on_mentor_request_closed(request, *, note: str, **_) -> None:
    enrollment = request.enrollment
    notify(enrollment.user_id, "mentor_request", f"The program team closed your request for a {_role(request)}",
           body=note, url=path_for("cohorts.my_mentor", cohort_id=enrollment.cohort_id),
           dedupe_key=f"mentor-closed:{request.id}")


def db_admin_ids() -> list[int]:
    return list(db.session.scalars(select(User.id).where(User.is_admin.is_(True), User.is_active.is_(True))))


def connect(signals) -> None:
    signals.mentor_asked.connect(on_mentor_asked)
    signals.mentor_request_answered.connect(on_mentor_request_answered)
    signals.mentor_request_escalated.connect(on_mentor_request_escalated)
    signals.mentor_request_closed.connect(on_mentor_request_closed)
