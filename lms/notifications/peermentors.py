"""Notifications about peer-mentor seats (issue 15): the graduate when invited or when an admin
ends their seat, the admins when a graduate answers or steps down.

Each in the app and by email (held back during quiet hours), at most once: the dedupe key per
seat, change and person is shared by the notification and its email. See docs/peer-mentors.md.
"""
from __future__ import annotations

from lms.notifications.mentoring import active_admins
from lms.notifications.services import _email, notify, path_for

KIND = "peer_mentor"


def _tell(user, title: str, *, body: str = "", url: str, dedupe_key: str) -> None:
    if user is None or not user.is_active:
        return
    if notify(user.id, KIND, title, body=body, url=url, dedupe_key=dedupe_key) is not None:
        _email(user, "peer_mentor", title, dedupe_key, title=title, body=body, url=url)


def on_peer_mentor_changed(seat, *, change: str, actor=None, **_) -> None:
    graduate, cohort = seat.user, seat.cohort
    key = f"peer-mentor:{seat.id}:{change}"
    if change == "invited":
        _tell(graduate, f"You are invited to be a peer mentor in {cohort.name}",
              body="You completed this track; the learners of this cohort would value your help.",
              url=path_for("peermentors.invitation", seat_id=seat.id), dedupe_key=f"{key}:{graduate.id}")
        return
    if change == "ended" and actor is not None and actor.id != graduate.id:
        _tell(graduate, f"Your peer-mentor seat in {cohort.name} has ended", body=seat.end_reason,
              url=path_for("peermentors.invitation", seat_id=seat.id), dedupe_key=f"{key}:{graduate.id}")
        return
    words = {"accepted": "accepted the invitation to be a peer mentor in",
             "declined": "declined the invitation to be a peer mentor in",
             "ended": "stepped down as peer mentor in"}.get(change)
    if words is None:
        return
    url = path_for("peermentors.cohort_page", cohort_id=cohort.id)
    for admin in active_admins():
        _tell(admin, f"{graduate.name} {words} {cohort.name}", body=seat.end_reason if change == "ended" else "",
              url=url, dedupe_key=f"{key}:{admin.id}")


def connect(signals) -> None:
    signals.peer_mentor_changed.connect(on_peer_mentor_changed)
