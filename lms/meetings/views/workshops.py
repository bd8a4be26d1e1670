"""Group sessions: the list, scheduling, the details page, seats, attendance and the recording."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from lms import permissions
from lms.auth import acting_user
from lms.cohorts.models import Cohort
from lms.database import utcnow
from lms.extensions import db
from lms.formtools import copy_errors
from lms.meetings import workshop_queries as queries, workshop_seats as seats, workshops
from lms.meetings.models import RegistrationStatus, Workshop, WorkshopKind
from lms.meetings.views import bp
from lms.meetings.workshop_errors import InvalidWorkshop, WorkshopError
from lms.meetings.workshop_forms import AttendanceForm, CancelWorkshopForm, RecordingForm, WorkshopForm

CONFLICT = lazy_gettext("Someone changed this workshop at the same moment. Look at it again.")


def _visible(workshop_id: int) -> Workshop:
    workshop = db.session.get(Workshop, workshop_id)
    permissions.require(workshop is not None and permissions.can_view_workshop(current_user, workshop), hide=True)
    return workshop


def _managed(workshop_id: int) -> Workshop:
    workshop = _visible(workshop_id)
    permissions.require(permissions.can_manage_workshop(current_user, workshop))
    return workshop




def _data(form: WorkshopForm, zone: str) -> workshops.WorkshopData:
    """The form as service data; the start is a wall-clock time in ``zone``."""
    return workshops.WorkshopData(kind=WorkshopKind(form.kind.data), title=form.title.data or "",
                                  description=form.description.data or "", day=form.day.data, start=form.start.data,
                                  minutes=form.minutes.data, seats=form.seats.data, zone=zone)


@bp.route("/workshops/")
@login_required
def workshop_list():
    upcoming, past = queries.workshops_for(current_user, utcnow())
    return render_template("meetings/workshop_list.html", upcoming=upcoming, past=past,
                           can_schedule=permissions.can_schedule_workshop(current_user),
                           kinds=workshops.KIND_LABELS)


@bp.route("/workshops/new", methods=["GET", "POST"])
@login_required
def workshop_new():
    cohort = None
    if request.args.get("cohort_id"):
        cohort = db.session.get(Cohort, request.args.get("cohort_id", type=int) or 0)
        permissions.require(cohort is not None and permissions.can_view_cohort(current_user, cohort), hide=True)
    permissions.require(permissions.can_schedule_workshop(current_user, cohort))
    form = WorkshopForm()
    if form.validate_on_submit():
        try:
            workshop = workshops.schedule_workshop(cohort, _data(form, current_user.timezone or "UTC"),
                                                   acting_user())
            db.session.commit()
            flash(gettext("Scheduled. People can register now."), "success")
            return redirect(url_for("meetings.workshop_detail", workshop_id=workshop.id))
        except InvalidWorkshop as error:
            db.session.rollback()
            copy_errors(form, error.errors)
    return render_template("meetings/workshop_form.html", form=form, cohort=cohort, workshop=None,
                           zone=current_user.timezone or "UTC",
                           cohorts=queries.schedulable_cohorts(current_user)), 400 if form.is_submitted() else 200


@bp.route("/workshops/<int:workshop_id>")
@login_required
def workshop_detail(workshop_id: int):
    return _detail_page(_visible(workshop_id))


def _detail_page(workshop: Workshop, *, recording_form=None, cancel_form=None, status=200):
    manage = permissions.can_manage_workshop(current_user, workshop)
    mine = seats.registration_of(workshop.id, current_user.id)
    return render_template(
        "meetings/workshop_detail.html", workshop=workshop, now=utcnow(), manage=manage, mine=mine,
        position=seats.waitlist_position(mine), kinds=workshops.KIND_LABELS,
        may_register=permissions.can_register_workshop(current_user, workshop),
        registrants=queries.registrants(workshop) if manage else [],
        recording_form=recording_form or RecordingForm(formdata=None, recording_url=workshop.recording_url),
        cancel_form=cancel_form or CancelWorkshopForm(formdata=None), attendance_form=AttendanceForm()), status


@bp.route("/workshops/<int:workshop_id>/edit", methods=["GET", "POST"])
@login_required
def workshop_edit(workshop_id: int):
    workshop = _managed(workshop_id)
    form = WorkshopForm(data=workshops.form_values(workshop) if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            # The form shows the start in the zone it was scheduled in (the host's), whoever edits it.
            changed = workshops.update_workshop(workshop, _data(form, workshop.timezone), acting_user())
            db.session.commit()
            flash(gettext("Saved: the people registered are told.") if changed else gettext("Nothing changed."),
                  "success")
            return redirect(url_for("meetings.workshop_detail", workshop_id=workshop.id))
        except InvalidWorkshop as error:
            db.session.rollback()
            copy_errors(form, error.errors)
        except (WorkshopError, StaleDataError) as error:
            db.session.rollback()
            form.form_errors.append(str(error) if isinstance(error, WorkshopError) else CONFLICT)
        workshop = _managed(workshop_id)
    return render_template("meetings/workshop_form.html", form=form, cohort=workshop.cohort, workshop=workshop,
                           zone=workshop.timezone, cohorts=[]), 400 if form.is_submitted() else 200


def _act(workshop_id: int, action, success: str, *, allowed=permissions.can_manage_workshop):
    """Load, check, run one service, commit; a refusal is flashed on the details page."""
    workshop = _visible(workshop_id)
    permissions.require(allowed(current_user, workshop))
    try:
        message = action(workshop, acting_user()) or success
        db.session.commit()
        flash(message, "success")
    except (WorkshopError, StaleDataError) as error:
        db.session.rollback()
        flash(str(error) if isinstance(error, WorkshopError) else CONFLICT, "error")
    return redirect(url_for("meetings.workshop_detail", workshop_id=workshop_id))


@bp.route("/workshops/<int:workshop_id>/cancel", methods=["POST"])
@login_required
def workshop_cancel(workshop_id: int):
    workshop = _managed(workshop_id)
    form = CancelWorkshopForm()
    if not form.validate_on_submit():
        return _detail_page(workshop, cancel_form=form, status=400)
    return _act(workshop_id, lambda w, actor: workshops.cancel_workshop(w, form.reason.data, actor),
                "Cancelled: the people registered are told.")


@bp.route("/workshops/<int:workshop_id>/register", methods=["POST"])
@login_required
def workshop_register(workshop_id: int):
    def register(workshop, actor) -> str:
        row = seats.register(workshop, actor)
        return (gettext("You have a seat.") if row.status == RegistrationStatus.REGISTERED else
                gettext("It is full: you are on the waitlist and move up automatically when a seat frees."))
    return _act(workshop_id, register, "", allowed=permissions.can_register_workshop)


def _may_unregister(user, workshop) -> bool:
    """Whoever may register, and anyone holding a place (so it can always be given back)."""
    return (permissions.can_register_workshop(user, workshop)
            or seats.registration_of(workshop.id, user.id) is not None)


@bp.route("/workshops/<int:workshop_id>/unregister", methods=["POST"])
@login_required
def workshop_unregister(workshop_id: int):
    def unregister(workshop, actor) -> str:
        return (gettext("You are no longer registered.") if seats.unregister(workshop, actor)
                else gettext("You held no place at this workshop."))
    return _act(workshop_id, unregister, "", allowed=_may_unregister)


@bp.route("/workshops/<int:workshop_id>/attendance", methods=["POST"])
@login_required
def workshop_attendance(workshop_id: int):
    _managed(workshop_id)
    if not AttendanceForm().validate_on_submit():
        abort(400)
    came = {int(v) for v in request.form.getlist("came") if v.isdigit() and len(v) < 12}
    return _act(workshop_id, lambda w, actor: workshops.take_attendance(w, came, actor),
                lazy_gettext("Attendance saved."))


@bp.route("/workshops/<int:workshop_id>/recording", methods=["POST"])
@login_required
def workshop_recording(workshop_id: int):
    workshop = _managed(workshop_id)
    form = RecordingForm()
    if not form.validate_on_submit():
        return _detail_page(workshop, recording_form=form, status=400)
    try:
        workshops.set_recording(workshop, form.recording_url.data or "", acting_user())
        db.session.commit()
    except InvalidWorkshop as error:
        db.session.rollback()
        copy_errors(form, error.errors)
        return _detail_page(_visible(workshop_id), recording_form=form, status=400)
    except (WorkshopError, StaleDataError) as error:
        db.session.rollback()
        flash(str(error) if isinstance(error, WorkshopError) else CONFLICT, "error")
        return redirect(url_for("meetings.workshop_detail", workshop_id=workshop_id))
    flash(gettext("Recording saved."), "success")
    return redirect(url_for("meetings.workshop_detail", workshop_id=workshop_id))
