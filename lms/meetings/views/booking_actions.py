"""What people do to a session: confirm, decline, cancel, record attendance, keep notes."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import lazy_gettext
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from lms import permissions
from lms.auth import acting_user
from lms.errors import PermissionDenied
from lms.extensions import db
from lms.meetings import booking_changes
from lms.meetings.booking_forms import AttendanceForm, NoteForm, ReasonForm
from lms.meetings.booking_notes import save_note
from lms.meetings.bookings import BookingError
from lms.meetings.views import bp
from lms.meetings.views.bookings import session_page, visible_booking

STALE = lazy_gettext("Someone changed this session at the same moment. Look at it again.")


def _act(booking_id: int, allowed, action, success: str, *, form=None, form_key: str | None = None):
    """Load, check, validate, run one service, commit; a refusal re-renders the session with its message."""
    booking = visible_booking(booking_id)
    permissions.require(allowed(current_user, booking))
    if form is not None and not form.validate_on_submit():
        return session_page(booking, status=400, **{form_key: form})
    try:
        action(booking, acting_user())
        db.session.commit()
    except (BookingError, StaleDataError) as error:
        db.session.rollback()
        message = str(error) if isinstance(error, BookingError) else STALE
        if form is not None and isinstance(error, BookingError) and error.field and hasattr(form, error.field):
            getattr(form, error.field).errors = list(getattr(form, error.field).errors) + [message]
            return session_page(visible_booking(booking_id), status=400, **{form_key: form})
        flash(message, "error")
    except PermissionDenied:
        db.session.rollback()
        abort(403)
    else:
        flash(success, "success")
    return redirect(url_for("meetings.session", booking_id=booking_id))


@bp.route("/meetings/<int:booking_id>/confirm", methods=["POST"])
@login_required
def session_confirm(booking_id: int):
    return _act(booking_id, permissions.can_answer_booking, booking_changes.confirm, "Confirmed.")


@bp.route("/meetings/<int:booking_id>/decline", methods=["POST"])
@login_required
def session_decline(booking_id: int):
    form = ReasonForm(prefix="decline")
    return _act(booking_id, permissions.can_answer_booking,
                lambda booking, actor: booking_changes.decline(booking, form.reason.data, actor),
                "Declined. The learner reads your reason.", form=form, form_key="decline_form")


@bp.route("/meetings/<int:booking_id>/cancel", methods=["POST"])
@login_required
def session_cancel(booking_id: int):
    form = ReasonForm(prefix="cancel")
    return _act(booking_id, permissions.can_change_booking,
                lambda booking, actor: booking_changes.cancel(booking, form.reason.data, actor),
                "Cancelled. The time is free again.", form=form, form_key="cancel_form")


@bp.route("/meetings/<int:booking_id>/attendance", methods=["POST"])
@login_required
def session_attendance(booking_id: int):
    form = AttendanceForm()
    return _act(booking_id, permissions.can_answer_booking,
                lambda booking, actor: booking_changes.record_attendance(booking, form.attended.data == "yes", actor),
                lazy_gettext("Attendance recorded."), form=form, form_key="attendance_form")


@bp.route("/meetings/<int:booking_id>/notes", methods=["POST"])
@login_required
def session_notes(booking_id: int):
    shared = "1" if request.form.get("note1-shared") == "1" else "0"
    form = NoteForm(prefix=f"note{shared}")
    key = "shared_form" if shared == "1" else "private_form"
    return _act(booking_id, permissions.can_write_booking_notes,
                lambda booking, actor: save_note(booking, actor, form.body.data or "", shared=shared == "1",
                                                 version=int(form.version.data)),
                lazy_gettext("Note saved."), form=form, form_key=key)

