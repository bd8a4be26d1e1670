"""Progress per enrolment: the same figures as the pages, read from ``lms.progress``.

``records.for_enrollment`` loads what the learner did, ``figures`` counts it and
``completion`` applies the track's rule, exactly as the learner's pages, the cohort grid
and certificate eligibility do; nothing is recomputed here.
"""
from __future__ import annotations

import marshmallow as ma
from flask_login import current_user

from lms.api.blueprint import ApiBlueprint
from lms.api.problems import ApiProblem
from lms.cohorts.models import Enrollment, EnrollmentRole
from lms.extensions import db
from lms.permissions import can_view_learner_progress
from lms.progress import records
from lms.progress.completion import completion
from lms.tracks.queries import current_lessons

blp = ApiBlueprint("progress", __name__, url_prefix="/api/v1", description="Progress per enrolment")


class CountSchema(ma.Schema):
    done = ma.fields.Integer(required=True)
    total = ma.fields.Integer(required=True)


class ItemSchema(ma.Schema):
    lesson_id = ma.fields.Integer(required=True)
    slug = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    kind = ma.fields.String(required=True, metadata={"description": "lesson, assignment or quiz"})
    done = ma.fields.Boolean(required=True)
    done_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    credited = ma.fields.Boolean(required=True, metadata={"description": "Done in an earlier cohort of the track"})
    assignment_status = ma.fields.String(required=True, allow_none=True,
                                         metadata={"description": "Assignments: the hand-in's status, if any"})


class ProgressSchema(ma.Schema):
    enrolment_id = ma.fields.Integer(required=True)
    user_id = ma.fields.Integer(required=True)
    cohort_id = ma.fields.Integer(required=True)
    percent = ma.fields.Integer(required=True, metadata={"description": "Whole percent of items done, rounded down"})
    done = ma.fields.Integer(required=True)
    total = ma.fields.Integer(required=True)
    lessons = ma.fields.Nested(CountSchema, required=True, metadata={"description": "Lessons read"})
    quizzes = ma.fields.Nested(CountSchema, required=True, metadata={"description": "Quizzes passed"})
    assignments = ma.fields.Nested(CountSchema, required=True, metadata={"description": "Assignments approved"})
    complete = ma.fields.Boolean(required=True, metadata={"description": "The track's completion rule is met"})
    completed_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    missing = ma.fields.List(ma.fields.String(), required=True, metadata={"description": "What the rule still needs"})
    last_activity_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    items = ma.fields.List(ma.fields.Nested(ItemSchema), required=True)


@blp.route("/enrolments/<int:enrolment_id>/progress")
@blp.scoped("progress")
@blp.etag
@blp.response(200, ProgressSchema)
def get_progress(enrolment_id: int):
    """A learner's progress in one enrolment: the learner, the cohort's mentors and admins."""
    enrollment = db.session.get(Enrollment, enrolment_id)
    if (enrollment is None or enrollment.role != EnrollmentRole.LEARNER
            or not can_view_learner_progress(current_user, enrollment.cohort, enrollment)):
        raise ApiProblem(404, "No such learner enrolment, or you may not see its progress.", code="not-found")
    track = enrollment.cohort.track
    lessons = current_lessons([track.id])
    record = records.for_enrollment(enrollment, lessons)
    counts, result = record.counts(), completion(track, lessons, record)
    items = [{"lesson_id": lesson.id, "slug": lesson.slug, "title": lesson.title, "kind": lesson.kind.value,
              "done": record.is_done(lesson), "done_at": record.done_at.get(lesson.id),
              "credited": record.is_credited(lesson), "assignment_status": record.assignment_status(lesson) or None}
             for lesson in lessons]
    return {"enrolment_id": enrollment.id, "user_id": enrollment.user_id, "cohort_id": enrollment.cohort_id,
            "percent": record.percent, "done": record.done_count, "total": record.total,
            "lessons": {"done": counts.lessons_done, "total": counts.lessons_total},
            "quizzes": {"done": counts.quizzes_passed, "total": counts.quizzes_total},
            "assignments": {"done": counts.assignments_approved, "total": counts.assignments_total},
            "complete": result.complete, "completed_at": result.completed_at, "missing": result.missing,
            "last_activity_at": record.last_activity, "items": items}
