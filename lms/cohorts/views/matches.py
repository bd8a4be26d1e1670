"""Suggested mentor matches: the admin accepts all, some, or changes the mentor per learner."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required

from lms.auth import acting_user
from lms.cohorts import matching, mentoring
from lms.cohorts.readiness import learner_readiness
from lms.cohorts.views import bp, load_managed_cohort
from lms.extensions import db


@bp.route("/cohorts/<int:cohort_id>/matches")
@login_required
def matches(cohort_id: int):
    cohort = load_managed_cohort(cohort_id)
    learners, mentors, skills = mentoring.matching_inputs(cohort)
    return render_template("cohorts/matches.html", cohort=cohort,
                           suggestions=matching.suggest_matches(learners, mentors, skills),
                           learner_names={learner.id: learner.name for learner in learners},
                           mentors=sorted(mentors, key=lambda m: (m.name.lower(), m.id)),
                           readiness=learner_readiness(cohort))


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
    suggested = {s.learner_id: s for s in mentoring.suggest(cohort)}
    reasons = {learner: suggested[learner].reason if learner in suggested and suggested[learner].mentor_id == mentor
               else "chosen by an admin" for learner, mentor in choices.items()}
    try:
        changed = mentoring.apply_choices(cohort, choices, reasons, acting_user())
    except mentoring.MentoringError as error:
        db.session.rollback()
        flash(f"{error} No mentor was assigned.", "error")
        return redirect(url_for("cohorts.matches", cohort_id=cohort.id))
    db.session.commit()
    if not changed:
        flash("No learner was selected.", "info")
        return redirect(url_for("cohorts.matches", cohort_id=cohort.id))
    flash(f"{changed} {'learner has' if changed == 1 else 'learners have'} a mentor now.", "success")
    return redirect(url_for("cohorts.people", cohort_id=cohort.id))
