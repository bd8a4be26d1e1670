"""The rows of the gradebook and roster exports (written by ``lms.cohorts.csvfile``).

Both read the cohort's progress records, so they list only work made in this cohort
and the same percent as every page.
"""
from __future__ import annotations

import re

from lms.cohorts.models import Cohort, EnrollmentRole
from lms.cohorts.queries import assignments, cohort_deadlines, enrollments
from lms.progress import records
from lms.tracks.queries import current_lessons

GRADEBOOK_HEADER = ["learner", "email", "enrolment status", "assignment", "due at", "status", "points",
                    "attempts", "submitted at", "reviewed at", "late"]
ROSTER_HEADER = ["name", "email", "role", "status", "mentor", "enrolled at", "progress %", "credited items"]


def file_stem(cohort: Cohort) -> str:
    return re.sub(r"[^a-z0-9]+", "-", cohort.name.lower()).strip("-") or f"cohort-{cohort.id}"


def gradebook(cohort: Cohort) -> tuple[list[str], list[list]]:
    """One row per learner and assignment (a long table: filter and pivot it in the spreadsheet)."""
    lessons = current_lessons([cohort.track_id])
    deadlines = {d.lesson_id: d.due_at for d in cohort_deadlines(cohort, lessons)}
    rows = enrollments(cohort)
    progress = records.for_cohort(cohort, assignments(lessons), enrollments=[e for e, _, _ in rows])
    table = []
    for enrollment, user, _ in rows:
        if enrollment.role != EnrollmentRole.LEARNER:
            continue
        record = progress[enrollment.id]
        for assignment in assignments(lessons):
            entry = record.assignments.get(assignment.id)
            table.append([user.name, user.email, enrollment.status, assignment.title, deadlines.get(assignment.id),
                          entry.status if entry else "not submitted", entry.points if entry else None,
                          entry.attempts if entry else 0, entry.submitted_at if entry else None,
                          entry.reviewed_at if entry else None, entry.late if entry else None])
    return GRADEBOOK_HEADER, table


def roster(cohort: Cohort) -> tuple[list[str], list[list]]:
    rows = enrollments(cohort)
    progress = records.for_cohort(cohort, enrollments=[e for e, _, _ in rows])
    table = []
    for enrollment, user, mentor in rows:
        record = progress.get(enrollment.id)
        table.append([user.name, user.email, enrollment.role, enrollment.status, mentor.name if mentor else "",
                      enrollment.enrolled_at, record.percent if record else None,
                      len(record.credited) if record else None])
    return ROSTER_HEADER, table
