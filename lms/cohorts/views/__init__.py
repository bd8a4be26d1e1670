"""Cohort pages. One blueprint; the routes live in the modules imported at the end."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, current_app
from flask_babel import lazy_gettext
from flask_login import current_user
from sqlalchemy.orm import joinedload

from lms import permissions
from lms.cohorts.models import Cohort
from lms.extensions import db
from lms.i18n.formatting import format_clock, format_day, format_moment

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
def cohort_time(moment: datetime | None, tz: str | None = None, fmt: str | None = None) -> str:
    """A UTC moment as wall-clock time in ``tz`` (the cohort's or the viewer's zone), in the reader's
    language (``lms.i18n.formatting``). ``fmt`` is the old strftime pattern, kept so callers keep working;
    it only chooses the kind of text: a time alone (``%H:%M``), a day alone (no ``%H``), else day and time,
    with the weekday when the pattern had one (``%a``)."""
    if moment is None:
        return "—"
    zone = tz or "UTC"
    if fmt and "%H" in fmt and not any(code in fmt for code in ("%d", "%b", "%Y", "%a")):
        return format_clock(moment, zone)
    if fmt and "%H" not in fmt:
        return format_day(moment, zone, weekday="%a" in fmt)
    return format_moment(moment, zone, weekday=fmt is None or "%a" in fmt)


# Why a mentor was assigned, as the system stores it (English words in the history rows); shown translated.
# Reasons typed or suggested in another language are shown as stored.
_ASSIGNMENT_REASONS = {
    "reassigned by an admin": lazy_gettext("reassigned by an admin"),
    "chosen by an admin": lazy_gettext("chosen by an admin"),
    "named in the enrolment list": lazy_gettext("named in the enrolment list"),
    "unassigned": lazy_gettext("unassigned"),
    "replaced": lazy_gettext("replaced"),
    "assigned": lazy_gettext("assigned"),
    "re-paired by the program team": lazy_gettext("re-paired by the program team"),
    "cohort finished": lazy_gettext("cohort finished"),
    "cohort archived": lazy_gettext("cohort archived"),
}


@bp.app_template_filter("assignment_reason")
def assignment_reason(reason: str | None) -> str:
    return str(_ASSIGNMENT_REASONS.get(reason or "", reason or ""))


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
