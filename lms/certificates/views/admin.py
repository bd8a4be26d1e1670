"""Admin tools: list and filter, approve, revoke, re-issue, per-cohort issuing and ZIP export."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext, lazy_gettext
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from lms.audit.labels import describe as describe_event
from lms.audit.services import events_for
from lms.auth import acting_user
from lms.auth.models import User
from lms.auth.views import safe_next_url
from lms.certificates import jobs, queries, services
from lms.certificates.archive import zip_of_certificates
from lms.certificates.forms import CohortSettingsForm, FilterForm, IssueOverrideForm, RevokeForm
from lms.certificates.models import Certificate
from lms.certificates.views import bp
from lms.cohorts.models import Cohort, EnrollmentStatus
from lms.downloads import attachment_response
from lms.errors import DomainError, InvalidTransition
from lms.extensions import db
from lms.jobs import enqueue
from lms.permissions import can_manage_certificates, require
from lms.progress import records
from lms.progress.completion import completion
from lms.tracks.queries import current_lessons

ENROLMENT_STATUS = {
    EnrollmentStatus.ACTIVE: lazy_gettext("active"),
    EnrollmentStatus.WITHDRAWN: lazy_gettext("withdrawn"),
    EnrollmentStatus.COMPLETED: lazy_gettext("completed"),
}


def enrolment_status(status: EnrollmentStatus) -> str:
    return str(ENROLMENT_STATUS.get(status, status.value))


def _certificate(certificate_id: int) -> Certificate:
    require(can_manage_certificates(current_user))
    return db.session.get(Certificate, certificate_id) or abort(404)


def _cohort(cohort_id: int) -> Cohort:
    require(can_manage_certificates(current_user))
    return db.session.get(Cohort, cohort_id) or abort(404)


@bp.route("/admin/certificates")
@login_required
def admin_list():
    require(can_manage_certificates(current_user))
    form = FilterForm(request.args)
    form.cohort.choices = [SelectChoice("", gettext("All cohorts"))] + [
        SelectChoice(str(cohort_id), name) for cohort_id, name in queries.cohort_choices()]
    cohort_id = form.cohort.data if form.validate() else None
    result = queries.admin_certificates(cohort_id, form.status.data or None, request.args.get("page", 1, type=int))
    return render_template("certificates/admin/list.html", form=form, result=result, cohort_id=cohort_id)


@bp.route("/admin/certificates/<int:certificate_id>")
@login_required
def admin_detail(certificate_id: int):
    certificate = _certificate(certificate_id)
    return render_template("certificates/admin/detail.html", certificate=certificate,
                           revoke_form=RevokeForm(), events=events_for(certificate), describe_event=describe_event)


@bp.route("/admin/certificates/<int:certificate_id>/revoke", methods=["POST"])
@login_required
def revoke(certificate_id: int):
    certificate = _certificate(certificate_id)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            services.revoke(certificate, form.reason.data, acting_user())
        except InvalidTransition as error:  # revoked meanwhile: the form is gone from the page
            flash(str(error), "error")
            return redirect(url_for("certificates.admin_detail", certificate_id=certificate.id))
        except DomainError as error:
            form.reason.errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("The certificate of %(name)s is revoked.", name=certificate.learner_name), "success")
            return redirect(url_for("certificates.admin_detail", certificate_id=certificate.id))
    return render_template("certificates/admin/detail.html", certificate=certificate,
                           revoke_form=form, events=events_for(certificate), describe_event=describe_event), 400


@bp.route("/admin/certificates/<int:certificate_id>/approve", methods=["POST"])
@login_required
def approve(certificate_id: int):
    certificate = _certificate(certificate_id)
    try:
        services.approve(certificate, acting_user())
    except DomainError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(gettext("The certificate of %(name)s is issued.", name=certificate.learner_name), "success")
    if request.form.get("next"):
        return redirect(safe_next_url(request.form["next"]))
    return redirect(url_for("certificates.admin_detail", certificate_id=certificate.id))


@bp.route("/admin/certificates/<int:certificate_id>/reissue", methods=["POST"])
@login_required
def reissue(certificate_id: int):
    certificate = _certificate(certificate_id)
    try:
        replacement = services.reissue(certificate, acting_user())
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("certificates.admin_detail", certificate_id=certificate.id))
    db.session.commit()
    flash(gettext("A new certificate was issued; the old one is revoked."), "success")
    return redirect(url_for("certificates.admin_detail", certificate_id=replacement.id))


def _cohort_page(cohort: Cohort, *, override_errors: dict[int, str] | None = None,
                 override_reasons: dict[int, str] | None = None):
    settings = queries.cohort_settings(cohort.id)
    form = CohortSettingsForm(requires_approval=bool(settings and settings.requires_approval),
                              language=(settings.language if settings else None) or "")
    rows = queries.cohort_learners(cohort)
    lessons = current_lessons([cohort.track_id])
    progress = records.for_cohort(cohort, lessons, enrollments=[row.enrollment for row in rows])
    complete = {row.enrollment.id: completion(cohort.track, lessons, progress[row.enrollment.id]).complete
                for row in rows}
    return render_template("certificates/admin/cohort.html", cohort=cohort, settings_form=form,
                           rows=rows, progress=progress, complete=complete, enrolment_status=enrolment_status,
                           override_errors=override_errors or {}, override_reasons=override_reasons or {})


@bp.route("/admin/certificates/cohorts/<int:cohort_id>")
@login_required
def admin_cohort(cohort_id: int):
    return _cohort_page(_cohort(cohort_id))


@bp.route("/admin/certificates/cohorts/<int:cohort_id>/settings", methods=["POST"])
@login_required
def cohort_settings(cohort_id: int):
    cohort = _cohort(cohort_id)
    form = CohortSettingsForm()
    if form.validate_on_submit():
        services.save_settings(cohort, acting_user(), requires_approval=form.requires_approval.data,
                               language=form.language.data or None)
        db.session.commit()
        flash(gettext("Certificate settings saved."), "success")
    return redirect(url_for("certificates.admin_cohort", cohort_id=cohort.id))


@bp.route("/admin/certificates/cohorts/<int:cohort_id>/issue-due", methods=["POST"])
@login_required
def issue_due(cohort_id: int):
    cohort = _cohort(cohort_id)
    enqueue(jobs.issue_cohort_certificates, cohort.id, job_id=f"certificates-issue-cohort-{cohort.id}")
    flash(gettext("Issuing every due certificate in the background. Refresh this page in a minute."), "info")
    return redirect(url_for("certificates.admin_cohort", cohort_id=cohort.id))


@bp.route("/admin/certificates/cohorts/<int:cohort_id>/learners/<int:user_id>/issue", methods=["POST"])
@login_required
def issue_for_learner(cohort_id: int, user_id: int):
    cohort = _cohort(cohort_id)
    learner = db.session.get(User, user_id) or abort(404)
    form = IssueOverrideForm()
    if not form.validate_on_submit():
        message = " ".join(map(str, form.reason.errors)) or gettext("The form expired. Please try again.")
        return _cohort_page(cohort, override_errors={learner.id: message},
                            override_reasons={learner.id: form.reason.data or ""}), 400
    try:
        outcome = services.issue_manually(learner, cohort, acting_user(), override_reason=form.reason.data)
    except services.NotComplete as error:
        return _cohort_page(cohort, override_errors={learner.id: str(error)}), 400
    except DomainError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(gettext("%(name)s already has a certificate.", name=learner.name) if not outcome.created
              else gettext("Certificate issued to %(name)s.", name=learner.name),
              "info" if not outcome.created else "success")
    return redirect(url_for("certificates.admin_cohort", cohort_id=cohort.id))


@bp.route("/admin/certificates/cohorts/<int:cohort_id>/certificates.zip")
@login_required
def cohort_zip(cohort_id: int):
    cohort = _cohort(cohort_id)
    certificates = queries.issued_in_cohort(cohort.id)
    name = f"certificates-cohort-{cohort.id}.zip"
    return attachment_response(stream_with_context(zip_of_certificates(certificates)), name, "application/zip")
