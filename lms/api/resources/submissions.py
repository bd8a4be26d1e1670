"""Submissions (read): hand-ins with their attempts and files, as the submission page shows them.

A learner sees their own work, a cohort's active mentors its learners' work, admins all
(``can_view_submission``); what a caller may not see is a 404.
"""
from __future__ import annotations

import marshmallow as ma
from flask import url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms.api.blueprint import ApiBlueprint
from lms.api.pagination import SyncPageArgs, page_schema, paginate
from lms.api.resources.refs import not_found
from lms.downloads import SANDBOX, attachment_response
from lms.extensions import db
from lms.permissions import can_view_submission, viewable_submission_clause
from lms.submissions import files as file_rules, queries, services
from lms.submissions.models import Submission, SubmissionStatus

blp = ApiBlueprint("submissions", __name__, url_prefix="/api/v1/submissions",
                   description="Hand-ins, their attempts and files (read)")


class SubmissionArgs(SyncPageArgs):
    cohort_id = ma.fields.Integer(validate=ma.validate.Range(min=1))
    status = ma.fields.Enum(SubmissionStatus, by_value=True)


class LessonRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    slug = ma.fields.String(required=True)
    title = ma.fields.String(required=True)


class SubmissionSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    cohort_id = ma.fields.Integer(required=True)
    enrollment_id = ma.fields.Integer(required=True)
    user_id = ma.fields.Integer(required=True, metadata={"description": "The learner"})
    lesson = ma.fields.Nested(LessonRefSchema, required=True)
    status = ma.fields.String(required=True, metadata={"description": ", ".join(s.value for s in SubmissionStatus)})
    attempt_count = ma.fields.Integer(required=True)
    waiting_since = ma.fields.AwareDateTime(required=True, allow_none=True)
    decided_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    created_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)


class FileSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    filename = ma.fields.String(required=True)
    extension = ma.fields.String(required=True)
    size = ma.fields.Integer(required=True)
    url = ma.fields.String(required=True, metadata={"description": "Where the API serves its bytes"})


class AttemptSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    number = ma.fields.Integer(required=True)
    submitted_at = ma.fields.AwareDateTime(required=True)
    due_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    is_late = ma.fields.Boolean(required=True)
    text = ma.fields.String(required=True, metadata={"description": "The learner's Markdown, as written"})
    text_html = ma.fields.String(required=True, metadata={"description": "The same, rendered and sanitised"})
    url = ma.fields.String(required=True, allow_none=True)
    files = ma.fields.List(ma.fields.Nested(FileSchema), required=True)
    review_id = ma.fields.Integer(required=True, allow_none=True)


class SubmissionDetailSchema(SubmissionSchema):
    attempts = ma.fields.List(ma.fields.Nested(AttemptSchema), required=True)


SubmissionPage = page_schema(SubmissionSchema)


def _submission(submission: Submission) -> dict:
    lesson = submission.lesson
    return {"id": submission.id, "cohort_id": submission.cohort_id, "enrollment_id": submission.enrollment_id,
            "user_id": submission.user_id, "lesson": {"id": lesson.id, "slug": lesson.slug, "title": lesson.title},
            "status": submission.status.value, "attempt_count": submission.attempt_count,
            "waiting_since": submission.waiting_since, "decided_at": submission.decided_at,
            "created_at": submission.created_at, "updated_at": submission.updated_at}


def _attempt(attempt, review) -> dict:
    return {"id": attempt.id, "number": attempt.number, "submitted_at": attempt.submitted_at,
            "due_at": attempt.due_at, "is_late": attempt.is_late, "text": attempt.text,
            "text_html": attempt.text_html, "url": attempt.url, "review_id": review.id if review else None,
            "files": [{"id": f.id, "filename": f.filename, "extension": f.extension, "size": f.size,
                       "url": url_for("api_submissions.get_file", submission_id=attempt.submission_id, file_id=f.id)}
                      for f in attempt.files]}


@blp.route("/")
@blp.scoped("submissions")
@blp.arguments(SubmissionArgs, location="query", as_kwargs=True)
@blp.response(200, SubmissionPage)
def list_submissions(**args):
    """The hand-ins the caller may see: their own; as a mentor, their cohorts'; as an admin, all."""
    query = select(Submission).where(viewable_submission_clause(current_user)).options(
        joinedload(Submission.lesson))
    if args.get("cohort_id"):
        query = query.where(Submission.cohort_id == args["cohort_id"])
    if args.get("status"):
        query = query.where(Submission.status == args["status"])
    if args.get("updated_since"):
        query = query.where(Submission.updated_at >= args["updated_since"])
    return paginate(db.session, query, Submission.id, args).answer(_submission)


@blp.route("/<int:submission_id>")
@blp.scoped("submissions")
@blp.etag
@blp.response(200, SubmissionDetailSchema)
def get_submission(submission_id: int):
    """One hand-in with every attempt: the learner's text (Markdown and sanitised HTML), link and files."""
    page = queries.submission_page(submission_id)
    if page is None or not can_view_submission(current_user, page.submission):
        raise not_found("submission")
    return {**_submission(page.submission),
            "attempts": [_attempt(attempt, page.reviews.get(attempt.id)) for attempt in page.attempts]}


@blp.route("/<int:submission_id>/files/<int:file_id>")
@blp.scoped("submissions")
@blp.doc(responses={"200": {"description": "The file's bytes, as an attachment",
                            "content": {"*/*": {"schema": {"type": "string",
                                                                                "format": "binary"}}}}})
def get_file(submission_id: int, file_id: int):
    """A file of an attempt, as the download page serves it (a sandboxed attachment)."""
    attempt_file = queries.attempt_file(file_id)
    if attempt_file is None or attempt_file.attempt.submission_id != submission_id \
            or not can_view_submission(current_user, attempt_file.attempt.submission):
        raise not_found("file")
    return attachment_response(services.read_file(attempt_file), attempt_file.filename,
                               file_rules.download_media_type(attempt_file.extension), policy=SANDBOX)
