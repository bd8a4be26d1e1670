"""Download a session's or a workshop's invitation (.ics) to add it to a calendar by hand."""
from __future__ import annotations

from flask import Response
from flask_login import current_user, login_required
from sqlalchemy import select

from lms import permissions
from lms.extensions import db
from lms.meetings import invites
from lms.meetings.models import Booking, RegistrationStatus, Workshop, WorkshopRegistration
from lms.meetings.views import bp


def _ics(text: str, name: str) -> Response:
    response = Response(text.encode("utf-8"), mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/meetings/<int:booking_id>/invite.ics")
@login_required
def booking_invite(booking_id: int):
    booking = db.session.get(Booking, booking_id)
    permissions.require(booking is not None and permissions.can_view_booking(current_user, booking), hide=True)
    return _ics(invites.booking_invite(booking), f"session-{booking.id}.ics")


@bp.route("/workshops/<int:workshop_id>/invite.ics")
@login_required
def workshop_invite(workshop_id: int):
    workshop = db.session.get(Workshop, workshop_id)
    permissions.require(workshop is not None and permissions.can_view_workshop(current_user, workshop), hide=True)
    seat = db.session.scalar(select(WorkshopRegistration).where(
        WorkshopRegistration.workshop_id == workshop.id, WorkshopRegistration.user_id == current_user.id))
    attendee = current_user if seat is not None and seat.status == RegistrationStatus.REGISTERED else None
    return _ics(invites.workshop_invite(workshop, invites.workshop_method(workshop, seat), attendee),
                f"workshop-{workshop.id}.ics")
