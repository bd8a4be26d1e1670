"""Enrolment pages: who is in the cohort, adding people, CSV files, withdrawing, mentors."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import login_required
from sqlalchemy import select

from lms.auth import acting_user
from lms.auth.models import User
from lms.cohorts import enrolment, enrolment_csv, mentoring, people_search, queries
from lms.cohorts.csvfile import csv_response
from lms.cohorts.forms import AddPeopleForm, CsvUploadForm, MaxMenteesForm
from lms.cohorts.models import CsvEnrollmentPlan, Enrollment, EnrollmentRole
from lms.cohorts.views import bp, load_managed_cohort
from lms.extensions import db
from lms.pagecache import cached_page
from lms.profiles.skills import skills_by_user


def _picked(cohort, add_form: AddPeopleForm, results: list[User]) -> list[User]:
    """The search results, and (after a refused form) the people ticked before, still ticked."""
    shown = {user.id for user in results}
    ticked = [i for i in (add_form.users.data or []) if isinstance(i, int) and i not in shown][:people_search.LIMIT]
    extra = list(db.session.scalars(select(User).where(User.id.in_(ticked)).order_by(User.name))) if ticked else []
    return extra + results


def render_people(cohort, add_form=None, csv_form=None, plan_rows=None, status=200, mentor_errors=None,
                  mentor_choices=None):
    """The people page. ``mentor_choices`` (enrolment id -> mentor id as sent) keeps a refused form's choices."""
    add_form = add_form or AddPeopleForm()
    query = people_search.clean_query(request.args.get("q"))
    data = queries.people(cohort, request.values.get("page", 1, type=int) or 1)
    return render_template("cohorts/people.html", cohort=cohort, data=data, query=query,
                           picked=_picked(cohort, add_form, people_search.candidates(cohort, query)),
                           add_form=add_form, csv_form=csv_form or CsvUploadForm(), plan_rows=plan_rows,
                           loads=mentoring.mentee_counts(cohort.id), max_form=MaxMenteesForm(),
                           skills=skills_by_user(user.id for _, user, _ in data.mentors),
                           mentor_errors=mentor_errors or {}, mentor_choices=mentor_choices or {},
                           search_min=people_search.MIN_CHARS), status


@bp.route("/cohorts/<int:cohort_id>/people")
@login_required
@cached_page
def people(cohort_id: int):
    return render_people(load_managed_cohort(cohort_id))


@bp.route("/cohorts/<int:cohort_id>/people", methods=["POST"])
@login_required
def add_people(cohort_id: int):
    cohort = load_managed_cohort(cohort_id)
    form = AddPeopleForm()
    form.users.choices = []
    if not form.validate_on_submit():
        return render_people(cohort, add_form=form, status=400)
    chosen = db.session.scalars(select(User.email).where(User.id.in_(form.users.data or []))).all()
    rows = [enrolment_csv.CsvRow(line=0, email=email, name="") for email in chosen]
    try:
        rows += enrolment_csv.parse(form.emails.data or "")
        done = enrolment.enrol_list(cohort, rows, EnrollmentRole(form.role.data), acting_user(),
                                    credit_prior_work=form.credit_prior_work.data)
    except enrolment.PlanHasErrors as error:
        db.session.rollback()
        form.emails.errors.append(str(error))
        return render_people(cohort, add_form=form, plan_rows=error.rows, status=400)
    except (enrolment.EnrolmentError, enrolment_csv.CsvFormatError) as error:
        db.session.rollback()
        form.emails.errors.append(str(error))
        return render_people(cohort, add_form=form, status=409)
    db.session.commit()
    flash(ngettext("%(num)d person enrolled.", "%(num)d people enrolled.", len(done)), "success")
    return redirect(url_for("cohorts.people", cohort_id=cohort.id))


@bp.route("/cohorts/<int:cohort_id>/people/csv", methods=["POST"])
@login_required
def upload_csv(cohort_id: int):
    cohort = load_managed_cohort(cohort_id)
    form = CsvUploadForm()
    if not form.validate_on_submit():
        return render_people(cohort, csv_form=form, status=400)
    try:
        plan = enrolment.preview_csv(cohort, form.file.data.read(), EnrollmentRole(form.role.data),
                                     filename=form.file.data.filename or "", actor=acting_user())
    except (enrolment_csv.CsvFormatError, enrolment.EnrolmentError) as error:
        db.session.rollback()
        form.file.errors.append(str(error))
        return render_people(cohort, csv_form=form, status=400)
    db.session.commit()
    return redirect(url_for("cohorts.csv_preview", cohort_id=cohort.id, token=plan.token))


def _enrolled_from_file(count: int, filename: str | None, skipped: int) -> str:
    """``3 people enrolled from a.csv; 1 row not enrolled.``: whole sentences for each case."""
    if filename:
        enrolled = ngettext("%(num)d person enrolled from %(file)s", "%(num)d people enrolled from %(file)s", count,
                            file=filename)
    else:
        enrolled = ngettext("%(num)d person enrolled from the file", "%(num)d people enrolled from the file", count)
    if not skipped:
        return gettext("%(enrolled)s.", enrolled=enrolled)
    return ngettext("%(enrolled)s; %(num)d row not enrolled.", "%(enrolled)s; %(num)d rows not enrolled.", skipped,
                    enrolled=enrolled)


def _plan(cohort, token: str) -> CsvEnrollmentPlan:
    plan = db.session.scalar(select(CsvEnrollmentPlan).where(
        CsvEnrollmentPlan.token == token, CsvEnrollmentPlan.cohort_id == cohort.id))
    if plan is None:
        abort(404)
    return plan


@bp.route("/cohorts/<int:cohort_id>/people/csv/<token>")
@login_required
def csv_preview(cohort_id: int, token: str):
    cohort = load_managed_cohort(cohort_id)
    plan = _plan(cohort, token)
    return render_template("cohorts/csv_preview.html", cohort=cohort, plan=plan,
                           rows=enrolment_csv.from_json(plan.preview))


@bp.route("/cohorts/<int:cohort_id>/people/csv/<token>", methods=["POST"])
@login_required
def csv_confirm(cohort_id: int, token: str):
    cohort = load_managed_cohort(cohort_id)
    plan = _plan(cohort, token)
    try:
        rows = enrolment.confirm_csv(plan, cohort, acting_user(),
                                     skip_bad_rows=request.form.get("rows") == "good")
    except enrolment.PlanChanged as error:
        db.session.commit()  # keeps the new preview; nobody was enrolled
        flash(str(error), "warning")
    except enrolment.EnrolmentError as error:
        db.session.rollback()
        plan = _plan(cohort, token)
        if plan.confirmed_at is None:  # an enrolled file keeps the preview it was enrolled from
            enrolment.refresh_preview(plan, cohort)
        db.session.commit()
        flash(gettext("%(problem)s Nothing was enrolled; here is the preview as things stand now.", problem=error),
              "error")
    else:
        db.session.commit()
        skipped = len(plan.preview) - len(rows)
        flash(_enrolled_from_file(len(rows), plan.filename, skipped), "success")
        if not skipped:
            return redirect(url_for("cohorts.people", cohort_id=cohort.id))
    return redirect(url_for("cohorts.csv_preview", cohort_id=cohort.id, token=token))


@bp.route("/cohorts/<int:cohort_id>/people/csv/<token>/bad-rows.csv")
@login_required
def csv_bad_rows(cohort_id: int, token: str):
    cohort = load_managed_cohort(cohort_id)
    plan = _plan(cohort, token)
    stem = (plan.filename or "people.csv").rsplit(".", 1)[0] or "people"
    return csv_response(f"{stem}-not-enrolled.csv", enrolment.BAD_ROWS_HEADER, enrolment.bad_rows(plan))


def _enrollment(cohort, enrollment_id: int) -> Enrollment:
    enrollment = db.session.get(Enrollment, enrollment_id)
    if enrollment is None or enrollment.cohort_id != cohort.id:
        abort(404)
    return enrollment


@bp.route("/cohorts/<int:cohort_id>/enrollments/<int:enrollment_id>/<any(withdraw, reactivate):action>",
          methods=["POST"])
@login_required
def change_enrollment(cohort_id: int, enrollment_id: int, action: str):
    cohort = load_managed_cohort(cohort_id)
    enrollment = _enrollment(cohort, enrollment_id)
    try:
        getattr(enrolment, action)(enrollment, acting_user())
    except enrolment.EnrolmentError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(gettext("%(name)s withdrawn; their work is kept.", name=enrollment.user.name) if action == "withdraw"
              else gettext("%(name)s re-activated.", name=enrollment.user.name), "success")
    return redirect(url_for("cohorts.people", cohort_id=cohort.id))
