"""What each step of a cohort's life means, and what to check before taking the next one.

The steps themselves (draft -> open -> running -> finished -> archived) are
``services.LIFE_CYCLE``; this module only explains them to admins on the status page. The
checks are advice: none of them stops a status change.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext, lazy_gettext, ngettext
from sqlalchemy import func, select

from lms.cohorts.models import Cohort, CohortStatus, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.cohorts.readiness import learner_readiness
from lms.extensions import db
from lms.i18n.formatting import format_day

MEANING = {
    CohortStatus.DRAFT: lazy_gettext(
        "Being prepared. Admins enrol learners and mentors; learners can read the track but record no progress "
        "and hand in nothing yet. No calendar feed."),
    CohortStatus.OPEN: lazy_gettext(
        "Open for enrolment. People are still being enrolled, and enrolled learners can already work: lessons, "
        "quizzes and hand-ins count, mentors review. Calendar feeds show the deadlines."),
    CohortStatus.RUNNING: lazy_gettext(
        "Running. Learners work and hand in, mentors review and answer asks; admins can still enrol late "
        "learners. Program health watches for stuck learners."),
    CohortStatus.FINISHED: lazy_gettext(
        "Finished. No new learners (mentors can still be added); learners keep reading the track and their "
        "feedback but record no progress and hand in nothing more. Certificates can be issued."),
    CohortStatus.ARCHIVED: lazy_gettext(
        "Archived. Kept for the record: nobody can be enrolled, its asks leave the queues, nothing changes any "
        "more. This is the last step."),
}


@dataclass(frozen=True)
class Check:
    ok: bool
    text: str


def _counts(cohort: Cohort) -> tuple[int, int, int]:
    """Active learners, active learners without a mentor, active mentors: one query."""
    learners = unmatched = mentors = 0
    for role, has_mentor, count in db.session.execute(
            select(Enrollment.role, Enrollment.mentor_id.is_not(None), func.count(Enrollment.id))
            .where(Enrollment.cohort_id == cohort.id, Enrollment.status == EnrollmentStatus.ACTIVE)
            .group_by(Enrollment.role, Enrollment.mentor_id.is_not(None))):
        if role == EnrollmentRole.MENTOR:
            mentors += count
        else:
            learners += count
            unmatched += 0 if has_mentor else count
    return learners, unmatched, mentors


def checks(cohort: Cohort, today: date) -> list[Check]:
    """Advice for the next step, from the cohort as it is now (a few queries however many learners)."""
    if cohort.status in (CohortStatus.FINISHED, CohortStatus.ARCHIVED):
        return []
    learners, unmatched, mentors = _counts(cohort)
    result = [
        Check(mentors > 0, ngettext("%(num)d active mentor", "%(num)d active mentors", mentors) if mentors
              else gettext("0 active mentors: enrol mentors on the People page before learners start")),
        Check(learners > 0, ngettext("%(num)d active learner", "%(num)d active learners", learners) if learners
              else gettext("0 active learners yet")),
        Check(unmatched == 0, gettext("Every learner has a mentor") if not unmatched
              else ngettext("%(num)d learner has no mentor yet: use Mentor matching or the People page",
                            "%(num)d learners have no mentor yet: use Mentor matching or the People page",
                            unmatched)),
    ]
    readiness = learner_readiness(cohort)
    result.append(Check(not readiness.notice,
                        readiness.notice or gettext("Every learner has told us their goals and skills")))
    if cohort.status == CohortStatus.OPEN:
        day = format_day(cohort.starts_on)
        started = cohort.starts_on <= today
        result.append(Check(started, gettext("Starts on %(day)s", day=day) if started
                            else gettext("Starts on %(day)s: running before that date is allowed", day=day)))
    if cohort.status == CohortStatus.RUNNING:
        day = format_day(cohort.ends_on)
        ended = cohort.ends_on <= today
        result.append(Check(ended, gettext("Ends on %(day)s", day=day) if ended
                            else gettext("Ends on %(day)s: finishing early stops learners' work now", day=day)))
    return result
