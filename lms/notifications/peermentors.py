"""Notifications about peer-mentor seats (issue 15): the graduate when invited or when an admin
ends their seat, the admins when a graduate answers or steps down.

Each in the app and by email (held back during quiet hours), at most once: the dedupe key per
seat, change and person is shared by the notification and its email. See docs/peer-mentors.md.
"""
from __future__ import annotations

from flask_babel import gettext

from lms.i18n.recipients import speaking_to
from lms.notifications.mentoring import active_admins
from lms.notifications.services import _email, notify, path_for

KIND = "peer_mentor"


def _tell(user, title, *, body="", url: str, dedupe_key: str) -> None:
    """``title`` (and ``body`` when callable): functions of nothing, called in ``user``'s language."""
    if user is None or not user.is_active:
        return
    with speaking_to(user):
        text, body = title(), body() if callable(body) else body
        if notify(user.id, KIND, text, body=body, url=url, dedupe_key=dedupe_key) is not None:
            _email(user, "peer_mentor", text, dedupe_key, title=text, body=body, url=url)


def on_peer_mentor_changed(seat, *, change: str, actor=None, **_) -> None:
    graduate, cohort = seat.user, seat.cohort
    key = f"peer-mentor:{seat.id}:{change}"
    if change == "invited":
        _tell(graduate, lambda: gettext("You are invited to be a peer mentor in %(cohort)s", cohort=cohort.name),
              body=lambda: gettext("You completed this track; the learners of this cohort would value your help."),
              url=path_for("peermentors.invitation", seat_id=seat.id), dedupe_key=f"{key}:{graduate.id}")
        return
    if change == "ended" and actor is not None and actor.id != graduate.id:
        _tell(graduate, lambda: gettext("Your peer-mentor seat in %(cohort)s has ended", cohort=cohort.name),
              body=seat.end_reason,
              url=path_for("peermentors.invitation", seat_id=seat.id), dedupe_key=f"{key}:{graduate.id}")
        return
    titles = {
        "accepted": lambda: gettext("%(name)s accepted the invitation to be a peer mentor in %(cohort)s",
                                    name=graduate.name, cohort=cohort.name),
        "declined": lambda: gettext("%(name)s declined the invitation to be a peer mentor in %(cohort)s",
                                    name=graduate.name, cohort=cohort.name),
        "ended": lambda: gettext("%(name)s stepped down as peer mentor in %(cohort)s", name=graduate.name,
                                 cohort=cohort.name),
    }
    title = titles.get(change)
    if title is None:
        return
    url = path_for("peermentors.cohort_page", cohort_id=cohort.id)
    for admin in active_admins():
        _tell(admin, title, body=seat.end_reason if change == "ended" else "", url=url,
              dedupe_key=f"{key}:{admin.id}")


def connect(signals) -> None:
    signals.peer_mentor_changed.connect(on_peer_mentor_changed)
