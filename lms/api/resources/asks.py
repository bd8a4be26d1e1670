"""Asks: a learner's short questions to mentors and their threads, through the asks services.

A learner reads their own asks, the mentors (and peer mentors) of a cohort the asks they may
answer there, admins all (``can_view_ask``); the learner opens asks and both sides reply
(``can_open_ask``, ``can_reply_as_learner``, ``can_answer_ask``) with the page's validation.
"""
from __future__ import annotations

import uuid

import marshmallow as ma
from flask import url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from lms.api.blueprint import ApiBlueprint
from lms.api.idempotency import idempotent
from lms.api.pagination import SyncPageArgs, page_schema, paginate
from lms.api.problems import ApiProblem, invalid
from lms.api.resources.refs import PersonSchema, not_found, person
from lms.asks import queries, services
from lms.asks.errors import AskError, InvalidAsk
from lms.asks.models import Ask, AskReply, AskState, AskUrgency
from lms.cohorts.models import Enrollment, EnrollmentRole
from lms.errors import PermissionDenied
from lms.extensions import db
from lms.permissions import can_answer_ask, can_open_ask, can_reply_as_learner, can_view_ask, viewable_ask_clause

blp = ApiBlueprint("asks", __name__, url_prefix="/api/v1/asks", description="Asks to mentors and their threads")


class AskArgs(SyncPageArgs):
    status = ma.fields.Enum(AskState, by_value=True, metadata={"description": "The ask's state"})
    cohort_id = ma.fields.Integer(validate=ma.validate.Range(min=1))


class AskSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    cohort_id = ma.fields.Integer(required=True)
    enrollment_id = ma.fields.Integer(required=True)
    learner = ma.fields.Nested(PersonSchema, required=True)
    mentor = ma.fields.Nested(PersonSchema, required=True, allow_none=True,
                              metadata={"description": "Who holds or answered it; null while open to all"})
    title = ma.fields.String(required=True)
    skill = ma.fields.String(required=True)
    urgency = ma.fields.String(required=True, metadata={"description": ", ".join(u.value for u in AskUrgency)})
    status = ma.fields.String(required=True, metadata={"description": ", ".join(s.value for s in AskState)})
    lesson_id = ma.fields.Integer(required=True, allow_none=True)
    submission_id = ma.fields.Integer(required=True, allow_none=True)
    waiting_since = ma.fields.AwareDateTime(required=True)
    resolved_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    created_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)


class ReplySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True, metadata={"description": "reply, handover or event"})
    author = ma.fields.Nested(PersonSchema, required=True, allow_none=True)
    handed_to = ma.fields.Nested(PersonSchema, required=True, allow_none=True)
    body = ma.fields.String(required=True, metadata={"description": "Markdown, as written"})
    body_html = ma.fields.String(required=True, metadata={"description": "Rendered and sanitised"})
    created_at = ma.fields.AwareDateTime(required=True)


class AskFileSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    filename = ma.fields.String(required=True)
    size = ma.fields.Integer(required=True)
    reply_id = ma.fields.Integer(required=True, allow_none=True)


class AskDetailSchema(AskSchema):
    body = ma.fields.String(required=True, metadata={"description": "Markdown, as written"})
    body_html = ma.fields.String(required=True, metadata={"description": "Rendered and sanitised"})
    replies = ma.fields.List(ma.fields.Nested(ReplySchema), required=True)
    files = ma.fields.List(ma.fields.Nested(AskFileSchema), required=True)


class AskWriteSchema(ma.Schema):
    cohort_id = ma.fields.Integer(required=True, validate=ma.validate.Range(min=1),
                                  metadata={"description": "A cohort you are an active learner of"})
    title = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=services.TITLE_MAX_CHARS))
    body = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=services.BODY_MAX_CHARS))
    lesson_id = ma.fields.Integer(allow_none=True, validate=ma.validate.Range(min=1))
    submission_id = ma.fields.Integer(allow_none=True, validate=ma.validate.Range(min=1))
    skill = ma.fields.String(validate=ma.validate.Length(max=60))
    urgency = ma.fields.Enum(AskUrgency, by_value=True)


class ReplyWriteSchema(ma.Schema):
    body = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=services.BODY_MAX_CHARS))


AskPage = page_schema(AskSchema)


def _ask(ask: Ask) -> dict:
    return {"id": ask.id, "cohort_id": ask.cohort_id, "enrollment_id": ask.enrollment_id, "learner": person(ask.user),
            "mentor": person(ask.mentor), "title": ask.title, "skill": ask.skill, "urgency": ask.urgency.value,
            "status": ask.state.value, "lesson_id": ask.lesson_id, "submission_id": ask.submission_id,
            "waiting_since": ask.waiting_since, "resolved_at": ask.resolved_at, "created_at": ask.created_at,
            "updated_at": ask.updated_at}


def _ask_detail(ask: Ask) -> dict:
    replies = db.session.scalars(select(AskReply).where(AskReply.ask_id == ask.id).options(
        joinedload(AskReply.author), joinedload(AskReply.handed_to)).order_by(AskReply.created_at, AskReply.id))
    return {**_ask(ask), "body": ask.body, "body_html": ask.body_html,
            "replies": [{"id": r.id, "kind": r.kind.value, "author": person(r.author), "handed_to": person(r.handed_to),
                         "body": r.body, "body_html": r.body_html, "created_at": r.created_at} for r in replies],
            "files": [{"id": f.id, "filename": f.filename, "size": f.size, "reply_id": f.reply_id}
                      for f in ask.files]}


def _visible(ask_id: int) -> Ask:
    ask = queries.load_ask(ask_id)
    if ask is None or not can_view_ask(current_user, ask):
        raise not_found("ask")
    return ask


def _created(ask_id: int):
    db.session.expire_all()
    return _ask_detail(_visible(ask_id)), 201, {"Location": url_for("api_asks.get_ask", ask_id=ask_id)}


@blp.route("/")
@blp.scoped("asks")
@blp.arguments(AskArgs, location="query", as_kwargs=True)
@blp.response(200, AskPage)
def list_asks(**args):
    """A learner's own asks; the asks a mentor may answer in their cohorts; every ask for admins."""
    query = select(Ask).where(viewable_ask_clause(current_user, Ask)).options(
        joinedload(Ask.user), joinedload(Ask.mentor))
    if args.get("status"):
        query = query.where(Ask.state == args["status"])
    if args.get("cohort_id"):
        query = query.where(Ask.cohort_id == args["cohort_id"])
    if args.get("updated_since"):
        query = query.where(Ask.updated_at >= args["updated_since"])
    return paginate(db.session, query, Ask.id, args).answer(_ask)


@blp.route("/", methods=["POST"])
@idempotent
@blp.scoped("asks", write=True)
@blp.arguments(AskWriteSchema)
@blp.response(201, AskDetailSchema)
def open_ask(values: dict):
    """Open an ask in a cohort the caller is an active learner of (as the new-ask page; no files)."""
    enrollment = db.session.scalar(select(Enrollment).where(
        Enrollment.cohort_id == values["cohort_id"], Enrollment.user_id == current_user.id,
        Enrollment.role == EnrollmentRole.LEARNER))
    if enrollment is None:
        raise invalid("cohort_id", "Choose a cohort you are a learner of.")
    if not can_open_ask(current_user, enrollment):
        raise ApiProblem(403, f"{enrollment.cohort.name} takes no asks at the moment.", code="forbidden")
    data = services.AskData(title=values["title"], body=values["body"], lesson_id=values.get("lesson_id"),
                            submission_id=values.get("submission_id"), skill=values.get("skill") or "",
                            urgency=values.get("urgency", AskUrgency.NORMAL))
    try:
        ask = services.open_ask(enrollment, data, current_user)
        db.session.commit()
    except InvalidAsk as error:
        db.session.rollback()
        raise ApiProblem(422, str(error), code="invalid-fields", errors=error.errors) from None
    except AskError as error:
        db.session.rollback()
        raise ApiProblem(409, str(error), code="refused") from None
    return _created(ask.id)


@blp.route("/<int:ask_id>")
@blp.scoped("asks")
@blp.etag
@blp.response(200, AskDetailSchema)
def get_ask(ask_id: int):
    """One ask with its thread of replies and its files' names."""
    return _ask_detail(_visible(ask_id))


@blp.route("/<int:ask_id>/replies", methods=["POST"])
@idempotent
@blp.scoped("asks", write=True)
@blp.arguments(ReplyWriteSchema)
@blp.response(201, AskDetailSchema)
def reply(values: dict, ask_id: int):
    """Write in the thread: the learner in their own ask, or a mentor who may answer it (which
    takes the ask if nobody holds it). Answers the ask with its thread."""
    ask = _visible(ask_id)
    allowed = can_reply_as_learner if ask.user_id == current_user.id else can_answer_ask
    if not allowed(current_user, ask):
        raise ApiProblem(403, "You may read this ask but not write in it.", code="forbidden")
    data = services.ReplyData(body=values["body"], client_key=uuid.uuid4().hex)
    try:
        services.reply_to_ask(ask, data, current_user)
        db.session.commit()
    except InvalidAsk as error:
        db.session.rollback()
        raise ApiProblem(422, str(error), code="invalid-fields", errors=error.errors) from None
    except PermissionDenied:
        db.session.rollback()
        raise ApiProblem(403, "You may read this ask but not write in it.", code="forbidden") from None
    except (AskError, IntegrityError) as error:
        db.session.rollback()
        detail = str(error) if isinstance(error, AskError) else "The ask changed meanwhile: read it and try again."
        raise ApiProblem(409, detail, code="conflict") from None
    return _created(ask_id)
