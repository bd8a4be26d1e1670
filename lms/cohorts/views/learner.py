"""What a learner sees of their cohort besides the schedule: their mentors."""
from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.cohorts.mentor_page import mentor_page
from lms.cohorts.models import Enrollment, EnrollmentRole
from lms.cohorts.views import bp, load_cohort
from lms.database import utcnow
from lms.extensions import db
from lms.profiles.skills import skills_by_user


@bp.route("/cohorts/<int:cohort_id>/mentor")
@login_required
def my_mentor(cohort_id: int):
    cohort = load_cohort(cohort_id)
    enrollment = db.session.scalar(select(Enrollment).where(
        Enrollment.cohort_id == cohort.id, Enrollment.user_id == current_user.id,
        Enrollment.role == EnrollmentRole.LEARNER))
    if enrollment is None:
        abort(404)
    page = mentor_page(enrollment, utcnow())
    skills = skills_by_user(m.mentor_id for m in page.active)
    # The bio as rendered when it was saved (migration 0008 rendered the older ones).
    bios = {m.mentor_id: page.profiles[m.mentor_id].bio_html if m.mentor_id in page.profiles else ""
            for m in page.active}
    return render_template("cohorts/mentor.html", cohort=cohort, enrollment=enrollment, page=page, skills=skills,
                           bios=bios)
