"""The home page: a learner section and a mentor section, each shown to whoever has that role."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, url_for
from flask_login import current_user, login_required

from lms import permissions
from lms.cohorts.models import EnrollmentRole
from lms.dashboard import overview, queries
from lms.database import utcnow
from lms.health.figures import settings_from
from lms.pagecache import cached_page
from lms.peermentors.queries import seats_of

bp = Blueprint("dashboard", __name__, template_folder="templates")


@bp.route("/dashboard")
@login_required
@cached_page
def home():
    roles = queries.roles_of(current_user)
    now = utcnow()
    learner = queries.learner_home(current_user, now) if EnrollmentRole.LEARNER in roles else None
    mentor = queries.mentor_home(current_user) if EnrollmentRole.MENTOR in roles else None
    admin = (overview.admin_overview(now, settings_from(current_app.config))
             if permissions.can_view_program_health(current_user) else None)
    return render_template("dashboard/home.html", learner=learner, mentor=mentor, overview=admin, now=now,
                           peer_seats=seats_of(current_user.id),
                           base_url=current_app.config["LMS_BASE_URL"].rstrip("/"))


def home_for(user) -> str | None:
    """The home provider: enrolled people and admins get the dashboard."""
    if queries.roles_of(user) or permissions.can_view_program_health(user):
        return url_for("dashboard.home")
    return None
