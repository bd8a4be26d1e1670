"""What a learner sees of their cohort besides the schedule: their mentor."""
from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.auth.models import User
from lms.cohorts.models import Enrollment, EnrollmentRole
from lms.cohorts.views import bp, load_cohort
from lms.extensions import db
from lms.profiles.skills import skill_names
from lms.rendering import render_user_markdown


@bp.route("/cohorts/<int:cohort_id>/mentor")
@login_required
def my_mentor(cohort_id: int):
    cohort = load_cohort(cohort_id)
    enrollment = db.session.scalar(select(Enrollment).where(
        Enrollment.cohort_id == cohort.id, Enrollment.user_id == current_user.id,
        Enrollment.role == EnrollmentRole.LEARNER))
    if enrollment is None:
        abort(404)
    mentor = db.session.get(User, enrollment.mentor_id) if enrollment.mentor_id else None
    return render_template("cohorts/mentor.html", cohort=cohort, mentor=mentor,
                           bio_html=render_user_markdown(mentor.bio or "") if mentor else "",
                           skills=skill_names(mentor.id) if mentor else [])
