"""Completion records for HR (read): a cohort's, or a person's, as cursor pages.

The same records as the completion CSV exports (``lms.certificates.completions``); who
may read them is the exports' rule: a cohort's for those who may export it, a person's
for admins and the person themself (the default, without a filter).
"""
from __future__ import annotations

from dataclasses import asdict

import marshmallow as ma
from flask_login import current_user

from lms.api.blueprint import ApiBlueprint
from lms.api.pagination import Page, PageArgs, page_schema, paginate
from lms.api.problems import ApiProblem
from lms.auth.models import User
from lms.certificates import completions
from lms.cohorts.models import Cohort, Enrollment
from lms.extensions import db
from lms.permissions import can_export_cohort, can_export_person_completions, can_view_cohort

blp = ApiBlueprint("completions", __name__, url_prefix="/api/v1/completions",
                   description="Completion records for HR: who completed what, when, with which certificate")

AN_ID = ma.validate.Range(min=1, max=2**31 - 1)  # what an id column holds


class CompletionFilters(PageArgs):
    cohort_id = ma.fields.Integer(validate=AN_ID, metadata={"description": "A cohort's records"})
    user_id = ma.fields.Integer(validate=AN_ID,
                                metadata={"description": "A person's records (default: your own)"})


class CompletionSchema(ma.Schema):
    enrollment_id = ma.fields.Integer(required=True)
    user_id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    email = ma.fields.String(required=True)
    track_slug = ma.fields.String(required=True)
    track_title = ma.fields.String(required=True)
    cohort_id = ma.fields.Integer(required=True)
    cohort_name = ma.fields.String(required=True)
    enrolment_status = ma.fields.String(required=True, metadata={"description": "active | completed | withdrawn"})
    progress_percent = ma.fields.Integer(required=True)
    completed = ma.fields.Boolean(required=True, metadata={"description": "The track's completion rule is met"})
    completed_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    certificate_id = ma.fields.Integer(required=True, allow_none=True)
    certificate_status = ma.fields.String(required=True, allow_none=True,
                                          metadata={"description": "pending_approval | issued | revoked"})
    certificate_code = ma.fields.String(required=True, allow_none=True)
    verify_url = ma.fields.String(required=True, allow_none=True)
    certificate_issued_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    certificate_revoked_at = ma.fields.AwareDateTime(required=True, allow_none=True)


def _cohort(cohort_id: int) -> Cohort:
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not can_view_cohort(current_user, cohort):
        raise ApiProblem(404, "No such cohort, or you may not read it.", code="not-found")
    if not can_export_cohort(current_user, cohort):
        raise ApiProblem(403, "You may not export this cohort's completion records.", code="forbidden")
    return cohort


def _person(user_id: int) -> User:
    person = db.session.get(User, user_id)
    if person is None or not can_export_person_completions(current_user, person):
        raise ApiProblem(404, "No such person, or you may not read their records.", code="not-found")
    return person


@blp.route("/")
@blp.scoped("certificates")
@blp.arguments(CompletionFilters, location="query", as_kwargs=True)
@blp.response(200, page_schema(CompletionSchema))
def list_completions(**args):
    """One record per learner enrolment of a cohort (``cohort_id``) or of a person (``user_id``; default: you)."""
    cohort = _cohort(args["cohort_id"]) if args.get("cohort_id") else None
    user_id = args.get("user_id") or (None if cohort else current_user.id)
    person = _person(user_id) if user_id else None
    query = completions.learner_enrolments(cohort_id=cohort.id if cohort else None,
                                           user_id=person.id if person else None)
    page = paginate(db.session, query, Enrollment.id, args)
    return Page(completions.records_of(page.items), page.next_cursor).answer(asdict)
