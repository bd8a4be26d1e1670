"""Cohort pages. One blueprint; the routes live in the modules imported at the end."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app
from flask_login import current_user
from sqlalchemy.orm import joinedload

from lms import permissions
from lms.cohorts.models import Cohort
from lms.extensions import db

bp = Blueprint("cohorts", __name__, template_folder="../templates")


def load_cohort(cohort_id: int) -> Cohort:
    """The cohort, or 404 for anyone who is not part of it (its existence is private)."""
    # Its track with it: nearly every cohort page names the track.
    cohort = db.session.get(Cohort, cohort_id, options=[joinedload(Cohort.track)])
    if cohort is None or not permissions.can_view_cohort(current_user, cohort):
        abort(404)
    return cohort


def load_managed_cohort(cohort_id: int) -> Cohort:
    """404 for strangers, 403 for members (mentors, learners) who may not manage it."""
    cohort = load_cohort(cohort_id)
    permissions.require(permissions.can_manage_cohort(current_user, cohort))
    return cohort


@bp.app_template_filter("cohort_time")
def cohort_time(moment: datetime, tz: str, fmt: str = "%a %d %b %Y, %H:%M") -> str:
    """A UTC moment as wall-clock time in ``tz`` (the cohort's or the viewer's zone)."""
    return moment.astimezone(ZoneInfo(tz or "UTC")).strftime(fmt)


def inactive_days() -> int:
    return int(current_app.config["AT_RISK_INACTIVE_DAYS"])


from lms.cohorts.views import (  # noqa: E402,F401
    admin,
    calendar,
    learner,
    lifecycle,
    matches,
    people,
    people_mentors,
    people_search,
    schedule,
)
