"""Goals: a learner's development-plan goals, read by them, their active mentors and admins
(``can_view_plan``), written only by the learner (``can_edit_plan``) through the plan services.

Mentors' notes come with a goal; notes private to mentors reach only those who may see them
(``can_see_private_notes``: never the learner).
"""
from __future__ import annotations

import marshmallow as ma
from flask import url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.api.blueprint import ApiBlueprint
from lms.api.idempotency import idempotent
from lms.api.pagination import SyncPageArgs, page_schema, paginate
from lms.api.problems import ApiProblem, invalid
from lms.api.resources.refs import PersonSchema, not_found, person
from lms.auth.models import User
from lms.extensions import db
from lms.permissions import can_edit_plan, can_see_private_notes, can_view_plan
from lms.plans import queries, services
from lms.plans.models import Goal, GoalCheckIn, GoalStatus

blp = ApiBlueprint("goals", __name__, url_prefix="/api/v1/goals", description="Development-plan goals")

STATUSES = ", ".join(status.value for status in GoalStatus)


class GoalArgs(SyncPageArgs):
    user_id = ma.fields.Integer(validate=ma.validate.Range(min=1),
                                metadata={"description": "Whose plan (default: the caller's own)"})
    status = ma.fields.Enum(GoalStatus, by_value=True)


class CriterionLinkSchema(ma.Schema):
    lesson_id = ma.fields.Integer(required=True)
    criterion = ma.fields.String(required=True)
    key = ma.fields.String(required=True, metadata={"description": "What `criteria` takes when writing"})


class NoteSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    author = ma.fields.Nested(PersonSchema, required=True, allow_none=True)
    body = ma.fields.String(required=True, metadata={"description": "Markdown, as written"})
    body_html = ma.fields.String(required=True, metadata={"description": "Rendered and sanitised"})
    visibility = ma.fields.String(required=True, metadata={"description": "shared, or mentors (private to them)"})
    created_at = ma.fields.AwareDateTime(required=True)


class GoalSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    user_id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    why = ma.fields.String(required=True)
    measure = ma.fields.String(required=True)
    target_on = ma.fields.Date(required=True, allow_none=True)
    status = ma.fields.String(required=True, metadata={"description": STATUSES})
    achieved_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    cite_as_evidence = ma.fields.Boolean(required=True)
    skills = ma.fields.List(ma.fields.String(), required=True)
    criteria = ma.fields.List(ma.fields.Nested(CriterionLinkSchema), required=True)
    created_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)
    version = ma.fields.Integer(required=True)


class GoalDetailSchema(GoalSchema):
    notes = ma.fields.List(ma.fields.Nested(NoteSchema), required=True)


_TEXT = ma.validate.Length(max=5000)


class GoalWriteSchema(ma.Schema):
    title = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    why = ma.fields.String(validate=_TEXT)
    measure = ma.fields.String(validate=_TEXT)
    target_on = ma.fields.Date(allow_none=True)
    cite_as_evidence = ma.fields.Boolean(metadata={"description": "Only an achieved goal is cited"})
    skills = ma.fields.List(ma.fields.String(validate=ma.validate.Length(max=60)),
                            validate=ma.validate.Length(max=30))
    criteria = ma.fields.List(ma.fields.String(validate=ma.validate.Length(max=260)),
                              validate=ma.validate.Length(max=30),
                              metadata={"description": "Keys `<lesson id>:<criterion>` of your tracks' rubrics"})
    status = ma.fields.Enum(GoalStatus, by_value=True)


class GoalPatchSchema(GoalWriteSchema):
    title = ma.fields.String(validate=ma.validate.Length(min=1, max=200))


GoalPage = page_schema(GoalSchema)


def _goal(goal: Goal) -> dict:
    return {"id": goal.id, "user_id": goal.user_id, "title": goal.title, "why": goal.why, "measure": goal.measure,
            "target_on": goal.target_on, "status": goal.status.value, "achieved_at": goal.achieved_at,
            "cite_as_evidence": goal.cite_as_evidence, "skills": [link.skill for link in goal.skills],
            "criteria": [{"lesson_id": link.lesson_id, "criterion": link.criterion,
                          "key": f"{link.lesson_id}:{link.criterion}"} for link in goal.criteria],
            "created_at": goal.created_at, "updated_at": goal.updated_at, "version": goal.version}


def _goal_detail(goal: Goal) -> dict:
    private_too = can_see_private_notes(current_user, goal.user_id)
    notes = [{"id": note.id, "author": person(note.author), "body": note.body, "body_html": note.body_html,
              "visibility": note.visibility.value, "created_at": note.created_at}
             for note in queries.visible_notes(goal, private_too=private_too)]
    return {**_goal(goal), "notes": notes}


def _load(goal_id: int) -> Goal:
    goal = db.session.scalar(select(Goal).where(Goal.id == goal_id).options(
        selectinload(Goal.skills), selectinload(Goal.criteria),
        selectinload(Goal.checkins).selectinload(GoalCheckIn.author)))
    if goal is None or not can_view_plan(current_user, goal.user_id):
        raise not_found("goal")
    return goal


def _data(values: dict, goal: Goal | None = None) -> services.GoalData:
    """The goal's words and links: what was sent, the rest as the goal has them."""
    current = {} if goal is None else {
        "title": goal.title, "why": goal.why, "measure": goal.measure, "target_on": goal.target_on,
        "cite_as_evidence": goal.cite_as_evidence, "skills": [link.skill for link in goal.skills],
        "criteria": [f"{link.lesson_id}:{link.criterion}" for link in goal.criteria]}
    merged = {**current, **{key: value for key, value in values.items() if key != "status"}}
    return services.GoalData(title=merged.get("title", ""), why=merged.get("why") or "",
                             measure=merged.get("measure") or "", target_on=merged.get("target_on"),
                             cite_as_evidence=bool(merged.get("cite_as_evidence")),
                             skills=list(merged.get("skills") or []), criteria=list(merged.get("criteria") or []))


def _refused(error: services.PlanError) -> ApiProblem:
    db.session.rollback()
    if isinstance(error, services.StaleGoal):
        return ApiProblem(412, "This goal changed meanwhile: read it again and resend your change.", code="stale")
    if isinstance(error, services.InvalidGoalTransition):
        return invalid("status", str(error))
    return invalid("title", str(error))


@blp.route("/")
@blp.scoped("goals")
@blp.arguments(GoalArgs, location="query", as_kwargs=True)
@blp.response(200, GoalPage)
def list_goals(**args):
    """The caller's own goals, or (``user_id``) a mentee's for their active mentors and admins."""
    owner_id = args.get("user_id") or current_user.id
    if not can_view_plan(current_user, owner_id) or db.session.get(User, owner_id) is None:
        raise not_found("plan")
    query = select(Goal).where(Goal.user_id == owner_id).options(selectinload(Goal.skills),
                                                                  selectinload(Goal.criteria))
    if args.get("status"):
        query = query.where(Goal.status == args["status"])
    if args.get("updated_since"):
        query = query.where(Goal.updated_at >= args["updated_since"])
    return paginate(db.session, query, Goal.id, args).answer(_goal)


@blp.route("/", methods=["POST"])
@idempotent
@blp.scoped("goals", write=True)
@blp.arguments(GoalWriteSchema)
@blp.response(201, GoalDetailSchema)
def create_goal(values: dict):
    """Add a goal to the caller's own plan (``status``: not_started or in_progress)."""
    status = values.get("status", GoalStatus.NOT_STARTED)
    if status not in services.STATUS.next_states(None):
        raise invalid("status", "A new goal is not_started or in_progress.")
    try:
        goal = services.create_goal(current_user.id, _data(values), status)
    except services.PlanError as error:
        raise _refused(error) from None
    db.session.commit()
    return _goal_detail(_load(goal.id)), 201, {"Location": url_for("api_goals.get_goal", goal_id=goal.id)}


@blp.route("/<int:goal_id>")
@blp.scoped("goals")
@blp.etag
@blp.response(200, GoalDetailSchema)
def get_goal(goal_id: int):
    """One goal with the mentors' notes the caller may read."""
    return _goal_detail(_load(goal_id))


@blp.route("/<int:goal_id>", methods=["PATCH"])
@blp.scoped("goals", write=True)
@blp.etag
@blp.arguments(GoalPatchSchema)
@blp.response(200, GoalDetailSchema)
def update_goal(values: dict, goal_id: int):
    """Change the caller's own goal (send ``If-Match`` with its ETag). An achieved goal keeps its
    words: reopen it (``status``) to change them."""
    goal = _load(goal_id)
    if not can_edit_plan(current_user, goal.user_id):
        raise ApiProblem(403, "Goals are in the learner's own words: only they change them.", code="forbidden")
    blp.check_etag(_goal_detail(goal), GoalDetailSchema)
    target = values.pop("status", None)
    try:
        if target is not None and target != goal.status and goal.status == GoalStatus.ACHIEVED:
            services.change_status(goal, target, based_on_version=goal.version)  # reopen first, then edit
        if values:
            services.update_goal(goal, _data(values, goal), based_on_version=goal.version)
        if target is not None and target != goal.status:
            services.change_status(goal, target, based_on_version=goal.version)
            if values.get("cite_as_evidence") and target == GoalStatus.ACHIEVED:
                services.update_goal(goal, _data(values, goal), based_on_version=goal.version)
    except services.PlanError as error:
        raise _refused(error) from None
    db.session.commit()
    return _goal_detail(_load(goal_id))
