"""Reviews (read): mentors' decisions on attempts, with the rubric levels, scores and feedback.

A review is visible exactly where its submission is (``can_view_submission``), as on the
submission page. Peer reviews are not mentors' reviews and are not listed here, so an
anonymous peer reviewer is never named.
"""
from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms.api.blueprint import ApiBlueprint
from lms.api.pagination import PageArgs, page_schema, paginate
from lms.api.resources.refs import PersonSchema, not_found, person
from lms.extensions import db
from lms.permissions import can_view_submission, viewable_submission_clause
from lms.rendering import render_user_markdown
from lms.reviews.models import Decision, Review
from lms.submissions.models import Attempt, Submission

blp = ApiBlueprint("reviews", __name__, url_prefix="/api/v1/reviews", description="Mentors' reviews (read)")


class ReviewArgs(PageArgs):
    submission_id = ma.fields.Integer(validate=ma.validate.Range(min=1))


class LevelSchema(ma.Schema):
    label = ma.fields.String(required=True)
    points = ma.fields.Integer(required=True, allow_none=True)
    description = ma.fields.String(required=True)


class CriterionSchema(ma.Schema):
    name = ma.fields.String(required=True)
    level = ma.fields.Integer(required=True, allow_none=True,
                              metadata={"description": "Index into levels; null: not scored"})
    level_label = ma.fields.String(required=True, allow_none=True)
    points = ma.fields.Integer(required=True, allow_none=True)
    comment = ma.fields.String(required=True)
    levels = ma.fields.List(ma.fields.Nested(LevelSchema), required=True)


class ReviewSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    submission_id = ma.fields.Integer(required=True)
    attempt_id = ma.fields.Integer(required=True)
    attempt_number = ma.fields.Integer(required=True)
    decision = ma.fields.String(required=True, metadata={"description": ", ".join(d.value for d in Decision)})
    passed = ma.fields.Boolean(required=True)
    total_points = ma.fields.Integer(required=True)
    max_points = ma.fields.Integer(required=True)
    pass_points = ma.fields.Integer(required=True, allow_none=True)
    reviewer = ma.fields.Nested(PersonSchema, required=True, allow_none=True,
                                metadata={"description": "null when the mentor's account is gone"})
    feedback = ma.fields.String(required=True, metadata={"description": "The mentor's Markdown, as written"})
    created_at = ma.fields.AwareDateTime(required=True)


class ReviewDetailSchema(ReviewSchema):
    feedback_html = ma.fields.String(required=True, metadata={"description": "The feedback, rendered and sanitised"})
    criteria = ma.fields.List(ma.fields.Nested(CriterionSchema), required=True)


ReviewPage = page_schema(ReviewSchema)


def _review(review: Review) -> dict:
    return {"id": review.id, "submission_id": review.submission_id, "attempt_id": review.attempt_id,
            "attempt_number": review.attempt.number, "decision": review.decision.value, "passed": review.passed,
            "total_points": review.total_points, "max_points": review.max_points, "pass_points": review.pass_points,
            "reviewer": person(review.reviewer), "feedback": review.feedback, "created_at": review.created_at}


def _criteria(review: Review) -> list[dict]:
    scores = review.scores or []
    rows = []
    for index, criterion in enumerate(review.rubric_snapshot or []):
        score = scores[index] if index < len(scores) else {}
        levels = criterion.get("levels") or []
        level = score.get("level")
        chosen = levels[level] if isinstance(level, int) and 0 <= level < len(levels) else None
        rows.append({"name": criterion.get("name", ""), "level": level if chosen else None,
                     "level_label": chosen.get("label") if chosen else None,
                     "points": score.get("points") if chosen else None, "comment": score.get("comment") or "",
                     "levels": [{"label": lv.get("label", ""), "points": lv.get("points"),
                                 "description": lv.get("description") or ""} for lv in levels]})
    return rows


def _visible():
    return select(Review).join(Submission, Submission.id == Review.submission_id).where(
        viewable_submission_clause(current_user)).options(joinedload(Review.reviewer), joinedload(Review.attempt))


@blp.route("/")
@blp.scoped("reviews")
@blp.arguments(ReviewArgs, location="query", as_kwargs=True)
@blp.response(200, ReviewPage)
def list_reviews(**args):
    """The reviews of the hand-ins the caller may see."""
    query = _visible()
    if args.get("submission_id"):
        query = query.where(Review.submission_id == args["submission_id"])
    return paginate(db.session, query, Review.id, args).answer(_review)


@blp.route("/<int:review_id>")
@blp.scoped("reviews")
@blp.etag
@blp.response(200, ReviewDetailSchema)
def get_review(review_id: int):
    """One review: decision, rubric levels and scores, feedback (Markdown and sanitised HTML), reviewer, time."""
    review = db.session.scalar(select(Review).where(Review.id == review_id).options(
        joinedload(Review.reviewer), joinedload(Review.attempt).joinedload(Attempt.submission)))
    if review is None or not can_view_submission(current_user, review.submission):
        raise not_found("review")
    return {**_review(review), "feedback_html": render_user_markdown(review.feedback or ""),
            "criteria": _criteria(review)}
