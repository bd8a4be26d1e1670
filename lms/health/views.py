"""The program health pages (the organisation's, a cohort's) and their CSV exports: admins only."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_babel import gettext, lazy_gettext
from flask_login import current_user, login_required

from lms import permissions
from lms.cohorts.csvfile import csv_response
from lms.cohorts.models import CohortStatus
from lms.cohorts.views import load_cohort
from lms.database import utcnow
from lms.health import chart, table
from lms.health.figures import Health, Settings, program_health, settings_from
from lms.health.loading import organisation_cohorts
from lms.meetings.hours import HoursTable, mentor_hours

bp = Blueprint("health", __name__, template_folder="templates")

# A cohort's status beside its name in the table (its one word, as it always read).
COHORT_STATUS = {CohortStatus.DRAFT: lazy_gettext("draft"), CohortStatus.OPEN: lazy_gettext("open"),
                 CohortStatus.RUNNING: lazy_gettext("running"), CohortStatus.FINISHED: lazy_gettext("finished"),
                 CohortStatus.ARCHIVED: lazy_gettext("archived")}


def cohort_status_label(status: CohortStatus) -> str:
    return str(COHORT_STATUS.get(status, status.value))


def _settings() -> Settings:
    return settings_from(current_app.config)


def _organisation() -> Health:
    permissions.require(permissions.can_view_program_health(current_user))
    return program_health(organisation_cohorts(), utcnow(), _settings())


def _cohort(cohort_id: int) -> Health:
    cohort = load_cohort(cohort_id)
    permissions.require(permissions.can_view_program_health(current_user, cohort))
    return program_health([cohort], utcnow(), _settings(), one_cohort=True)


def _hours(health: Health) -> HoursTable:
    """Mentor hours (lms.meetings.hours) of the cohorts and mentors shown: the page and the CSV read this."""
    return mentor_hours([h.cohort.id for h in health.cohorts], utcnow(),
                        mentor_ids=[m.user_id for m in health.mentors])


@bp.route("/health")
@login_required
def organisation():
    health = _organisation()
    return render_template("health/organisation.html", health=health, meeting_hours=_hours(health),
                           cohort_status_label=cohort_status_label,
                           chart=chart.load_svg(health.mentors, title=gettext("Mentor load across cohorts")))


@bp.route("/health.csv")
@login_required
def organisation_csv():
    health = _organisation()
    header, rows = table.organisation(health, _hours(health))
    return csv_response("program-health.csv", header, rows)


@bp.route("/cohorts/<int:cohort_id>/health")
@login_required
def cohort(cohort_id: int):
    health = _cohort(cohort_id)
    [figures] = health.cohorts
    return render_template("health/cohort.html", health=health, h=figures, cohort=figures.cohort,
                           meeting_hours=_hours(health),
                           chart=chart.load_svg(health.mentors,
                                                title=gettext("Mentor load in %(cohort)s", cohort=figures.cohort.name)))


@bp.route("/cohorts/<int:cohort_id>/health.csv")
@login_required
def cohort_csv(cohort_id: int):
    health = _cohort(cohort_id)
    header, rows = table.cohort(health, _hours(health))
    return csv_response(f"cohort-{cohort_id}-health.csv", header, rows)
