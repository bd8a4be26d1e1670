"""What each learner owes: ``PeerDuty`` rows, their counting, and flexible grading.

- A duty is created once, when the learner first hands in on an assignment asking for peer
  reviews (``on_work_submitted``; INSERT ... ON CONFLICT DO NOTHING on its unique key).
- ``record_given`` counts a submitted review; the duty is met at ``required`` and
  ``peer_duty_met`` is sent once (a conditional UPDATE, so two reviews at once never send
  it twice).
- Flexible grading: a duty still unmet ``PEER_FLEXIBLE_HOURS`` after hand-in, while the
  learner holds no lease and no hand-in is eligible for them, is waived with a reason the
  learner reads. Checked by a periodic job and when the learner opens their peer page.
- A mentor of the cohort or an admin may waive a duty with a reason (``waive``).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from lms import signals
from lms.cohorts.models import Enrollment
from lms.database import utcnow
from lms.extensions import db
from lms.i18n.formatting import format_day, format_number
from lms.i18n.recipients import speaking_to
from lms.peer import allocation
from lms.peer.errors import PeerError
from lms.peer.models import PeerDuty
from lms.tracks.peerspec import peer_settings

REASON_MAX = 500


def flexible_reason(learner, cohort, now: datetime) -> str:
    """Why flexible grading lifted a duty, written for the learner (their language; the day in
    their time zone, else the cohort's): it is stored and shown to them as it is."""
    with speaking_to(learner, timezone=getattr(learner, "timezone", None) or cohort.timezone):
        return gettext("Your cohort has too few hand-ins of this assignment to review; "
                       "the requirement was lifted on %(date)s.", date=format_day(now, long=True))


def on_work_submitted(submission, *, attempt, **_) -> None:
    """The first hand-in on an assignment asking for peer reviews creates the learner's duty."""
    peer = peer_settings(submission.lesson.spec)
    if peer is None:
        return
    values = dict(enrollment_id=submission.enrollment_id, lesson_id=submission.lesson_id,
                  cohort_id=submission.cohort_id, required=peer["reviews"], given=0, created_at=attempt.submitted_at)
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    db.session.execute(insert(PeerDuty).values(**values)
                       .on_conflict_do_nothing(index_elements=["enrollment_id", "lesson_id"]))


def record_given(enrollment_id: int, lesson_id: int, now: datetime) -> None:
    """One more review given; meets the duty (and says so once) at its ``required``."""
    db.session.execute(update(PeerDuty).where(PeerDuty.enrollment_id == enrollment_id,
                                              PeerDuty.lesson_id == lesson_id)
                       .values(given=PeerDuty.given + 1).execution_options(synchronize_session=False))
    met = db.session.execute(update(PeerDuty).where(
        PeerDuty.enrollment_id == enrollment_id, PeerDuty.lesson_id == lesson_id,
        PeerDuty.met_at.is_(None), PeerDuty.given >= PeerDuty.required)
        .values(met_at=now).execution_options(synchronize_session=False)).rowcount == 1
    duty = allocation.duty_of(enrollment_id, lesson_id)
    if duty is not None:
        db.session.refresh(duty)
        if met:
            signals.peer_duty_met.send(duty, waived=False)


def waive(duty: PeerDuty, reason: str, now: datetime, *, actor=None) -> None:
    """Lift the duty (a mentor or admin, or flexible grading); the reason is shown to the learner."""
    reason = (reason or "").strip()
    if not reason:
        raise PeerError(gettext("Say why, in words the learner will read."))
    if len(reason) > REASON_MAX:
        raise PeerError(gettext("Keep the reason under %(max)s characters.", max=format_number(REASON_MAX)))
    done = db.session.execute(update(PeerDuty).where(PeerDuty.id == duty.id, PeerDuty.met_at.is_(None))
                              .values(met_at=now, waived_reason=reason, waived_by_id=getattr(actor, "id", None))
                              .execution_options(synchronize_session=False)).rowcount == 1
    db.session.refresh(duty)
    if not done:
        raise PeerError(gettext("This duty is already met or lifted."))
    signals.peer_duty_met.send(duty, waived=True)


def waive_if_stuck(duty: PeerDuty, now: datetime) -> bool:
    """Flexible grading for one duty; True when it was waived now."""
    if duty.met_at is not None:
        return False
    if now < duty.created_at + timedelta(hours=current_app.config["PEER_FLEXIBLE_HOURS"]):
        return False
    reviewer = duty.enrollment
    lease = allocation.open_lease(reviewer, duty.lesson_id)
    if (lease is not None and lease.lease_expires_at > now) or allocation.has_eligible(reviewer, duty.lesson_id):
        return False
    try:
        waive(duty, flexible_reason(reviewer.user, reviewer.cohort, now), now)
    except PeerError:
        return False
    return True


def waive_stuck_duties(now: datetime | None = None) -> int:
    """The periodic job: flexible grading across every cohort."""
    now = now or utcnow()
    cutoff = now - timedelta(hours=current_app.config["PEER_FLEXIBLE_HOURS"])
    duties = db.session.scalars(select(PeerDuty).join(Enrollment, Enrollment.id == PeerDuty.enrollment_id)
                                .where(PeerDuty.met_at.is_(None), PeerDuty.created_at <= cutoff)
                                .order_by(PeerDuty.id)).all()
    return sum(waive_if_stuck(duty, now) for duty in duties)
