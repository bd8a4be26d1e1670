"""The home page: a learner section and a mentor section, each shown to whoever has that role."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required

from lms import permissions
from lms.cohorts.models import EnrollmentRole
from lms.dashboard import queries
from lms.database import utcnow
from lms.peermentors.queries import seats_of

bp = Blueprint("dashboard", __name__, template_folder="templates")


@bp.route("/dashboard")
@login_required
def home():
    roles = queries.roles_of(current_user)
    if not roles and permissions.can_manage_cohort(current_user):
        return redirect(url_for("cohorts.admin_list"))
    now = utcnow()
    learner = queries.learner_home(current_user, now) if EnrollmentRole.LEARNER in roles else None
    mentor = queries.mentor_home(current_user) if EnrollmentRole.MENTOR in roles else None
    return render_template("dashboard/home.html", learner=learner, mentor=mentor, now=now,
                           peer_seats=seats_of(current_user.id),
                           base_url=current_app.config["LMS_BASE_URL"].rstrip("/"))


def home_for(user) -> str | None:
    """The home provider: enrolled people get the dashboard, admins without cohorts the cohort list."""
    if queries.roles_of(user):
        return url_for("dashboard.home")
    if permissions.can_manage_cohort(user):
        return url_for("cohorts.admin_list")
    return None
