"""Who an open ask is offered to, and moving it on when nobody claims it in time.

An open ask (waiting on a mentor, held by nobody) is offered to the people of its
``stage``: the learner's own active mentors, then every active mentor of the cohort with
the ask's skill (all of them when the ask names no skill or nobody has it), then the
admins. A stage with nobody in it is skipped. The periodic ``route_asks`` moves an ask on
once it has waited the cohort's ``ask_response_hours`` in its stage, and gives back asks
whose claim expired.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext
from sqlalchemy import select

from lms import signals
from lms.asks import claims
from lms.asks.events import add_event
from lms.asks.models import Ask, AskStage, AskState
from lms.auth.models import User
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole, EnrollmentStatus, Mentorship, MentorshipStatus
from lms.database import utcnow
from lms.extensions import db
from lms.i18n.formatting import format_number
from lms.profiles.models import UserSkill

STAGES = (AskStage.OWN_MENTORS, AskStage.SKILL_MENTORS, AskStage.ADMINS)
STAGE_LABELS = {AskStage.OWN_MENTORS: lazy_gettext("the learner’s own mentors"),
                AskStage.SKILL_MENTORS: lazy_gettext("the cohort’s mentors"),
                AskStage.ADMINS: lazy_gettext("the program team")}
# The event line written when an ask moves on (a whole sentence per stage, for translators).
_MOVED_ON = {AskStage.OWN_MENTORS: lazy_gettext("Not claimed within %(hours)s h; offered to the learner’s own "
                                                 "mentors."),
             AskStage.SKILL_MENTORS: lazy_gettext("Not claimed within %(hours)s h; offered to the cohort’s mentors."),
             AskStage.ADMINS: lazy_gettext("Not claimed within %(hours)s h; offered to the program team.")}
_STAGE_WORDS = {AskStage.OWN_MENTORS: "the learner’s own mentors", AskStage.SKILL_MENTORS: "the cohort’s mentors",
                AskStage.ADMINS: "the program team"}


def _active_mentor_ids(cohort_id: int):
    return select(Enrollment.user_id).where(
        Enrollment.cohort_id == cohort_id, Enrollment.role == EnrollmentRole.MENTOR,
        Enrollment.status == EnrollmentStatus.ACTIVE)


def own_mentor_ids(enrollment: Enrollment) -> set[int]:
    """The learner's active mentors (any role, and the primary mentor) who still mentor the cohort."""
    named = set(db.session.scalars(select(Mentorship.mentor_id).where(
        Mentorship.enrollment_id == enrollment.id, Mentorship.status == MentorshipStatus.ACTIVE)))
    if enrollment.mentor_id:
        named.add(enrollment.mentor_id)
    if not named:
        return set()
    return set(db.session.scalars(_active_mentor_ids(enrollment.cohort_id).where(Enrollment.user_id.in_(named))))


def skill_mentor_ids(cohort_id: int, skill: str, *, exclude: int | None = None) -> set[int]:
    """Active mentors of the cohort with ``skill``; all of them without a skill or when nobody has it."""
    everyone = set(db.session.scalars(_active_mentor_ids(cohort_id)))
    everyone.discard(exclude)
    if skill and everyone:
        skilled = set(db.session.scalars(select(UserSkill.user_id).where(
            UserSkill.skill == skill, UserSkill.user_id.in_(everyone))))
        if skilled:
            return skilled
    return everyone


def admin_ids() -> set[int]:
    return set(db.session.scalars(select(User.id).where(User.is_admin.is_(True), User.is_active.is_(True))))


def audience_ids(ask: Ask, stage: AskStage | None = None) -> set[int]:
    """The ids of the people ``ask`` is offered to at ``stage`` (default: its current stage)."""
    stage = stage or ask.stage
    if stage == AskStage.OWN_MENTORS:
        ids = own_mentor_ids(ask.enrollment)
    elif stage == AskStage.SKILL_MENTORS:
        ids = skill_mentor_ids(ask.cohort_id, ask.skill, exclude=ask.user_id)
    else:
        ids = admin_ids()
    ids.discard(ask.user_id)
    return ids


def offered_to(ask: Ask) -> list[User]:
    """The people an open ask is offered to now (nobody once someone holds it or it is answered)."""
    if ask.state != AskState.AWAITING_MENTOR or (ask.mentor_id and not claims.claim_expired(ask)):
        return []
    ids = audience_ids(ask)
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.name))) if ids else []


def first_stage(ask: Ask, after: AskStage | None = None) -> AskStage:
    """The first stage (after ``after``) with somebody in it; the admins are always last."""
    start = STAGES.index(after) + 1 if after else 0
    for stage in STAGES[start:-1]:
        if audience_ids(ask, stage):
            return stage
    return AskStage.ADMINS


def offer_to_next_stage(ask: Ask, now: datetime | None = None) -> AskStage:
    """Offer an ask nobody claimed in time to the next circle: an event in its thread, ``ask_offered``."""
    now = now or utcnow()
    ask.stage = first_stage(ask, after=ask.stage)
    ask.offered_at = now
    hours = ask.cohort.ask_response_hours
    # ``why`` is for the signal's receivers (machine-facing, English); the thread gets a sentence.
    why = f"not claimed within {hours} h; offered to {_STAGE_WORDS[ask.stage]}"
    add_event(ask, lambda: _MOVED_ON[ask.stage] % {"hours": format_number(hours)}, now=now)
    db.session.flush()
    signals.ask_offered.send(ask, why=why)
    return ask.stage


def escalate_due(now: datetime | None = None) -> int:
    """Move on every open, unclaimed ask whose stage began ``ask_response_hours`` ago."""
    now = now or utcnow()
    rows = db.session.execute(
        select(Ask, Cohort.ask_response_hours).join(Cohort, Cohort.id == Ask.cohort_id).where(
            Ask.state == AskState.AWAITING_MENTOR, Ask.stage != AskStage.ADMINS, Ask.mentor_id.is_(None))
        .order_by(Ask.id)).all()
    moved = 0
    for ask, hours in rows:
        if ask.offered_at + timedelta(hours=hours) <= now:
            offer_to_next_stage(ask, now)
            moved += 1
    return moved


def route_asks(now: datetime | None = None) -> None:
    """The periodic task (flushes; the job runner commits): give back expired claims, then
    move on the asks that waited too long."""
    now = now or utcnow()
    expired = db.session.scalars(select(Ask).where(
        Ask.state == AskState.AWAITING_MENTOR, Ask.claimed_at.is_not(None),
        Ask.claimed_at < now - timedelta(minutes=claims.claim_minutes()))).all()
    for ask in expired:
        claims.return_expired_claim(ask, now)
    escalate_due(now)
    db.session.flush()
