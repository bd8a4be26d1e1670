"""Enrolments: who is in a cohort; admins add people (one, or a list with a dry run) and withdraw them.

Adding goes through ``lms.cohorts.enrolment.enrol_list``, as the cohort's people page and
its CSV upload do: existing accounts are enrolled, new addresses invited, withdrawn
enrolments re-activated, every seat taken by the capacity-safe UPDATE; a list is
enrolled whole or not at all. The cohort's roster is for its admins and active mentors;
a learner sees their own enrolment. Emails show as on the pages (``contact_visible_ids``).
"""
from __future__ import annotations

import marshmallow as ma
from flask import url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms.api.blueprint import ApiBlueprint
from lms.api.idempotency import idempotent
from lms.api.pagination import PageArgs, page_schema, paginate
from lms.api.problems import ApiProblem
from lms.api.resources.cohorts import viewable_cohort
from lms.auth import acting_user
from lms.auth.models import User
from lms.cohorts import enrolment, enrolment_csv
from lms.cohorts.enrolment_csv import CsvRow, PlanRow
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.extensions import db
from lms.permissions import (
    can_manage_cohort,
    can_view_enrollment,
    contact_visible_ids,
    require,
    viewable_enrollment_clause,
)

blp = ApiBlueprint("enrolments", __name__, url_prefix="/api/v1", description="Who is in which cohort")

ROLES = [role.value for role in EnrollmentRole]
STATUSES = [status.value for status in EnrollmentStatus]
ACTIONS = [enrolment_csv.INVITE, enrolment_csv.ENROL, enrolment_csv.REACTIVATE, enrolment_csv.ERROR]
MAX_ROWS = 1000


class EnrolmentSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    cohort_id = ma.fields.Integer(required=True)
    user_id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    email = ma.fields.String(required=True, allow_none=True,
                             metadata={"description": "Shown to admins, the person and their mentoring partners"})
    role = ma.fields.String(required=True, metadata={"enum": ROLES})
    status = ma.fields.String(required=True, metadata={"enum": STATUSES})
    enrolled_at = ma.fields.AwareDateTime(required=True)
    mentor_id = ma.fields.Integer(required=True, allow_none=True,
                                  metadata={"description": "A learner's primary mentor"})
    max_mentees = ma.fields.Integer(required=True, allow_none=True)


class EnrolmentListArgs(PageArgs):
    role = ma.fields.String(validate=ma.validate.OneOf(ROLES))
    status = ma.fields.String(validate=ma.validate.OneOf(STATUSES))


class PersonSchema(ma.Schema):
    email = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=254))
    name = ma.fields.String(load_default="", validate=ma.validate.Length(max=enrolment_csv.NAME_MAX),
                            metadata={"description": "Needed to invite someone without an account"})
    mentor_email = ma.fields.String(load_default="", validate=ma.validate.Length(max=254),
                                    metadata={"description": "Learners: a mentor of the cohort to assign"})


class BulkRowSchema(PersonSchema):
    credit_prior_work = ma.fields.Boolean(load_default=None, allow_none=True,
                                          metadata={"description": "This row's choice; null: the request's"})


class EnrolSchema(PersonSchema):
    role = ma.fields.String(load_default=EnrollmentRole.LEARNER.value, validate=ma.validate.OneOf(ROLES))
    credit_prior_work = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "Credit lessons and quizzes done in an earlier cohort of the track"})


class BulkSchema(ma.Schema):
    rows = ma.fields.List(ma.fields.Nested(BulkRowSchema), required=True,
                          validate=ma.validate.Length(min=1, max=MAX_ROWS))
    role = ma.fields.String(load_default=EnrollmentRole.LEARNER.value, validate=ma.validate.OneOf(ROLES),
                            metadata={"description": "Every row is enrolled in this role"})
    credit_prior_work = ma.fields.Boolean(load_default=False)
    dry_run = ma.fields.Boolean(required=True, metadata={"description": "true: say what would happen, change nothing"})


class PlannedRowSchema(ma.Schema):
    line = ma.fields.Integer(required=True, metadata={"description": "The row's position in `rows`, from 1"})
    email = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    mentor_email = ma.fields.String(required=True)
    action = ma.fields.String(required=True, metadata={"enum": ACTIONS})
    reason = ma.fields.String(required=True, metadata={"description": "Why an `error` row cannot be enrolled"})
    credit_prior_work = ma.fields.Boolean(required=True)
    enrolment_id = ma.fields.Integer(required=True, allow_none=True, metadata={"description": "Once enrolled"})


class BulkResultSchema(ma.Schema):
    dry_run = ma.fields.Boolean(required=True)
    enrolled = ma.fields.Integer(required=True, metadata={"description": "Rows enrolled (0 in a dry run)"})
    errors = ma.fields.Integer(required=True, metadata={"description": "Rows that cannot be enrolled"})
    rows = ma.fields.List(ma.fields.Nested(PlannedRowSchema), required=True)


EnrolmentPage = page_schema(EnrolmentSchema)


def _enrolment(enrollment: Enrollment, email_visible: set[int]) -> dict:
    user = enrollment.user
    return {"id": enrollment.id, "cohort_id": enrollment.cohort_id, "user_id": user.id, "name": user.name,
            "email": user.email if user.id in email_visible else None, "role": enrollment.role.value,
            "status": enrollment.status.value, "enrolled_at": enrollment.enrolled_at,
            "mentor_id": enrollment.mentor_id, "max_mentees": enrollment.max_mentees}


def _answer(enrollment: Enrollment) -> dict:
    return _enrolment(enrollment, contact_visible_ids(current_user, [enrollment.user_id]))


def viewable_enrollment(enrollment_id: int) -> Enrollment:
    """The enrolment, or a 404 for anyone who may not see it."""
    enrollment = db.session.get(Enrollment, enrollment_id)
    if enrollment is None or not can_view_enrollment(current_user, enrollment):
        raise ApiProblem(404, "No such enrolment, or you may not see it.", code="not-found")
    return enrollment


def _managed_cohort(cohort_id: int) -> Cohort:
    cohort = viewable_cohort(cohort_id)
    require(can_manage_cohort(current_user, cohort))
    return cohort


def _csv_rows(rows: list[dict]) -> list[CsvRow]:
    def credit(value) -> str:
        return "" if value is None else "yes" if value else "no"
    return [CsvRow(line=number, email=row["email"], name=row["name"], mentor_email=row["mentor_email"],
                   credit=credit(row.get("credit_prior_work"))) for number, row in enumerate(rows, start=1)]


def _planned(rows: list[PlanRow], enrolled: dict[str, int]) -> list[dict]:
    return [{"line": row.line, "email": row.email, "name": row.name, "mentor_email": row.mentor_email,
             "action": row.action, "reason": row.reason, "credit_prior_work": row.credit,
             "enrolment_id": enrolled.get(row.email)} for row in rows]


def _enrolment_ids(cohort: Cohort, rows: list[PlanRow]) -> dict[str, int]:
    emails = {row.email for row in rows}
    return dict(db.session.execute(select(User.email, Enrollment.id).join(Enrollment, Enrollment.user_id == User.id)
                                   .where(Enrollment.cohort_id == cohort.id, User.email.in_(emails))).all())


def _field_of(reason: str) -> str:
    """Which field of a one-person request a plan row's refusal is about."""
    if "mentor" in reason:
        return "mentor_email"
    if "name" in reason:
        return "name"
    if "credit" in reason:
        return "credit_prior_work"
    return "email"


@blp.route("/cohorts/<int:cohort_id>/enrolments")
@blp.scoped("enrolments")
@blp.arguments(EnrolmentListArgs, location="query", as_kwargs=True)
@blp.response(200, EnrolmentPage)
def list_enrolments(cohort_id: int, **args):
    """The cohort's enrolments (withdrawn ones too): all of them for its admins and active mentors,
    one's own for a learner."""
    cohort = viewable_cohort(cohort_id)
    query = (select(Enrollment).where(Enrollment.cohort_id == cohort.id, viewable_enrollment_clause(current_user))
             .options(joinedload(Enrollment.user)))
    if args.get("role"):
        query = query.where(Enrollment.role == EnrollmentRole(args["role"]))
    if args.get("status"):
        query = query.where(Enrollment.status == EnrollmentStatus(args["status"]))
    page = paginate(db.session, query, Enrollment.id, args)
    visible = contact_visible_ids(current_user, [e.user_id for e in page.items])
    return page.answer(lambda e: _enrolment(e, visible))


@blp.route("/cohorts/<int:cohort_id>/enrolments", methods=["POST"])
@idempotent
@blp.scoped("enrolments", write=True)
@blp.arguments(EnrolSchema)
@blp.response(201, EnrolmentSchema)
@blp.alt_response(409, response="PROBLEM", description="The cohort is full or takes nobody new")
def enrol(args, cohort_id: int):
    """Enrol one person by email (admins): an existing account is enrolled, a new address is
    invited (give a ``name``), a withdrawn enrolment is re-activated in its role."""
    cohort = _managed_cohort(cohort_id)
    rows = _csv_rows([{**args, "credit_prior_work": None}])
    try:
        done = enrolment.enrol_list(cohort, rows, EnrollmentRole(args["role"]), acting_user(),
                                    credit_prior_work=args["credit_prior_work"])
    except enrolment.PlanHasErrors as error:
        db.session.rollback()
        reason = error.rows[0].reason
        raise ApiProblem(422, f"Not enrolled: {reason}.", code="invalid-fields",
                         errors={_field_of(reason): [reason]}) from None
    except enrolment.EnrolmentError as error:
        db.session.rollback()
        raise ApiProblem(409, str(error), code="enrolment-refused") from None
    enrollment = db.session.get(Enrollment, _enrolment_ids(cohort, done)[done[0].email])
    db.session.commit()
    return _answer(enrollment), 201, {"Location": url_for("api_enrolments.get_enrolment",
                                                          enrolment_id=enrollment.id)}


@blp.route("/cohorts/<int:cohort_id>/enrolments/bulk", methods=["POST"])
@idempotent
@blp.scoped("enrolments", write=True)
@blp.arguments(BulkSchema)
@blp.response(200, BulkResultSchema, description="The dry run: what enrolling would do, per row")
@blp.alt_response(201, schema=BulkResultSchema, description="Every row enrolled")
@blp.alt_response(409, response="PROBLEM", description="The cohort is full or takes nobody new")
def enrol_many(args, cohort_id: int):
    """Enrol a list (admins), as the CSV upload does: with ``dry_run`` each row says what would
    happen and nothing changes; otherwise every row is enrolled, or none (a 422 lists the bad rows)."""
    cohort = _managed_cohort(cohort_id)
    rows, role = _csv_rows(args["rows"]), EnrollmentRole(args["role"])
    if args["dry_run"]:
        planned = enrolment.plan_rows(cohort, rows, role, args["credit_prior_work"])
        return {"dry_run": True, "enrolled": 0, "errors": sum(row.is_error for row in planned),
                "rows": _planned(planned, {})}
    try:
        done = enrolment.enrol_list(cohort, rows, role, acting_user(), credit_prior_work=args["credit_prior_work"])
    except enrolment.PlanHasErrors as error:
        db.session.rollback()
        raise ApiProblem(422, str(error), code="invalid-rows", errors={
            f"rows.{row.line - 1}": [row.reason] for row in error.rows if row.is_error}) from None
    except enrolment.EnrolmentError as error:
        db.session.rollback()
        raise ApiProblem(409, f"{error} Nobody was enrolled.", code="enrolment-refused") from None
    body = {"dry_run": False, "enrolled": len(done), "errors": 0, "rows": _planned(done, _enrolment_ids(cohort, done))}
    db.session.commit()
    return body, 201


@blp.route("/enrolments/<int:enrolment_id>")
@blp.scoped("enrolments")
@blp.etag
@blp.response(200, EnrolmentSchema)
def get_enrolment(enrolment_id: int):
    """One enrolment: one's own, or any of a cohort one runs or mentors in."""
    return _answer(viewable_enrollment(enrolment_id))


@blp.route("/enrolments/<int:enrolment_id>/withdraw", methods=["POST"])
@blp.scoped("enrolments", write=True)
@blp.response(200, EnrolmentSchema)
@blp.alt_response(409, response="PROBLEM", description="Not active, so it cannot be withdrawn")
def withdraw(enrolment_id: int):
    """Withdraw someone from their cohort (admins); their work is kept and a learner's seat is freed."""
    enrollment = viewable_enrollment(enrolment_id)
    require(can_manage_cohort(current_user, enrollment.cohort))
    try:
        enrolment.withdraw(enrollment, acting_user())
    except enrolment.EnrolmentError as error:
        db.session.rollback()
        raise ApiProblem(409, str(error), code="enrolment-refused") from None
    db.session.commit()
    return _answer(enrollment)
