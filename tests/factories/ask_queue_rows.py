"""Ask rows for the queue tests, written straight to the table (the asks services are another
part of issue 13; the queue only reads these columns, as ``lms.asks.models`` defines them)."""
from __future__ import annotations

import itertools
import uuid
from datetime import timedelta

from sqlalchemy import insert, select

from lms.asks.models import Ask, AskReply, AskStage, AskState, AskUrgency, ReplyKind
from lms.auth.models import User
from lms.cohorts.models import Enrollment, EnrollmentRole, EnrollmentStatus
from lms.database import utcnow
from lms.extensions import db

_numbers = itertools.count(1)


def make_ask(enrollment: Enrollment, *, title: str = "Is my scope clause right?", hours_waiting: float = 1,
             stage: AskStage = AskStage.OWN_MENTORS, state: AskState = AskState.AWAITING_MENTOR,
             mentor=None, claimed_minutes_ago: float | None = None, skill: str = "", lesson=None,
             urgency: AskUrgency = AskUrgency.NORMAL, commit: bool = True) -> Ask:
    """An ask by the enrolment's learner, waiting ``hours_waiting``; ``mentor`` holds it with a
    claim made ``claimed_minutes_ago`` (None: as the thread's mentor)."""
    now = utcnow()
    ask = Ask(cohort_id=enrollment.cohort_id, enrollment_id=enrollment.id, user_id=enrollment.user_id,
              title=title, body="Please look", body_html="<p>Please look</p>", skill=skill, urgency=urgency,
              lesson_id=lesson.id if lesson is not None else None, state=state, stage=stage,
              waiting_since=now - timedelta(hours=hours_waiting), offered_at=now - timedelta(hours=hours_waiting),
              mentor_id=mentor.id if mentor is not None else None,
              claimed_at=now - timedelta(minutes=claimed_minutes_ago) if claimed_minutes_ago is not None else None)
    db.session.add(ask)
    if commit:
        db.session.commit()
    return ask


def answer(ask: Ask, mentor, *, commit: bool = True) -> AskReply:
    """A reply by ``mentor`` in the ask's thread (what "answered their asks before" reads)."""
    reply = AskReply(ask_id=ask.id, author_id=mentor.id, kind=ReplyKind.REPLY, body="Try this",
                     body_html="<p>Try this</p>")
    db.session.add(reply)
    if commit:
        db.session.commit()
    return reply


def bulk_asks(cohort, count: int, *, mentor=None) -> None:
    """``count`` learners of ``cohort``, each with one open ask (``mentor`` is the primary
    mentor of every other one), inserted in bulk."""
    now = utcnow()
    tag = uuid.uuid4().hex[:8]
    numbers = [next(_numbers) for _ in range(count)]
    db.session.execute(insert(User.__table__), [
        {"email": f"asker-{tag}-{n}@example.org", "name": f"Asker {n}", "session_token": uuid.uuid4().hex[:16]}
        for n in numbers])
    user_ids = list(db.session.scalars(select(User.id).where(User.email.like(f"asker-{tag}-%"))))
    db.session.execute(insert(Enrollment.__table__), [
        {"cohort_id": cohort.id, "user_id": uid, "role": EnrollmentRole.LEARNER, "status": EnrollmentStatus.ACTIVE,
         "mentor_id": mentor.id if mentor is not None and i % 2 else None}
        for i, uid in enumerate(user_ids)])
    enrollments = dict(db.session.execute(select(Enrollment.user_id, Enrollment.id).where(
        Enrollment.user_id.in_(user_ids))).all())
    db.session.execute(insert(Ask.__table__), [
        {"cohort_id": cohort.id, "enrollment_id": enrollments[uid], "user_id": uid, "title": f"Bulk ask {i}",
         "body": "", "body_html": "", "skill": "", "urgency": AskUrgency.NORMAL, "state": AskState.AWAITING_MENTOR,
         "stage": AskStage.OWN_MENTORS, "offered_at": now, "waiting_since": now - timedelta(minutes=i % 500),
         "nudges_sent": 0, "thanks_note": "", "thanks_public": False, "thanks_shown": False,
         "created_at": now, "updated_at": now, "version": 1}
        for i, uid in enumerate(user_ids)])
    db.session.commit()
