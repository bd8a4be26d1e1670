"""Opening an ask, writing in its thread, resolving and rating it.

Services flush but never commit; the caller commits once. Every state change goes
through ``lms.asks.states.transition``; claims, hand-overs and routing live in
``lms.asks.claims`` and ``lms.asks.routing``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext
from sqlalchemy import select

from lms import permissions, signals
from lms.asks import claims, files as ask_files, routing
from lms.asks.errors import AlreadyClaimed, AskError, InvalidAsk
from lms.asks.models import OPEN_STATES, Ask, AskRating, AskReply, AskState, AskUrgency, ReplyKind
from lms.asks.states import transition
from lms.audit.services import record
from lms.cohorts.models import Enrollment
from lms.database import utcnow
from lms.errors import PermissionDenied
from lms.extensions import db
from lms.i18n.formatting import format_number
from lms.profiles.skills import MAX_LENGTH as SKILL_MAX_LENGTH, normalise as normalise_skill
from lms.rendering import render_user_markdown
from lms.submissions.models import Submission
from lms.text import single_line
from lms.tracks.models import Lesson

TITLE_MAX_CHARS = 200
BODY_MAX_CHARS = 20_000
THANKS_MAX_CHARS = 1000


@dataclass
class AskData:
    title: str
    body: str
    lesson_id: int | None = None
    submission_id: int | None = None
    skill: str = ""
    urgency: AskUrgency = AskUrgency.NORMAL
    files: list[ask_files.UploadedFile] = field(default_factory=list)
    client_key: str | None = None  # the form's one-time key: the same key opens one ask


@dataclass
class ReplyData:
    body: str
    client_key: str
    files: list[ask_files.UploadedFile] = field(default_factory=list)


def _check_body(body: str, errors: dict, name: str = "body") -> None:
    if not (body or "").strip():
        errors.setdefault(name, []).append(gettext("Write your message."))
    elif len(body) > BODY_MAX_CHARS:
        errors.setdefault(name, []).append(gettext("Keep it under %(limit)s characters (this has %(count)s).",
                                                   limit=format_number(BODY_MAX_CHARS),
                                                   count=format_number(len(body))))


def _check_ask(enrollment: Enrollment, data: AskData) -> tuple[list, dict]:
    errors: dict[str, list[str]] = {}
    data.title = single_line(data.title).strip()
    if not data.title:
        errors["title"] = [gettext("Give your ask a short title.")]
    elif len(data.title) > TITLE_MAX_CHARS:
        errors["title"] = [gettext("Keep the title under %(limit)s characters.", limit=format_number(TITLE_MAX_CHARS))]
    _check_body(data.body, errors)
    if data.lesson_id is not None:
        lesson = db.session.get(Lesson, data.lesson_id)
        if lesson is None or lesson.track_id != enrollment.cohort.track_id:
            errors["lesson_id"] = [gettext("Choose a lesson of your cohort’s track.")]
    if data.submission_id is not None:
        submission = db.session.get(Submission, data.submission_id)
        if submission is None or submission.user_id != enrollment.user_id \
                or submission.cohort_id != enrollment.cohort_id:
            errors["submission_id"] = [gettext("Choose one of your own hand-ins in this cohort.")]
    if len((data.skill or "").strip()) > SKILL_MAX_LENGTH:
        errors["skill"] = [gettext("Keep the skill under %(limit)s characters.", limit=format_number(SKILL_MAX_LENGTH))]
    data.skill = normalise_skill(data.skill or "")
    checked, file_errors = ask_files.check(data.files)
    if file_errors:
        errors["files"] = file_errors
    return checked, errors


def open_ask(enrollment: Enrollment, data: AskData, actor) -> Ask:
    """A learner asks; the ask is offered to the first circle with somebody in it.

    A replayed ``client_key`` (a double-click, a resent form) returns the ask it opened."""
    if actor.id != enrollment.user_id:
        raise PermissionDenied()
    existing = find_ask(data.client_key)
    if existing is not None:
        if existing.user_id != actor.id:
            raise AskError(gettext("Reload the page and try again."))
        return existing
    if not permissions.can_open_ask(actor, enrollment):
        raise AskError(gettext("%(cohort)s takes no asks at the moment.", cohort=enrollment.cohort.name))
    checked, errors = _check_ask(enrollment, data)
    if errors:
        raise InvalidAsk(errors)
    now = utcnow()
    ask = Ask(cohort_id=enrollment.cohort_id, enrollment=enrollment, user_id=actor.id, title=data.title,
              body=data.body, body_html=render_user_markdown(data.body), lesson_id=data.lesson_id,
              submission_id=data.submission_id, skill=data.skill, urgency=AskUrgency(data.urgency),
              offered_at=now, waiting_since=now, created_at=now, client_key=data.client_key)
    transition(ask, AskState.AWAITING_MENTOR)
    ask.stage = routing.first_stage(ask)
    db.session.add(ask)
    db.session.flush()
    ask_files.attach(ask, checked)
    db.session.flush()
    record(actor, "ask_opened", ask, stage=ask.stage.value)
    signals.ask_opened.send(ask, actor=actor)
    return ask


def find_ask(client_key: str | None) -> Ask | None:
    if not client_key:
        return None
    return db.session.scalar(select(Ask).where(Ask.client_key == client_key))


def find_reply(client_key: str) -> AskReply | None:
    return db.session.scalar(select(AskReply).where(AskReply.client_key == client_key))


def _turn_to(ask: Ask, state: AskState, now) -> None:
    """Whose turn it is changes: a new wait begins, its reminders start again."""
    transition(ask, state)
    ask.waiting_since, ask.nudges_sent = now, 0


def _as_mentor(ask: Ask, actor, now) -> None:
    if not permissions.can_answer_ask(actor, ask):
        raise PermissionDenied()
    if ask.state == AskState.TIMED_OUT:
        raise AskError(gettext("This ask timed out waiting for the learner; it opens again when they reply."))
    holder = claims.holder_id(ask, now)
    if holder is not None and holder != actor.id:
        raise AlreadyClaimed(gettext("%(name)s holds this ask: ask them to hand it over, or wait "
                                     "until they give it back.", name=ask.mentor.name))
    if claims.claim_expired(ask, now):
        claims.return_expired_claim(ask, now)
    ask.mentor_id, ask.claimed_at = actor.id, None
    ask.first_response_at = ask.first_response_at or now
    if ask.state == AskState.AWAITING_MENTOR:
        _turn_to(ask, AskState.AWAITING_LEARNER, now)


def _as_learner(ask: Ask, actor, now) -> None:
    if not permissions.can_reply_as_learner(actor, ask):
        raise PermissionDenied()
    if ask.state in (AskState.AWAITING_LEARNER, AskState.TIMED_OUT):
        _turn_to(ask, AskState.AWAITING_MENTOR, now)
        if ask.mentor_id is None:
            ask.offered_at = now  # nobody holds it: offered again, its response target starts over


def reply_to_ask(ask: Ask, data: ReplyData, actor) -> AskReply:
    """Write in the thread as the learner or as a mentor; a replayed ``client_key`` returns the first reply."""
    existing = find_reply(data.client_key)
    if existing is not None:
        if existing.author_id != actor.id or existing.ask_id != ask.id:
            raise PermissionDenied()
        return existing
    if ask.state == AskState.RESOLVED:
        raise AskError(gettext("This ask is resolved; a new question is a new ask."))
    errors: dict[str, list[str]] = {}
    _check_body(data.body, errors)
    checked, file_errors = ask_files.check(data.files)
    if file_errors:
        errors["files"] = file_errors
    if errors:
        raise InvalidAsk(errors)
    now = utcnow()
    (_as_learner if actor.id == ask.user_id else _as_mentor)(ask, actor, now)
    reply = AskReply(ask=ask, kind=ReplyKind.REPLY, author_id=actor.id, body=data.body,
                     body_html=render_user_markdown(data.body), client_key=data.client_key, created_at=now)
    db.session.add(reply)
    claims.flush_or_lost()
    ask_files.attach(ask, checked, reply)
    db.session.flush()
    signals.ask_replied.send(reply, ask=ask, actor=actor)
    return reply


def resolve_ask(ask: Ask, actor) -> None:
    """The mentor holding the ask (or an admin) marks it resolved; the learner may still rate it."""
    if not permissions.can_answer_ask(actor, ask):
        raise PermissionDenied()
    if claims.holder_id(ask) != actor.id and not permissions.is_admin(actor):
        raise AskError(gettext("Only the mentor holding this ask can mark it resolved."))
    if ask.state not in OPEN_STATES:
        raise AskError(gettext("Only an open ask can be resolved."))
    _resolve(ask, actor)


def _resolve(ask: Ask, actor) -> None:
    transition(ask, AskState.RESOLVED)
    ask.resolved_by_id, ask.claimed_at = actor.id, None
    claims.flush_or_lost()
    record(actor, "ask_resolved", ask)
    signals.ask_resolved.send(ask, actor=actor)


def rate_ask(ask: Ask, rating: AskRating | None, note: str, public: bool, actor) -> None:
    """The learner closes the ask (or rates one a mentor resolved), with an optional thank-you note.

    A rating is needed once a mentor answered; an ask nobody answered closes without one."""
    if not permissions.can_rate_ask(actor, ask):
        raise PermissionDenied()
    if ask.rating is not None:
        raise AskError(gettext("You rated this ask already."))
    if ask.state not in (*OPEN_STATES, AskState.RESOLVED):
        raise AskError(gettext("This ask timed out; reply to open it again first."))
    answered = ask.first_response_at is not None
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    if answered and rating is None:
        errors["rating"] = [gettext("Say how helpful the answer was.")]
    if len(note) > THANKS_MAX_CHARS:
        errors["thanks_note"] = [gettext("Keep the note under %(limit)s characters.",
                                         limit=format_number(THANKS_MAX_CHARS))]
    if errors:
        raise InvalidAsk(errors)
    if not answered and ask.state == AskState.RESOLVED:
        raise AskError(gettext("Nobody answered this ask, so there is nothing to rate."))
    if answered:
        ask.rating, ask.rated_at = AskRating(rating), utcnow()
        ask.thanks_note, ask.thanks_public = note, bool(public and note)
    if ask.state in OPEN_STATES:
        _resolve(ask, actor)
    claims.flush_or_lost()
    if answered:
        record(actor, "ask_rated", ask, rating=ask.rating.value)
        signals.ask_rated.send(ask, actor=actor)


def show_thanks(ask: Ask, shown: bool, actor) -> None:
    """The thanked mentor chooses whether the learner's note shows on their profile."""
    if not permissions.can_show_thanks(actor, ask):
        raise PermissionDenied()
    if shown and not (ask.thanks_note and ask.thanks_public):
        raise AskError(gettext("The learner did not allow this note to be shown."))
    ask.thanks_shown = shown
    claims.flush_or_lost()
    record(actor, "ask_thanks_shown" if shown else "ask_thanks_hidden", ask)
