"""Gradebook and roster CSV exports."""
from __future__ import annotations

from flask_login import current_user, login_required

from lms import permissions
from lms.cohorts import exports
from lms.cohorts.csvfile import csv_response
from lms.cohorts.views import bp, load_cohort


def _exportable(cohort_id: int):
    cohort = load_cohort(cohort_id)
    permissions.require(permissions.can_export_cohort(current_user, cohort))
    return cohort


@bp.route("/cohorts/<int:cohort_id>/gradebook.csv")
@login_required
def gradebook_csv(cohort_id: int):
    cohort = _exportable(cohort_id)
    header, rows = exports.gradebook(cohort)
    return csv_response(f"{exports.file_stem(cohort)}-gradebook.csv", header, rows)


@bp.route("/cohorts/<int:cohort_id>/roster.csv")
@login_required
def roster_csv(cohort_id: int):
    cohort = _exportable(cohort_id)
    header, rows = exports.roster(cohort)
    return csv_response(f"{exports.file_stem(cohort)}-roster.csv", header, rows)
