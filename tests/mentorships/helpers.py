"""Small helpers of the mentorship tests: reading requests, picks and notifications back."""
from __future__ import annotations

from lms.extensions import db
from lms.mentorships.models import MentorRequest, RequestPick
from lms.notifications.models import Notification


def only_request(enrollment) -> MentorRequest:
    db.session.expire_all()
    rows = db.session.scalars(db.select(MentorRequest).where(MentorRequest.enrollment_id == enrollment.id)).all()
    assert len(rows) == 1, rows
    return rows[0]


def pick_states(request: MentorRequest) -> list[tuple[int, str]]:
    db.session.expire_all()
    picks = db.session.scalars(db.select(RequestPick).where(RequestPick.request_id == request.id)
                               .order_by(RequestPick.rank)).all()
    return [(p.mentor_id, p.status.value) for p in picks]


def asked_pick(request: MentorRequest) -> RequestPick:
    return next(p for p in request.picks if p.status == "asked")


def titles(user_id: int) -> list[str]:
    return list(db.session.scalars(db.select(Notification.title).where(Notification.user_id == user_id)
                                   .order_by(Notification.id)))
