"""The cohort's status page: where it is in its life, what the next step means, one button per step.

The button posts to ``admin.change_status``; this page is the confirmation (no browser dialog).
"""
from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import render_template
from flask_login import login_required

from lms.cohorts import lifecycle_guide, services
from lms.cohorts.models import CohortStatus
from lms.cohorts.views import bp, load_managed_cohort
from lms.database import utcnow


@bp.route("/cohorts/<int:cohort_id>/status")
@login_required
def status(cohort_id: int):
    cohort = load_managed_cohort(cohort_id)
    today = utcnow().astimezone(ZoneInfo(cohort.timezone or "UTC")).date()
    return render_template("cohorts/status.html", cohort=cohort, steps=list(CohortStatus),
                           next_statuses=services.next_statuses(cohort), labels=services.STATUS_LABELS,
                           meaning=lifecycle_guide.MEANING, checks=lifecycle_guide.checks(cohort, today))
