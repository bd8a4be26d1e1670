"""Completion records for HR as CSV: a cohort's and a person's, streamed.

The rows come from ``lms.certificates.completions``, as the API's ``/completions`` does.
"""
from __future__ import annotations

import re

from flask import abort, stream_with_context
from flask_login import current_user, login_required

from lms.auth.models import User
from lms.certificates import completions
from lms.certificates.views import bp
from lms.cohorts.csvfile import streamed_csv_response
from lms.cohorts.views import load_cohort
from lms.extensions import db
from lms.permissions import can_export_cohort, can_export_person_completions, require


def _slug(text: str, fallback: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or fallback


def _csv(query, filename: str):
    rows = stream_with_context(record.csv_row() for record in completions.stream(query))
    return streamed_csv_response(filename, completions.header(), rows)


@bp.route("/cohorts/<int:cohort_id>/completions.csv")
@login_required
def cohort_completions_csv(cohort_id: int):
    cohort = load_cohort(cohort_id)
    require(can_export_cohort(current_user, cohort))
    filename = f"{_slug(cohort.name, f'cohort-{cohort.id}')}-completions.csv"
    return _csv(completions.learner_enrolments(cohort_id=cohort.id), filename)


@bp.route("/people/<int:user_id>/completions.csv")
@login_required
def person_completions_csv(user_id: int):
    person = db.session.get(User, user_id) or abort(404)
    require(can_export_person_completions(current_user, person), hide=True)
    filename = f"{_slug(person.name, f'person-{person.id}')}-completions.csv"
    return _csv(completions.learner_enrolments(user_id=person.id), filename)
