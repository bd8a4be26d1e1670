"""Cohorts: list and read what the caller may view; admins create and change them.

Writes go through ``lms.cohorts.services`` (its validation, its life cycle, its optimistic
version check), so the API refuses exactly what the cohort form refuses, field by field.
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
from lms.api.problems import ApiProblem, invalid
from lms.auth import acting_user
from lms.cohorts import services
from lms.cohorts.models import Cohort, CohortStatus, ReviewPolicy
from lms.extensions import db
from lms.permissions import can_manage_cohort, can_view_cohort, require, viewable_cohort_clause
from lms.rendering import render_user_markdown
from lms.tracks import queries as tracks
from lms.tracks.models import Track

blp = ApiBlueprint("cohorts", __name__, url_prefix="/api/v1/cohorts", description="Cohorts (admins change them)")

STATUSES = [status.value for status in CohortStatus]
POLICIES = [policy.value for policy in ReviewPolicy]


class CohortSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    track = ma.fields.String(required=True, metadata={"description": "The track's slug"})
    track_id = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True, metadata={"enum": STATUSES})
    starts_on = ma.fields.Date(required=True)
    ends_on = ma.fields.Date(required=True)
    timezone = ma.fields.String(required=True)
    capacity = ma.fields.Integer(required=True, allow_none=True,
                                 metadata={"description": "Learner seats; null: no limit"})
    seats_taken = ma.fields.Integer(required=True)
    description = ma.fields.String(required=True, metadata={"description": "Markdown, as written"})
    review_policy = ma.fields.String(required=True, metadata={"enum": POLICIES})
    review_turnaround_hours = ma.fields.Integer(required=True)
    learners_request_mentors = ma.fields.Boolean(required=True)
    request_response_days = ma.fields.Integer(required=True)
    ask_response_hours = ma.fields.Integer(required=True)
    ask_nudge_days = ma.fields.String(required=True)
    ask_timeout_days = ma.fields.Integer(required=True)
    version = ma.fields.Integer(required=True)
    created_at = ma.fields.AwareDateTime(required=True)


class CohortDetailSchema(CohortSchema):
    description_html = ma.fields.String(required=True, metadata={"description": "The description, sanitised HTML"})


class CohortListArgs(PageArgs):
    status = ma.fields.String(validate=ma.validate.OneOf(STATUSES))
    track = ma.fields.String(validate=ma.validate.Length(max=200), metadata={"description": "A track's slug"})


class CohortChangeSchema(ma.Schema):
    """What an admin may set; every field is optional in a PATCH."""

    name = ma.fields.String(validate=ma.validate.Length(max=200))
    track = ma.fields.String(validate=ma.validate.Length(max=200), metadata={"description": "A track's slug"})
    starts_on = ma.fields.Date()
    ends_on = ma.fields.Date()
    timezone = ma.fields.String(validate=ma.validate.Length(max=64))
    capacity = ma.fields.Integer(allow_none=True, validate=ma.validate.Range(0, 100_000))
    description = ma.fields.String(validate=ma.validate.Length(max=10_000))
    review_policy = ma.fields.String(validate=ma.validate.OneOf(POLICIES))
    review_turnaround_hours = ma.fields.Integer(validate=ma.validate.Range(1, 24 * 60))
    learners_request_mentors = ma.fields.Boolean()
    request_response_days = ma.fields.Integer(validate=ma.validate.Range(-1_000_000, 1_000_000))
    ask_response_hours = ma.fields.Integer(validate=ma.validate.Range(-1_000_000, 1_000_000))
    ask_nudge_days = ma.fields.String(validate=ma.validate.Length(max=40))
    ask_timeout_days = ma.fields.Integer(validate=ma.validate.Range(-1_000_000, 1_000_000))


class CohortCreateSchema(CohortChangeSchema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(max=200))
    track = ma.fields.String(required=True, validate=ma.validate.Length(max=200),
                             metadata={"description": "A track's slug"})
    starts_on = ma.fields.Date(required=True)
    ends_on = ma.fields.Date(required=True)


class CohortPatchSchema(CohortChangeSchema):
    status = ma.fields.String(validate=ma.validate.OneOf(STATUSES),
                              metadata={"description": "The next status in the cohort's life cycle"})


CohortPage = page_schema(CohortSchema)


def _cohort(cohort: Cohort) -> dict:
    return {"id": cohort.id, "name": cohort.name, "track": cohort.track.slug, "track_id": cohort.track_id,
            "status": cohort.status.value, "starts_on": cohort.starts_on, "ends_on": cohort.ends_on,
            "timezone": cohort.timezone, "capacity": cohort.capacity, "seats_taken": cohort.seats_taken,
            "description": cohort.description or "", "review_policy": cohort.review_policy.value,
            "review_turnaround_hours": cohort.review_turnaround_hours,
            "learners_request_mentors": cohort.learners_request_mentors,
            "request_response_days": cohort.request_response_days, "ask_response_hours": cohort.ask_response_hours,
            "ask_nudge_days": cohort.ask_nudge_days, "ask_timeout_days": cohort.ask_timeout_days,
            "version": cohort.version, "created_at": cohort.created_at}


def _detail(cohort: Cohort) -> dict:
    return {**_cohort(cohort), "description_html": render_user_markdown(cohort.description or "")}


def viewable_cohort(cohort_id: int) -> Cohort:
    """The cohort, or a 404 for anyone who may not view it (its existence is private)."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not can_view_cohort(current_user, cohort):
        raise ApiProblem(404, "No such cohort, or you may not see it.", code="not-found")
    return cohort


def _track_id(slug: str) -> int:
    """The track a cohort may be made of (as the form offers: not archived)."""
    track = tracks.track_by_slug(slug)
    if track is None or track.is_archived:
        raise invalid("track", "Choose a track: no current track has this slug.")
    return track.id


def _data(args: dict, base: services.CohortData) -> services.CohortData:
    values = {key: value for key, value in args.items() if key not in ("track", "status")}
    if "track" in args:
        values["track_id"] = _track_id(args["track"])
    if "review_policy" in values:
        values["review_policy"] = ReviewPolicy(values["review_policy"])
    return services.CohortData(**{**base.__dict__, **values})


def _refused(error: services.CohortError) -> ApiProblem:
    db.session.rollback()
    if isinstance(error, services.InvalidCohortData):
        return invalid("track" if error.field == "track_id" else error.field, str(error))
    if isinstance(error, services.StaleEdit):
        return ApiProblem(412, str(error), code="stale-edit")
    if isinstance(error, services.InvalidTransition):
        return invalid("status", str(error))
    return ApiProblem(409, str(error), code="cohort-refused")


@blp.route("/")
@blp.scoped("cohorts")
@blp.arguments(CohortListArgs, location="query", as_kwargs=True)
@blp.response(200, CohortPage)
def list_cohorts(**args):
    """The cohorts the caller may view (admins: every cohort; members: their own)."""
    query = select(Cohort).where(viewable_cohort_clause(current_user)).options(joinedload(Cohort.track))
    if args.get("status"):
        query = query.where(Cohort.status == CohortStatus(args["status"]))
    if args.get("track"):
        query = query.where(Cohort.track_id == select(Track.id).where(Track.slug == args["track"]).scalar_subquery())
    return paginate(db.session, query, Cohort.id, args).answer(_cohort)


@blp.route("/", methods=["POST"])
@idempotent
@blp.scoped("cohorts", write=True)
@blp.arguments(CohortCreateSchema)
@blp.response(201, CohortDetailSchema)
def create_cohort(args):
    """Create a cohort (admins); it starts as a draft."""
    require(can_manage_cohort(current_user))
    base = services.CohortData(name="", track_id=0, starts_on=args["starts_on"], ends_on=args["ends_on"])
    try:
        cohort = services.create_cohort(_data(args, base), acting_user())
    except services.CohortError as error:
        raise _refused(error) from None
    db.session.commit()
    return _detail(cohort), 201, {"Location": url_for("api_cohorts.get_cohort", cohort_id=cohort.id)}


@blp.route("/<int:cohort_id>")
@blp.scoped("cohorts")
@blp.etag
@blp.response(200, CohortDetailSchema)
def get_cohort(cohort_id: int):
    """One cohort, its description also as sanitised HTML."""
    return _detail(viewable_cohort(cohort_id))


@blp.route("/<int:cohort_id>", methods=["PATCH"])
@blp.scoped("cohorts", write=True)
@blp.etag
@blp.arguments(CohortPatchSchema)
@blp.response(200, CohortDetailSchema)
@blp.alt_response(409, response="PROBLEM", description="The change is refused as things stand")
@blp.alt_response(412, response="PROBLEM", description="The cohort changed since it was read (If-Match)")
def update_cohort(args, cohort_id: int):
    """Change a cohort (admins). Send the ``ETag`` you read as ``If-Match``; a ``status`` moves it on
    in its life cycle (draft → open → running → finished → archived)."""
    cohort = viewable_cohort(cohort_id)
    require(can_manage_cohort(current_user, cohort))
    blp.check_etag(_detail(cohort), CohortDetailSchema)
    try:
        services.update_cohort(cohort, _data(args, services.CohortData.of(cohort)),
                               based_on_version=cohort.version, actor=acting_user())
        if args.get("status") and args["status"] != cohort.status.value:
            services.change_status(cohort, CohortStatus(args["status"]), acting_user())
    except services.CohortError as error:
        raise _refused(error) from None
    db.session.commit()
    return _detail(cohort)
