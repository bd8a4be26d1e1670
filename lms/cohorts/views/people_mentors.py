"""The people page's mentor forms: every learner's mentor in one form, each mentor's maximum."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext, ngettext
from flask_login import login_required

from lms.auth import acting_user
from lms.cohorts import mentor_changes, mentoring
from lms.cohorts.forms import AssignMentorForm, MaxMenteesForm, MentorChangesForm
from lms.cohorts.views import bp, load_managed_cohort
from lms.cohorts.views.people import _enrollment, render_people
from lms.extensions import db


def _back(cohort):
    page = request.form.get("page", type=int)
    return redirect(url_for("cohorts.people", cohort_id=cohort.id, page=page if page and page > 1 else None,
                            _anchor="learners-heading"))


@bp.route("/cohorts/<int:cohort_id>/people/mentors", methods=["POST"])
@login_required
def save_mentors(cohort_id: int):
    cohort = load_managed_cohort(cohort_id)
    choices = {int(key[7:]): value for key, value in request.form.items()
               if key.startswith("mentor-") and key[7:].isdigit() and len(key) < 20}
    changes, errors = mentor_changes.parse(request.form)
    try:
        if not MentorChangesForm().validate_on_submit():
            raise mentoring.MentoringError(gettext("The form expired; reload the page and choose again."))
        if errors:
            raise mentor_changes.MentorChangesRefused(errors)
        changed = mentor_changes.apply(cohort, changes, acting_user())
    except mentoring.MentoringError as error:
        db.session.rollback()
        flash(str(error), "error")
        return render_people(cohort, mentor_errors=getattr(error, "errors", {}), mentor_choices=choices, status=409)
    db.session.commit()
    flash(ngettext("%(num)d mentor change saved.", "%(num)d mentor changes saved.", len(changed)) if changed
          else gettext("No mentor was changed."), "success" if changed else "info")
    return _back(cohort)


@bp.route("/cohorts/<int:cohort_id>/enrollments/<int:enrollment_id>/mentor", methods=["POST"])
@login_required
def assign_mentor(cohort_id: int, enrollment_id: int):
    """One learner's mentor (kept for scripts and older pages; the people page saves them all at once)."""
    cohort = load_managed_cohort(cohort_id)
    enrollment = _enrollment(cohort, enrollment_id)
    form = AssignMentorForm()
    try:
        if not form.validate_on_submit():
            raise mentoring.MentoringError(gettext("Choose a mentor from the list, or none."))
        mentoring.assign_mentor(enrollment, form.mentor_id.data, actor=acting_user(), reason="reassigned by an admin")
    except mentoring.MentoringError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(gettext("Mentor of %(name)s saved.", name=enrollment.user.name), "success")
    return _back(cohort)


@bp.route("/cohorts/<int:cohort_id>/enrollments/<int:enrollment_id>/max-mentees", methods=["POST"])
@login_required
def set_max_mentees(cohort_id: int, enrollment_id: int):
    cohort = load_managed_cohort(cohort_id)
    enrollment = _enrollment(cohort, enrollment_id)
    form = MaxMenteesForm()
    try:
        if not form.validate_on_submit():
            raise mentoring.MentoringError(
                gettext("The maximum is a whole number from 0 to 1000, or empty for no limit."))
        mentoring.set_max_mentees(enrollment, form.max_mentees.data, acting_user())
    except mentoring.MentoringError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(gettext("Maximum mentees of %(name)s saved.", name=enrollment.user.name), "success")
    return _back(cohort)
