"""Moderating a space: pin, lock, hide and move topics; hide posts (docs/community.md).

Services change rows and flush, never commit; they record an audit event for every action
and raise ``ModerationError`` (a message safe to show) or ``StaleContent`` when the topic or
post changed since the moderator's page was read (its ``version``). Who may call them is
decided by ``lms.permissions`` (``can_moderate_space``, ``can_move_topic``) in the views.
Hiding sends ``post_hidden`` (for a hidden topic: for each of its visible posts), so
notifications withdraw what they had not delivered yet.
"""
from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import select, update
from sqlalchemy.orm.exc import StaleDataError

from lms import signals
from lms.audit.services import record
from lms.auth.models import User
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.community.models import Post, PostReport, ReportOutcome, Space, Topic
from lms.community.topics import recount
from lms.database import utcnow
from lms.errors import DomainError
from lms.extensions import db
from lms.i18n.formatting import format_number
from lms.permissions import is_admin, mentored_cohort_ids
from lms.text import single_line

REASON_MAX = 500


class ModerationError(DomainError):
    """A moderation action was refused."""


class StaleContent(ModerationError):
    def __init__(self) -> None:
        super().__init__(gettext("Someone changed this at the same moment. Nothing was done: look at it again."))


def _check(thing: Topic | Post, based_on_version: int | None) -> None:
    if based_on_version is not None and based_on_version != thing.version:
        raise StaleContent()


def _flush() -> None:
    try:
        db.session.flush()  # the version column guards the moment between our read and this write
    except StaleDataError:
        raise StaleContent() from None


def _reason(reason: str) -> str:
    reason = single_line(reason or "")
    if not reason:
        raise ModerationError(gettext("Say why: the reason is shown to the other moderators."))
    if len(reason) > REASON_MAX:
        raise ModerationError(gettext("Keep the reason under %(max)s characters.", max=format_number(REASON_MAX)))
    return reason


# --- Topics ----------------------------------------------------------------------------------

def set_pinned(topic: Topic, pinned: bool, actor: User, *, based_on_version: int | None = None) -> None:
    _check(topic, based_on_version)
    if topic.is_pinned != pinned:
        topic.is_pinned = pinned
        record(actor, "topic.pinned" if pinned else "topic.unpinned", topic, space_id=topic.space_id)
        _flush()


def set_locked(topic: Topic, locked: bool, actor: User, *, based_on_version: int | None = None) -> None:
    _check(topic, based_on_version)
    if topic.is_locked != locked:
        topic.is_locked = locked
        record(actor, "topic.locked" if locked else "topic.unlocked", topic, space_id=topic.space_id)
        _flush()


def hide_topic(topic: Topic, reason: str, actor: User, *, based_on_version: int | None = None) -> None:
    """Hide the whole topic from members; its visible posts are withdrawn from notifications."""
    _check(topic, based_on_version)
    reason = _reason(reason)
    if topic.is_hidden:
        raise ModerationError(gettext("This topic is hidden already."))
    topic.is_hidden, topic.hidden_by_id, topic.hidden_at, topic.hide_reason = True, actor.id, utcnow(), reason
    record(actor, "topic.hidden", topic, space_id=topic.space_id, reason=reason)
    _flush()
    for post in db.session.scalars(select(Post).where(Post.topic_id == topic.id, Post.is_hidden.is_(False))):
        signals.post_hidden.send(post, actor=actor)


def unhide_topic(topic: Topic, actor: User, *, based_on_version: int | None = None) -> None:
    _check(topic, based_on_version)
    if not topic.is_hidden:
        raise ModerationError(gettext("This topic is not hidden."))
    topic.is_hidden, topic.hidden_by_id, topic.hidden_at, topic.hide_reason = False, None, None, ""
    record(actor, "topic.unhidden", topic, space_id=topic.space_id)
    _flush()


def move_targets(topic: Topic) -> list[Space]:
    """The other existing spaces of the topic's track (its track space, its cohorts' spaces)."""
    return list(db.session.scalars(
        select(Space).where(Space.track_id == topic.space.track_id, Space.id != topic.space_id)
        .order_by(Space.cohort_id.is_not(None), Space.id)))


def move_topic(topic: Topic, target: Space, actor: User, *, based_on_version: int | None = None) -> None:
    """Move the topic (with its posts) to another space of the same track."""
    _check(topic, based_on_version)
    if target.id == topic.space_id:
        raise ModerationError(gettext("The topic is in that space already."))
    if target.track_id != topic.space.track_id:
        raise ModerationError(gettext("A topic moves only between the spaces of its own track."))
    record(actor, "topic.moved", topic, from_space_id=topic.space_id, to_space_id=target.id)
    topic.space = target
    _flush()


# --- Posts -----------------------------------------------------------------------------------

def hide_post(post: Post, reason: str, actor: User, *, based_on_version: int | None = None) -> None:
    """Hide a post from members; its open reports are settled as ``hidden``."""
    _check(post, based_on_version)
    reason = _reason(reason)
    if post.is_hidden:
        raise ModerationError(gettext("This post is hidden already."))
    post.is_hidden, post.hidden_by_id, post.hidden_at, post.hide_reason = True, actor.id, utcnow(), reason
    record(actor, "post.hidden", post, topic_id=post.topic_id, reason=reason)
    _flush()
    settle_reports(post, ReportOutcome.HIDDEN, actor)
    recount(post.topic)
    signals.post_hidden.send(post, actor=actor)


def unhide_post(post: Post, actor: User, *, based_on_version: int | None = None) -> None:
    _check(post, based_on_version)
    if not post.is_hidden:
        raise ModerationError(gettext("This post is not hidden."))
    post.is_hidden, post.hidden_by_id, post.hidden_at, post.hide_reason = False, None, None, ""
    record(actor, "post.unhidden", post, topic_id=post.topic_id)
    _flush()
    recount(post.topic)


def settle_reports(post: Post, outcome: ReportOutcome, actor: User) -> int:
    """Close every open report of ``post`` with ``outcome``; how many were open."""
    result = db.session.execute(
        update(PostReport).where(PostReport.post_id == post.id, PostReport.outcome == ReportOutcome.OPEN)
        .values(outcome=outcome, resolved_by_id=actor.id, resolved_at=utcnow())
        .execution_options(synchronize_session=False))
    if result.rowcount:
        record(actor, f"post.reports_{outcome.value}", post, reports=result.rowcount)
    return result.rowcount


# --- Who moderates ---------------------------------------------------------------------------

def moderators_of(space: Space) -> list[User]:
    """The active mentors who moderate ``space`` (its cohort's; any cohort's of the track for a
    track space), the same people as ``lms.permissions.can_moderate_space`` bar the admins."""
    cohorts = ([space.cohort_id] if space.cohort_id is not None
               else select(Cohort.id).where(Cohort.track_id == space.track_id))
    return list(db.session.scalars(
        select(User).where(User.is_active.is_(True), User.id.in_(select(Enrollment.user_id).where(
            Enrollment.cohort_id.in_(cohorts), Enrollment.role == EnrollmentRole.MENTOR,
            Enrollment.status == EnrollmentStatus.ACTIVE))).order_by(User.id)))


def moderated_space_ids(user: User):
    """The ids of the spaces ``user`` moderates, as a SELECT: all of them for an admin."""
    if is_admin(user):
        return select(Space.id)
    mentored = mentored_cohort_ids(user)
    tracks = select(Cohort.track_id).where(Cohort.id.in_(mentored))
    return select(Space.id).where((Space.cohort_id.in_(mentored))
                                  | (Space.cohort_id.is_(None) & Space.track_id.in_(tracks)))
