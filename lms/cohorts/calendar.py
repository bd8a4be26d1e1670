"""Per-user calendar feeds: a secret token per user and the deadlines of their active cohorts.

Features above cohorts add their own events (sessions, workshops) without this module
importing them: each registers a source, ``add_feed_source(app, source)``, a callable
``source(user, base_url) -> list[ics.CalendarEvent]`` kept in
``app.extensions["calendar_feed_sources"]``; the feed lists deadlines, then each source's events.
"""
from __future__ import annotations

import re
import secrets
from typing import Callable
from urllib.parse import urlsplit

from flask import Flask, current_app
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms.auth.models import User
from lms.cohorts import ics, schedule
from lms.cohorts.models import CalendarToken, Cohort, CohortStatus, Enrollment, EnrollmentStatus
from lms.cohorts.services import deadline_overrides
from lms.database import utcnow
from lms.extensions import db
from lms.i18n.formatting import format_moment
from lms.tracks.queries import current_lessons
from lms.tracks.urls import lesson_url

FEED_STATUSES = (CohortStatus.OPEN, CohortStatus.RUNNING)
# What secrets.token_urlsafe(32) makes (43 characters), with room to spare.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def token_for(user: User) -> CalendarToken:
    """The user's feed token, created on first use."""
    token = db.session.get(CalendarToken, user.id)
    if token is None:
        token = CalendarToken(user_id=user.id, token=secrets.token_urlsafe(32), created_at=utcnow())
        db.session.add(token)
        db.session.flush()
    return token


def regenerate_token(user: User) -> CalendarToken:
    """A new secret; the old feed URL stops working at once."""
    token = token_for(user)
    token.token, token.created_at = secrets.token_urlsafe(32), utcnow()
    db.session.flush()
    return token


def user_for_token(token: str) -> User | None:
    """The active user whose feed ``token`` is, or None (also for any string not shaped like one)."""
    if not _TOKEN_SHAPE.fullmatch(token or ""):
        return None
    row = db.session.scalar(select(CalendarToken).where(CalendarToken.token == token))
    if row is None:
        return None
    user = db.session.get(User, row.user_id)
    return user if user is not None and user.is_active else None


FeedSource = Callable[[User, str], list[ics.CalendarEvent]]


def add_feed_source(app: Flask, source: FeedSource) -> None:
    """Add ``source``'s events to every personal feed (called from a feature's ``init_app``)."""
    app.extensions.setdefault("calendar_feed_sources", []).append(source)


def feed_events(user: User, base_url: str) -> list[ics.CalendarEvent]:
    """The user's deadlines, then the events of every registered source (sessions, workshops), in the
    user's language (call it inside ``speaking_to(user)``)."""
    events = deadline_events(user, base_url)
    for source in current_app.extensions.get("calendar_feed_sources", ()):
        events.extend(source(user, base_url))
    return events


def deadline_events(user: User, base_url: str) -> list[ics.CalendarEvent]:
    """One event per deadline in every open or running cohort the user is active in."""
    cohorts = db.session.scalars(
        select(Cohort).join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.user_id == user.id, Enrollment.status == EnrollmentStatus.ACTIVE,
               Cohort.status.in_(FEED_STATUSES))
        .options(joinedload(Cohort.track)).order_by(Cohort.starts_on, Cohort.id)).all()
    lessons = current_lessons({c.track_id for c in cohorts})
    overrides = deadline_overrides(c.id for c in cohorts)
    host = urlsplit(base_url).hostname or "localhost"
    events = []
    for cohort in cohorts:
        own = {lid: due for (cid, lid), due in overrides.items() if cid == cohort.id}
        for deadline in schedule.deadlines(cohort, [l for l in lessons if l.track_id == cohort.track_id], own):
            if deadline.due_at is None:
                continue
            slug = next(l.slug for l in lessons if l.id == deadline.lesson_id)
            events.append(ics.CalendarEvent(
                uid=f"cohort-{cohort.id}-lesson-{deadline.lesson_id}@{host}",
                start=deadline.due_at,
                summary=gettext("Due: %(title)s (%(cohort)s)", title=deadline.title, cohort=cohort.name),
                url=base_url.rstrip("/") + lesson_url(cohort.track.slug, slug),
                description=gettext("%(track)s · %(cohort)s. Due %(when)s.", track=cohort.track.title,
                                    cohort=cohort.name, when=format_moment(deadline.due_at, cohort.timezone,
                                                                           weekday=True, show_zone=True)),
            ))
    return events
