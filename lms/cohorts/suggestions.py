"""Suggested mentors for a cohort, and the admin's choices applied with the hard constraints checked again.

The page shows ``suggest``; a POST carries the rows the admin kept (possibly with another
mentor). ``apply_choices`` refuses every row that breaks a hard constraint (an excluded
pair, the cohort's required language) so a forged form cannot bypass them, and assigns
nothing when any row is refused. Flush, never commit.
"""
from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import select

from lms.auth.models import User
from lms.cohorts import matching
from lms.cohorts.exclusions import excluded_mentors
from lms.cohorts.matching_fit import language, language_name
from lms.cohorts.matching_inputs import MatchingInputs
from lms.cohorts.mentoring import MentoringError, assign_mentor
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole
from lms.extensions import db
from lms.profiles.models import Profile


class ChoicesRefused(MentoringError):
    """Some rows break a hard constraint; ``messages`` says which and why, one per row."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


def suggest(inputs: MatchingInputs) -> list[matching.Suggestion]:
    return matching.suggest_matches(inputs.learners, inputs.mentors, inputs.track_skills, inputs.required_language)


def _refusals(cohort: Cohort, enrollments: list[Enrollment], choices: dict[int, int | None]) -> list[str]:
    pairs = [(e.user_id, choices[e.id]) for e in enrollments if choices[e.id] is not None]
    if not pairs:
        return []
    people = {user.id: user for user in db.session.scalars(
        select(User).where(User.id.in_({uid for pair in pairs for uid in pair})))}
    excluded = excluded_mentors([learner for learner, _ in pairs], [mentor for _, mentor in pairs])
    spoken = {}
    if cohort.required_language:
        spoken = {profile.user_id: {language(tag) for tag in profile.languages or ()} for profile in
                  db.session.scalars(select(Profile).where(Profile.user_id.in_(list(people))))}
    wanted = language(cohort.required_language or "")
    messages = []
    for learner_id, mentor_id in pairs:
        learner, mentor = people[learner_id].name, people[mentor_id].name if mentor_id in people else "?"
        if mentor_id in excluded.get(learner_id, ()):
            messages.append(gettext("%(learner)s and %(mentor)s: an admin excluded this pair.",
                                    learner=learner, mentor=mentor))
        elif wanted and not (wanted in spoken.get(learner_id, ()) and wanted in spoken.get(mentor_id, ())):
            messages.append(gettext("%(learner)s and %(mentor)s: this cohort requires both to speak %(language)s.",
                                    learner=learner, mentor=mentor, language=language_name(wanted)))
    return messages


def apply_choices(cohort: Cohort, choices: dict[int, int | None], reasons: dict[int, str], actor) -> int:
    """Assign the chosen mentor (by learner enrollment id); return how many changed.

    Raises ``ChoicesRefused`` (nothing assigned) when a row pairs an excluded pair or
    breaks the cohort's required language; ``MentoringError`` from ``assign_mentor``.
    """
    if not choices:
        return 0
    enrollments = sorted(db.session.scalars(select(Enrollment).where(
        Enrollment.cohort_id == cohort.id, Enrollment.id.in_(list(choices)),
        Enrollment.role == EnrollmentRole.LEARNER)).all(), key=lambda e: e.id)
    refused = _refusals(cohort, enrollments, choices)
    if refused:
        raise ChoicesRefused(refused)
    changed = 0
    for enrollment in enrollments:
        changed += assign_mentor(enrollment, choices[enrollment.id], actor=actor,
                                 reason=reasons.get(enrollment.id) or "chosen by an admin")
    return changed
