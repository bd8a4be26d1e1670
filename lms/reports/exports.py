"""The rows of the gradebook and roster exports (written by ``lms.cohorts.csvfile``).

Both read the cohort's progress records, so they list only work made in this cohort
and the same percent as every page.
"""
from __future__ import annotations

import re
from typing import Iterator

from flask_babel import gettext, lazy_gettext

from lms.cohorts.models import Cohort, EnrollmentRole
from lms.cohorts.queries import assignments, cohort_deadlines, enrollment_rows
from lms.progress import records
from lms.tracks.models import LessonKind
from lms.tracks.queries import current_lessons

# Column names in the reader's language (``str()`` them when the file is written); the values
# stay as the API gives them (statuses, ISO times), so a file reads the same in any spreadsheet.
GRADEBOOK_HEADER = [lazy_gettext("learner"), lazy_gettext("email"), lazy_gettext("enrolment status"),
                    lazy_gettext("assignment"), lazy_gettext("due at"), lazy_gettext("status"), lazy_gettext("points"),
                    lazy_gettext("attempts"), lazy_gettext("submitted at"), lazy_gettext("reviewed at"),
                    lazy_gettext("late")]
ROSTER_HEADER = [lazy_gettext("name"), lazy_gettext("email"), lazy_gettext("role"), lazy_gettext("status"),
                 lazy_gettext("mentor"), lazy_gettext("enrolled at"), lazy_gettext("progress %"),
                 lazy_gettext("credited items")]


def file_stem(cohort: Cohort) -> str:
    return re.sub(r"[^a-z0-9]+", "-", cohort.name.lower()).strip("-") or f"cohort-{cohort.id}"


def gradebook(cohort: Cohort) -> tuple[list[str], Iterator[list]]:
    """One row per learner and assignment (a long table: filter and pivot it in the spreadsheet).

    Then one column per quiz: the learner's best score in percent (blank before a first
    attempt), as ``lms.progress`` reads it, repeated on each of the learner's rows. A
    track without assignments gets one row per learner, so the quiz scores still show.

    Every query runs before this returns; the rows are then made one at a time from what
    was read, so a streamed response neither holds the whole table nor reads the database
    after its first byte (an error can still become an error page, never half a file).
    """
    lessons = current_lessons([cohort.track_id])
    deadlines = {d.lesson_id: d.due_at for d in cohort_deadlines(cohort, lessons)}
    learners = enrollment_rows(cohort, EnrollmentRole.LEARNER)
    graded = assignments(lessons)
    quizzes = [lesson for lesson in lessons if lesson.kind == LessonKind.QUIZ]
    progress = records.for_cohort(cohort, graded + quizzes, enrollments=learners)
    header = [str(name) for name in GRADEBOOK_HEADER] + [gettext("quiz: %(title)s (best %%)", title=quiz.title)
                                                         for quiz in quizzes]

    def rows() -> Iterator[list]:
        for learner in learners:
            record = progress[learner.id]
            scores = [_best_percent(record.quizzes.get(quiz.id)) for quiz in quizzes]
            for assignment in graded:
                entry = record.assignments.get(assignment.id)
                yield [learner.name, learner.email, learner.status, assignment.title, deadlines.get(assignment.id),
                       entry.status if entry else "not submitted", entry.points if entry else None,
                       entry.attempts if entry else 0, entry.submitted_at if entry else None,
                       entry.reviewed_at if entry else None, entry.late if entry else None, *scores]
            if not graded and quizzes:
                yield [learner.name, learner.email, learner.status, *[None] * 8, *scores]

    return header, rows()


def _best_percent(result) -> int | None:
    return result.best_percent if result is not None else None


def roster(cohort: Cohort) -> tuple[list[str], Iterator[list]]:
    """One row per enrolment (mentors included); read like ``gradebook``: queries first, rows streamed."""
    people = enrollment_rows(cohort)
    progress = records.for_cohort(cohort, enrollments=people)

    def rows() -> Iterator[list]:
        for person in people:
            record = progress.get(person.id)
            yield [person.name, person.email, person.role, person.status, person.mentor_name or "",
                   person.enrolled_at, record.percent if record else None,
                   len(record.credited) if record else None]

    return [str(name) for name in ROSTER_HEADER], rows()
