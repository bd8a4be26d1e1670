"""A mentor's own availability page, its exceptions, and a cohort's free mentor times."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from lms.auth import acting_user
from lms.cohorts.models import Cohort
from lms.database import utcnow
from lms.extensions import db
from lms.meetings import availability, availability_text, slot_lists
from lms.meetings.availability_forms import ExceptionForm, ScheduleForm
from lms.meetings.models import AvailabilityException
from lms.meetings.views import bp
from lms.permissions import (
    can_manage_availability_exception,
    can_publish_availability,
    can_view_mentor_directory,
    require,
)


def _page(user, form: ScheduleForm, exception_form: ExceptionForm, status: int = 200):
    saved = availability.schedule_of(user.id)
    now = utcnow()
    zone = availability.exception_zone(user)
    upcoming = availability.upcoming_exceptions(user.id, now)
    return render_template(
        "meetings/availability_edit.html", form=form, exception_form=exception_form, saved=saved,
        saved_weekly=availability.weekly_of(saved) if saved else None,
        weekdays=[availability_text.day_name(i) for i in range(7)],
        format_day=availability_text.format_day, zone=zone,
        exceptions=[(e, availability_text.exception_label(e, zone)) for e in upcoming],
        preview=slot_lists.preview(saved, now=now) if saved else [], conflict=bool(form.version.errors)), status


@bp.route("/meetings/availability", methods=["GET", "POST"])
@login_required
def availability_edit():
    user = acting_user()
    require(can_publish_availability(user))
    form = ScheduleForm()
    if request.method == "GET":
        form.fill(availability.schedule_of(user.id) or availability.blank_schedule(user))
    elif form.validate_on_submit():
        try:
            availability.save_schedule(user, form.to_data(), based_on=form.based_on())
        except availability_text.AvailabilityError as error:
            db.session.rollback()
            getattr(form, error.field or "version").errors.append(str(error))
            saved = availability.schedule_of(user.id)
            form.version.data = str(saved.version if saved else 0)
        else:
            db.session.commit()
            flash(gettext("Your availability is saved."), "success")
            return redirect(url_for("meetings.availability_edit"))
    status = 409 if form.version.errors else 400 if form.errors else 200
    return _page(user, form, ExceptionForm(formdata=None), status)


@bp.route("/meetings/availability/exceptions", methods=["POST"])
@login_required
def availability_exception_add():
    user = acting_user()
    require(can_publish_availability(user))
    form = ExceptionForm()
    if form.validate_on_submit():
        try:
            form.save(user, now=utcnow())
        except availability_text.AvailabilityError as error:
            db.session.rollback()
            getattr(form, error.field or "starts_on").errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Exception added."), "success")
            return redirect(url_for("meetings.availability_edit") + "#exceptions")
    schedule_form = ScheduleForm(formdata=None)
    schedule_form.fill(availability.schedule_of(user.id) or availability.blank_schedule(user))
    return _page(user, schedule_form, form, 400)


@bp.route("/meetings/availability/exceptions/<int:exception_id>/delete", methods=["POST"])
@login_required
def availability_exception_delete(exception_id: int):
    user = acting_user()
    require(can_publish_availability(user))
    exception = db.session.get(AvailabilityException, exception_id)
    require(exception is not None and can_manage_availability_exception(user, exception), hide=True)
    availability.delete_exception(exception)
    db.session.commit()
    flash(gettext("Exception removed."), "success")
    return redirect(url_for("meetings.availability_edit") + "#exceptions")


@bp.route("/cohorts/<int:cohort_id>/availability")
@login_required
def cohort_availability(cohort_id: int):
    cohort = db.session.get(Cohort, cohort_id)
    require(cohort is not None and can_view_mentor_directory(current_user, cohort), hide=True)
    viewer = acting_user()
    board, enrollment = slot_lists.cohort_board(cohort, viewer, now=utcnow())
    return render_template("meetings/availability_cohort.html", cohort=cohort, board=board, enrollment=enrollment,
                           can_link=enrollment is not None,
                           reader_zone=availability_text.zone_or_utc(viewer.timezone).key,
                           days=slot_lists.BOARD_DAYS, per_mentor=slot_lists.PER_MENTOR)
