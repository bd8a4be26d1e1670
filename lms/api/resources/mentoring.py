"""Mentoring relationships (read): a learner's mentors, a mentor's mentees, all of them for admins.

A relationship is visible to its two people and admins (``can_view_mentorship``). The
learner's survey answers are theirs alone and are not part of it.
"""
from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms.api.blueprint import ApiBlueprint
from lms.api.pagination import PageArgs, page_schema, paginate
from lms.api.resources.refs import PersonSchema, not_found, person
from lms.cohorts.models import Enrollment, Mentorship, MentorshipRole, MentorshipStatus
from lms.extensions import db
from lms.permissions import can_view_mentorship, viewable_mentorship_clause

blp = ApiBlueprint("mentoring", __name__, url_prefix="/api/v1/mentorships",
                   description="Mentoring relationships (read)")


class MentorshipArgs(PageArgs):
    cohort_id = ma.fields.Integer(validate=ma.validate.Range(min=1))
    status = ma.fields.Enum(MentorshipStatus, by_value=True)


class AgreementSchema(ma.Schema):
    goals = ma.fields.String(required=True)
    meeting_cadence = ma.fields.String(required=True)
    agreed_end_on = ma.fields.Date(required=True, allow_none=True)


class MentorshipSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    cohort_id = ma.fields.Integer(required=True)
    enrollment_id = ma.fields.Integer(required=True, metadata={"description": "The learner's enrolment"})
    learner = ma.fields.Nested(PersonSchema, required=True)
    mentor = ma.fields.Nested(PersonSchema, required=True)
    role = ma.fields.String(required=True, metadata={"description": ", ".join(r.value for r in MentorshipRole)})
    skill = ma.fields.String(required=True, metadata={"description": "The skill of a skill mentor, else empty"})
    status = ma.fields.String(required=True, metadata={"description": "active or ended"})
    origin = ma.fields.String(required=True)
    started_at = ma.fields.AwareDateTime(required=True)
    ended_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    agreement = ma.fields.Nested(AgreementSchema, required=True)
    version = ma.fields.Integer(required=True)


MentorshipPage = page_schema(MentorshipSchema)


def _mentorship(mentorship: Mentorship) -> dict:
    enrollment = mentorship.enrollment
    return {"id": mentorship.id, "cohort_id": enrollment.cohort_id, "enrollment_id": enrollment.id,
            "learner": person(enrollment.user), "mentor": person(mentorship.mentor),
            "role": mentorship.role.value, "skill": mentorship.skill, "status": mentorship.status.value,
            "origin": mentorship.origin, "started_at": mentorship.started_at, "ended_at": mentorship.ended_at,
            "agreement": {"goals": mentorship.agreement_goals, "meeting_cadence": mentorship.meeting_cadence,
                          "agreed_end_on": mentorship.agreed_end_on},
            "version": mentorship.version}


def _loaded(query):
    return query.options(joinedload(Mentorship.mentor), joinedload(Mentorship.enrollment).joinedload(Enrollment.user))


@blp.route("/")
@blp.scoped("mentoring")
@blp.arguments(MentorshipArgs, location="query", as_kwargs=True)
@blp.response(200, MentorshipPage)
def list_mentorships(**args):
    """The caller's relationships: as a learner, with their mentors; as a mentor, with their mentees;
    admins: all (filter by cohort)."""
    query = _loaded(select(Mentorship).where(viewable_mentorship_clause(current_user)))
    if args.get("cohort_id"):
        query = query.where(Mentorship.enrollment_id.in_(
            select(Enrollment.id).where(Enrollment.cohort_id == args["cohort_id"])))
    if args.get("status"):
        query = query.where(Mentorship.status == args["status"])
    return paginate(db.session, query, Mentorship.id, args).answer(_mentorship)


@blp.route("/<int:mentorship_id>")
@blp.scoped("mentoring")
@blp.etag
@blp.response(200, MentorshipSchema)
def get_mentorship(mentorship_id: int):
    """One relationship, with its agreement."""
    mentorship = db.session.scalar(_loaded(select(Mentorship).where(Mentorship.id == mentorship_id)))
    if mentorship is None or not can_view_mentorship(current_user, mentorship):
        raise not_found("mentoring relationship")
    return _mentorship(mentorship)
