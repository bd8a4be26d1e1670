"""The rows of the gradebook and roster exports (written by ``lms.cohorts.csvfile``)."""
from __future__ import annotations

import re

from lms.cohorts import queries, sources
from lms.cohorts.models import Cohort, EnrollmentRole
from lms.cohorts.progress import progress_for, track_lessons

GRADEBOOK_HEADER = ["learner", "email", "enrolment status", "assignment", "due at", "status", "points",
                    "attempts", "submitted at", "reviewed at", "late"]
ROSTER_HEADER = ["name", "email", "role", "status", "mentor", "enrolled at", "progress %"]


def file_stem(cohort: Cohort) -> str:
    return re.sub(r"[^a-z0-9]+", "-", cohort.name.lower()).strip("-") or f"cohort-{cohort.id}"


def gradebook(cohort: Cohort) -> tuple[list[str], list[list]]:
    """One row per learner and assignment (a long table: filter and pivot it in the spreadsheet)."""
    lessons = track_lessons([cohort.track_id])
    deadlines = {d.lesson_id: d.due_at for d in queries.cohort_deadlines(cohort, lessons)}
    rows, _ = queries.people(cohort)
    learners = [(e, u) for e, u, _ in rows if e.role == EnrollmentRole.LEARNER]
    items = queries.assignments(lessons)
    statuses = sources.assignment_statuses([u.id for _, u in learners], [a.id for a in items])
    table = []
    for enrollment, user in learners:
        for assignment in items:
            entry = statuses.get((user.id, assignment.id))
            table.append([user.name, user.email, enrollment.status, assignment.title, deadlines.get(assignment.id),
                          sources.status_value(entry) or "not submitted", getattr(entry, "points", None),
                          getattr(entry, "attempts", None) or 0, getattr(entry, "submitted_at", None),
                          getattr(entry, "reviewed_at", None), getattr(entry, "late", None)])
    return GRADEBOOK_HEADER, table


def roster(cohort: Cohort) -> tuple[list[str], list[list]]:
    lessons = track_lessons([cohort.track_id])
    rows, _ = queries.people(cohort)
    progress = progress_for(lessons, cohort_id=cohort.id)
    table = []
    for enrollment, user, mentor in rows:
        learner = enrollment.role == EnrollmentRole.LEARNER
        table.append([user.name, user.email, enrollment.role, enrollment.status, mentor.name if mentor else "",
                      enrollment.enrolled_at, progress[user.id].percent if learner and user.id in progress
                      else (0 if learner else None)])
    return ROSTER_HEADER, table
