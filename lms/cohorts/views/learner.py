"""What a learner sees of their cohort besides the schedule: their mentor."""
from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.auth.models import User
from lms.cohorts.models import Enrollment, EnrollmentRole
from lms.cohorts.views import bp, load_cohort
from lms.extensions import db
from lms.permissions import can_see_contact
from lms.profiles.models import Profile
from lms.profiles.skills import skills_by_user
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
    if mentor is None:
        return render_template("cohorts/mentor.html", cohort=cohort, mentor=None)
    profile = db.session.get(Profile, mentor.id)
    return render_template("cohorts/mentor.html", cohort=cohort, mentor=mentor, profile=profile,
                           bio_html=_bio_html(mentor, profile), skills=skills_by_user([mentor.id])[mentor.id],
                           show_contact=can_see_contact(current_user, mentor))


def _bio_html(user: User, profile: Profile | None) -> str:
    """The bio as rendered when it was saved; bios written before profiles stored it are rendered here."""
    if profile is not None and profile.bio_html:
        return profile.bio_html
    return render_user_markdown(user.bio) if (user.bio or "").strip() else ""
