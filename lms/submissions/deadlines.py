"""When an assignment is due in a cohort (the rule is the cohorts feature's, see lms.cohorts.schedule)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from lms.cohorts import schedule
from lms.cohorts.models import Cohort, CohortDeadline
from lms.extensions import db
from lms.tracks.models import Lesson


def due_at(cohort: Cohort, lesson: Lesson) -> datetime | None:
    override = db.session.scalar(select(CohortDeadline.due_at).where(
        CohortDeadline.cohort_id == cohort.id, CohortDeadline.lesson_id == lesson.id))
    return schedule.due_at(cohort.starts_on, schedule.due_days_of(lesson.spec), cohort.timezone, override)
