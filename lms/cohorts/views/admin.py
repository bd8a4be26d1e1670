"""Admin pages: the cohort list, create and edit, status changes (their page is ``lifecycle``; the cohort page
is ``lms.reports``)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from lms import permissions
from lms.auth import acting_user
from lms.cohorts import queries, services
from lms.cohorts.forms import CohortForm
from lms.cohorts.models import Cohort, CohortStatus, ReviewPolicy
from lms.cohorts.views import bp, load_managed_cohort
from lms.extensions import db
from lms.tracks.models import Track


def _track_choices(form: CohortForm) -> None:
    tracks = db.session.scalars(db.select(Track).where(Track.is_archived.is_(False)).order_by(Track.title))
    form.track_id.choices = [(t.id, t.title) for t in tracks]


def _data(form: CohortForm) -> services.CohortData:
    return services.CohortData(
        name=form.name.data, track_id=form.track_id.data, starts_on=form.starts_on.data,
        ends_on=form.ends_on.data, timezone=form.timezone.data, capacity=form.capacity.data,
        description=form.description.data or "", review_policy=ReviewPolicy(form.review_policy.data),
        review_turnaround_hours=form.review_turnaround_hours.data,
        learners_request_mentors=bool(form.learners_request_mentors.data),
        request_response_days=form.request_response_days.data or 3,
        ask_response_hours=form.ask_response_hours.data or 24, ask_nudge_days=form.ask_nudge_days.data or "2,5,9",
        ask_timeout_days=form.ask_timeout_days.data or 14)


@bp.route("/admin/cohorts")
@login_required
def admin_list():
    permissions.require(permissions.can_manage_cohort(current_user))
    return render_template("cohorts/admin_list.html", rows=queries.cohort_list())


@bp.route("/admin/cohorts/new", methods=["GET", "POST"])
@login_required
def create():
    permissions.require(permissions.can_manage_cohort(current_user))
    form = CohortForm()
    _track_choices(form)
    if request.method == "GET" and request.args.get("track", type=int) in dict(form.track_id.choices):
        form.track_id.data = request.args.get("track", type=int)  # "Create a cohort of this track"
    if form.validate_on_submit():
        try:
            cohort = services.create_cohort(_data(form), acting_user())
        except services.CohortError as error:
            form.name.errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Cohort “%(name)s” created as a draft.", name=cohort.name), "success")
            return redirect(url_for("reports.cohort", cohort_id=cohort.id))
    return render_template("cohorts/form.html", form=form, cohort=None)


@bp.route("/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@login_required
def edit(cohort_id: int):
    cohort = load_managed_cohort(cohort_id)
    form = CohortForm(obj=cohort, version=cohort.version, review_policy=cohort.review_policy.value)
    _track_choices(form)
    if form.validate_on_submit():
        try:
            services.update_cohort(cohort, _data(form), based_on_version=int(form.version.data or 0),
                                   actor=acting_user())
        except services.StaleEdit as error:
            db.session.rollback()
            return _conflict(cohort_id, form, str(error))
        except services.CohortError as error:
            db.session.rollback()
            form.name.errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Cohort saved."), "success")
            return redirect(url_for("reports.cohort", cohort_id=cohort.id))
    return render_template("cohorts/form.html", form=form, cohort=cohort)


def _conflict(cohort_id: int, mine: CohortForm, message: str):
    """Show the current values in the form, and what this person had typed beside them."""
    cohort = db.session.get(Cohort, cohort_id)
    theirs = CohortForm(formdata=None, obj=cohort, version=cohort.version, review_policy=cohort.review_policy.value)
    _track_choices(theirs)
    differences = [(field.label.text, field.data, getattr(theirs, field.name).data) for field in mine
                   if field.name not in ("csrf_token", "version") and field.data != getattr(theirs, field.name).data]
    flash(message, "warning")
    return render_template("cohorts/form.html", form=theirs, cohort=cohort, differences=differences), 409


@bp.route("/cohorts/<int:cohort_id>/status", methods=["POST"])
@login_required
def change_status(cohort_id: int):
    cohort = load_managed_cohort(cohort_id)
    try:
        services.change_status(cohort, CohortStatus(request.form.get("to", "")), acting_user())
    except ValueError:
        flash(gettext("Unknown status."), "error")
    except services.CohortError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(gettext("The cohort is now %(status)s.", status=services.STATUS_LABELS[cohort.status]), "success")
    return redirect(url_for("cohorts.status", cohort_id=cohort.id))
