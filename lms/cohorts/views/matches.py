"""Suggested mentor matches: the admin accepts all, some or none, or changes the mentor per learner;
and the pairs that are never matched."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required

from lms import permissions
from lms.auth import acting_user
from lms.cohorts import exclusions
from lms.cohorts.forms import ExclusionForm
from lms.cohorts.matching_inputs import matching_inputs
from lms.cohorts.mentoring import MentoringError
from lms.cohorts.models import MatchExclusion
from lms.cohorts.readiness import learner_readiness
from lms.cohorts.suggestions import ChoicesRefused, apply_choices, suggest
from lms.cohorts.views import bp, load_managed_cohort
from lms.extensions import db


def _exclusion_form(cohort, formdata=None) -> tuple[ExclusionForm, dict[int, str]]:
    learners, mentors = exclusions.cohort_people(cohort.id)
    form = ExclusionForm(formdata=formdata)
    form.learner_id.choices = [(0, "— %s —" % gettext("learner"))] + learners
    form.mentor_id.choices = [(0, "— %s —" % gettext("mentor"))] + mentors
    return form, dict(learners + mentors)


def _page(cohort, form=None, status=200):
    inputs = matching_inputs(cohort)
    form = form or _exclusion_form(cohort)[0]
    learner_ids = [user_id for user_id, _ in form.learner_id.choices[1:]]
    mentor_ids = [user_id for user_id, _ in form.mentor_id.choices[1:]]
    return render_template("cohorts/matches.html", cohort=cohort, inputs=inputs, suggestions=suggest(inputs),
                           learner_names={learner.id: learner.name for learner in inputs.learners},
                           mentors=sorted(inputs.mentors, key=lambda m: (m.name.lower(), m.id)),
                           mentor_names={mentor.id: mentor.name for mentor in inputs.mentors},
                           exclusions=exclusions.exclusions_involving(learner_ids, mentor_ids),
                           form=form, readiness=learner_readiness(cohort)), status


@bp.route("/cohorts/<int:cohort_id>/matches")
@login_required
def matches(cohort_id: int):
    return _page(load_managed_cohort(cohort_id))


def _choices(form, take_all: bool) -> dict[int, int]:
    """Learner enrollment id -> chosen mentor, for the rows ticked (or every row)."""
    choices = {}
    for key, value in form.items():
        learner = key.removeprefix("mentor-")
        if learner != key and learner.isdigit() and value.isdigit():
            if take_all or form.get(f"accept-{learner}"):
                choices[int(learner)] = int(value)
    return choices


@bp.route("/cohorts/<int:cohort_id>/matches", methods=["POST"])
@login_required
def accept_matches(cohort_id: int):
    cohort = load_managed_cohort(cohort_id)
    choices = _choices(request.form, take_all="accept_all" in request.form)
    suggested = {s.learner_id: s for s in suggest(matching_inputs(cohort))}
    reasons = {learner: suggested[learner].reason if learner in suggested and suggested[learner].mentor_id == mentor
               else "chosen by an admin" for learner, mentor in choices.items()}
    try:
        changed = apply_choices(cohort, choices, reasons, acting_user())
    except ChoicesRefused as refused:
        db.session.rollback()
        for message in refused.messages:
            flash(message, "error")
        flash(gettext("No mentor was assigned: change or untick those rows."), "error")
        return redirect(url_for("cohorts.matches", cohort_id=cohort.id))
    except MentoringError as error:
        db.session.rollback()
        flash(gettext("%(problem)s No mentor was assigned.", problem=error), "error")
        return redirect(url_for("cohorts.matches", cohort_id=cohort.id))
    db.session.commit()
    if not changed:
        flash(gettext("No learner was selected."), "info")
        return redirect(url_for("cohorts.matches", cohort_id=cohort.id))
    flash(ngettext("%(num)d learner has a mentor now.", "%(num)d learners have a mentor now.", changed), "success")
    return redirect(url_for("cohorts.people", cohort_id=cohort.id))


@bp.route("/cohorts/<int:cohort_id>/exclusions", methods=["POST"])
@login_required
def add_exclusion(cohort_id: int):
    cohort = load_managed_cohort(cohort_id)
    permissions.require(permissions.can_manage_exclusions(current_user, cohort))
    form, names = _exclusion_form(cohort, request.form)
    if not form.validate():
        return _page(cohort, form, 400)
    try:
        exclusions.exclude_pair(form.learner_id.data, form.mentor_id.data, form.reason.data, acting_user())
    except exclusions.ExclusionError as error:
        db.session.rollback()
        form.mentor_id.errors.append(str(error))
        return _page(cohort, form, 400)
    db.session.commit()
    flash(gettext("%(learner)s and %(mentor)s will never be matched.", learner=names[form.learner_id.data],
                  mentor=names[form.mentor_id.data]), "success")
    return redirect(url_for("cohorts.matches", cohort_id=cohort.id, _anchor="exclusions"))


@bp.route("/cohorts/<int:cohort_id>/exclusions/<int:exclusion_id>/delete", methods=["POST"])
@login_required
def remove_exclusion(cohort_id: int, exclusion_id: int):
    cohort = load_managed_cohort(cohort_id)
    permissions.require(permissions.can_manage_exclusions(current_user, cohort))
    learners, mentors = exclusions.cohort_people(cohort.id)
    exclusion = db.session.get(MatchExclusion, exclusion_id)
    if exclusion is None or (exclusion.learner_id not in dict(learners) and exclusion.mentor_id not in dict(mentors)):
        abort(404)   # managed from the page of a cohort where the learner or the mentor takes part
    names = exclusions.pair_names(exclusion)
    exclusions.allow_pair(exclusion, acting_user())
    db.session.commit()
    flash(gettext("%(learner)s and %(mentor)s may be matched again.", learner=names[0], mentor=names[1]), "success")
    return redirect(url_for("cohorts.matches", cohort_id=cohort.id, _anchor="exclusions"))
