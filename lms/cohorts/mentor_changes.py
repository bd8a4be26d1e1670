"""Changing several learners' mentors at once, from the people page's one form.

Each row carries the mentor it showed (``was``) beside the one chosen (``to``). Only rows
whose choice differs from what they showed are changes. A row whose learner got another
mentor meanwhile (someone else saved first) is refused rather than overwritten, and so is a
row the relationship rules refuse (mentor at capacity, away, excluded). Every change goes
through ``mentoring.assign_mentor``; when any row is refused nothing is kept (the caller
rolls back), so the page can be shown again with a message per row and the choices kept.
Flush, never commit.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext, ngettext
from sqlalchemy import select, update

from lms.cohorts import mentoring
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole
from lms.extensions import db

MAX_ROWS = 500


class MentorChangesRefused(mentoring.MentoringError):
    """Some rows were refused; ``errors`` maps enrolment id -> the reason, safe to show."""

    def __init__(self, errors: dict[int, str]):
        super().__init__(ngettext("Nothing was saved: %(num)d row needs your attention (see the messages in the list).",
                                  "Nothing was saved: %(num)d rows need your attention (see the messages in the list).",
                                  len(errors)))
        self.errors = errors


@dataclass(frozen=True)
class MentorChange:
    enrollment_id: int
    was: int | None
    to: int | None


def _id(value) -> int | None:
    value = str(value or "").strip()
    if not value or value == "None":
        return None
    if not value.isdigit() or len(value) > 9:
        raise ValueError(value)
    return int(value)


def parse(form) -> tuple[list[MentorChange], dict[int, str]]:
    """The changed rows of a submitted form (``mentor-<id>`` and ``was-<id>`` pairs), and
    rows that could not be read (enrolment id -> message). Unchanged rows are left out."""
    changes, errors = [], {}
    for key in list(form.keys())[: MAX_ROWS * 3]:
        if not key.startswith("mentor-") or not key[7:].isdigit() or len(key) > 20:
            continue
        enrollment_id = int(key[7:])
        try:
            to, was = _id(form.get(key)), _id(form.get(f"was-{enrollment_id}"))
        except ValueError:
            errors[enrollment_id] = gettext("Choose a mentor from the list, or none.")
            continue
        if to != was:
            changes.append(MentorChange(enrollment_id, was, to))
    return changes, errors


def apply(cohort: Cohort, changes: list[MentorChange], actor=None) -> list[Enrollment]:
    """Make each change; raise ``MentorChangesRefused`` with every refused row (the caller rolls back)."""
    ids = [change.enrollment_id for change in changes]
    if ids:  # lock the rows first (a no-op write: SQLite's write lock too), so what is read next is current
        db.session.execute(update(Enrollment).where(Enrollment.id.in_(ids), Enrollment.cohort_id == cohort.id)
                           .values(mentor_id=Enrollment.mentor_id).execution_options(synchronize_session=False))
    rows = {e.id: e for e in db.session.scalars(
        select(Enrollment).where(Enrollment.id.in_(ids), Enrollment.cohort_id == cohort.id,
                                 Enrollment.role == EnrollmentRole.LEARNER)
        .with_for_update().execution_options(populate_existing=True))} if ids else {}
    errors: dict[int, str] = {}
    changed = []
    for change in changes:
        enrollment = rows.get(change.enrollment_id)
        if enrollment is None:
            errors[change.enrollment_id] = gettext("This learner is not in the cohort.")
        elif enrollment.mentor_id != change.was:
            errors[change.enrollment_id] = gettext(
                "Someone else changed this learner's mentor while you were choosing; the current mentor is shown, "
                "your choice is kept: save again to apply it.")
        else:
            try:
                mentoring.assign_mentor(enrollment, change.to, actor=actor, reason="reassigned by an admin")
            except mentoring.MentoringError as error:
                errors[change.enrollment_id] = str(error)
            else:
                changed.append(enrollment)
    if errors:
        raise MentorChangesRefused(errors)
    return changed
