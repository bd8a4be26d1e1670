"""Sessions and workshops (read): one-to-one bookings and group workshops.

A booking is visible to its two people and admins (``can_view_booking``); the notes people
keep about a session are not part of it (private notes are their author's alone). A
workshop is visible per ``can_view_workshop``; its video link is for the registered and
is left out. Times are UTC (ISO 8601); the zone names involved come beside them.
"""
from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms.api.blueprint import ApiBlueprint
from lms.api.pagination import SyncPageArgs, page_schema, paginate
from lms.api.problems import invalid
from lms.api.resources.refs import PersonSchema, not_found, person
from lms.extensions import db
from lms.meetings.models import Booking, BookingStatus, Workshop, WorkshopKind, WorkshopStatus
from lms.permissions import (
    can_view_booking,
    can_view_workshop,
    viewable_booking_clause,
    viewable_workshop_clause,
)

blp = ApiBlueprint("sessions", __name__, url_prefix="/api/v1", description="One-to-one sessions and workshops (read)")


class TimeRangeArgs(SyncPageArgs):
    starts_from = ma.fields.AwareDateTime(data_key="from", metadata={"description": "Starting at or after"})
    starts_to = ma.fields.AwareDateTime(data_key="to", metadata={"description": "Starting before"})


class SessionArgs(TimeRangeArgs):
    status = ma.fields.Enum(BookingStatus, by_value=True)


class WorkshopArgs(TimeRangeArgs):
    cohort_id = ma.fields.Integer(validate=ma.validate.Range(min=1))


class ZonedPersonSchema(PersonSchema):
    timezone = ma.fields.String(required=True, metadata={"description": "Their time zone (IANA name)"})


class SessionSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    cohort_id = ma.fields.Integer(required=True)
    enrollment_id = ma.fields.Integer(required=True)
    learner = ma.fields.Nested(ZonedPersonSchema, required=True)
    mentor = ma.fields.Nested(ZonedPersonSchema, required=True)
    starts_at = ma.fields.AwareDateTime(required=True)
    ends_at = ma.fields.AwareDateTime(required=True)
    minutes = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True, metadata={"description": ", ".join(s.value for s in BookingStatus)})
    agenda = ma.fields.String(required=True, metadata={"description": "Markdown, as written"})
    agenda_html = ma.fields.String(required=True, metadata={"description": "Rendered and sanitised"})
    video_url = ma.fields.String(required=True, allow_none=True,
                                 metadata={"description": "While the session holds its time, else null"})
    ask_id = ma.fields.Integer(required=True, allow_none=True)
    goal_id = ma.fields.Integer(required=True, allow_none=True)
    submission_id = ma.fields.Integer(required=True, allow_none=True)
    reschedules = ma.fields.Integer(required=True)
    confirmed_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    cancelled_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    cancel_reason = ma.fields.String(required=True)
    created_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)


class WorkshopSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    cohort_id = ma.fields.Integer(required=True, allow_none=True, metadata={"description": "null: the whole program"})
    host = ma.fields.Nested(PersonSchema, required=True)
    kind = ma.fields.String(required=True, metadata={"description": ", ".join(k.value for k in WorkshopKind)})
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True, metadata={"description": "Markdown, as written"})
    description_html = ma.fields.String(required=True, metadata={"description": "Rendered and sanitised"})
    starts_at = ma.fields.AwareDateTime(required=True)
    ends_at = ma.fields.AwareDateTime(required=True)
    timezone = ma.fields.String(required=True, metadata={"description": "The zone the host scheduled it in"})
    seats = ma.fields.Integer(required=True)
    seats_left = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True, metadata={"description": ", ".join(s.value for s in WorkshopStatus)})
    cancel_reason = ma.fields.String(required=True)
    created_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)


SessionPage = page_schema(SessionSchema)
WorkshopPage = page_schema(WorkshopSchema)


def _zoned(user) -> dict:
    return {**person(user), "timezone": user.timezone or "UTC"}


def _session(booking: Booking) -> dict:
    return {"id": booking.id, "cohort_id": booking.cohort_id, "enrollment_id": booking.enrollment_id,
            "learner": _zoned(booking.learner), "mentor": _zoned(booking.mentor), "starts_at": booking.starts_at,
            "ends_at": booking.ends_at, "minutes": booking.minutes, "status": booking.status.value,
            "agenda": booking.agenda, "agenda_html": booking.agenda_html,
            "video_url": booking.video_url if booking.holds_time else None, "ask_id": booking.ask_id,
            "goal_id": booking.goal_id, "submission_id": booking.submission_id, "reschedules": booking.reschedules,
            "confirmed_at": booking.confirmed_at, "cancelled_at": booking.cancelled_at,
            "cancel_reason": booking.cancel_reason, "created_at": booking.created_at, "updated_at": booking.updated_at}


def _workshop(workshop: Workshop) -> dict:
    return {"id": workshop.id, "cohort_id": workshop.cohort_id, "host": person(workshop.host),
            "kind": workshop.kind.value, "title": workshop.title, "description": workshop.description,
            "description_html": workshop.description_html, "starts_at": workshop.starts_at,
            "ends_at": workshop.ends_at, "timezone": workshop.timezone, "seats": workshop.seats,
            "seats_left": max(workshop.seats - workshop.seats_taken, 0), "status": workshop.status.value,
            "cancel_reason": workshop.cancel_reason, "created_at": workshop.created_at,
            "updated_at": workshop.updated_at}


def _in_range(query, column, updated_column, args: dict):
    start, end = args.get("starts_from"), args.get("starts_to")
    if start and end and end <= start:
        raise invalid("to", "`to` comes after `from`.")
    if start:
        query = query.where(column >= start)
    if end:
        query = query.where(column < end)
    if args.get("updated_since"):
        query = query.where(updated_column >= args["updated_since"])
    return query


def _bookings():
    return select(Booking).options(joinedload(Booking.learner), joinedload(Booking.mentor))


@blp.route("/sessions/")
@blp.scoped("sessions")
@blp.arguments(SessionArgs, location="query", as_kwargs=True)
@blp.response(200, SessionPage)
def list_sessions(**args):
    """The caller's one-to-one sessions, as learner or mentor (admins: every session)."""
    query = _in_range(_bookings().where(viewable_booking_clause(current_user, Booking)),
                      Booking.starts_at, Booking.updated_at, args)
    if args.get("status"):
        query = query.where(Booking.status == args["status"])
    return paginate(db.session, query, Booking.id, args).answer(_session)


@blp.route("/sessions/<int:booking_id>")
@blp.scoped("sessions")
@blp.etag
@blp.response(200, SessionSchema)
def get_session(booking_id: int):
    """One session."""
    booking = db.session.scalar(_bookings().where(Booking.id == booking_id))
    if booking is None or not can_view_booking(current_user, booking):
        raise not_found("session")
    return _session(booking)


@blp.route("/workshops/")
@blp.scoped("sessions")
@blp.arguments(WorkshopArgs, location="query", as_kwargs=True)
@blp.response(200, WorkshopPage)
def list_workshops(**args):
    """The workshops the caller may see: their cohorts' and the program-wide ones (admins: all)."""
    query = _in_range(select(Workshop).where(viewable_workshop_clause(current_user, Workshop))
                      .options(joinedload(Workshop.host)), Workshop.starts_at, Workshop.updated_at, args)
    if args.get("cohort_id"):
        query = query.where(Workshop.cohort_id == args["cohort_id"])
    return paginate(db.session, query, Workshop.id, args).answer(_workshop)


@blp.route("/workshops/<int:workshop_id>")
@blp.scoped("sessions")
@blp.etag
@blp.response(200, WorkshopSchema)
def get_workshop(workshop_id: int):
    """One workshop."""
    workshop = db.session.scalar(select(Workshop).where(Workshop.id == workshop_id)
                                 .options(joinedload(Workshop.host)))
    if workshop is None or not can_view_workshop(current_user, workshop):
        raise not_found("workshop")
    return _workshop(workshop)
