"""The mentor directory of a cohort: one card per active mentor, read in a fixed number of queries.

Figures come from their own modules: free places from ``lms.profiles.capacity``, working
hours from ``lms.profiles.hours``, response times from the loader ``lms.reviews``
registers (``RESPONSE_HOURS``), the learner's goals from ``lms.cohorts.mentoring``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from lms.auth.models import User
from lms.cohorts.mentoring import learner_goal_terms
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.extensions import db
from lms.mentorships.fit import fit_reasons
from lms.profiles import capacity, hours, languages
from lms.profiles.facts import person_facts
from lms.profiles.models import Profile, SkillLevel
from lms.profiles.skills import normalise, skills_by_user

# ``lms.reviews`` (above) registers a loader here: (mentor ids, since) -> {mentor id: median
# hours between an attempt being handed in and that mentor's review of it}.
RESPONSE_HOURS = "mentor_response_hours"
# ``lms.asks`` registers: mentor ids -> their thank-you notes to show (newest first).
THANK_YOU_NOTES = "mentor_thank_you_notes"
RESPONSE_WINDOW_DAYS = 90


@dataclass(frozen=True)
class Filters:
    skill: str = ""
    language: str = ""
    min_overlap: float = 0
    free_only: bool = False
    hide_away: bool = False


@dataclass
class MentorCard:
    user: User
    headline: str
    bio_html: str
    help_with: str
    skills: dict[str, SkillLevel]
    languages: list[str]
    local_time: str
    overlap_hours: float
    load: capacity.Load
    away_until: date | None
    response_hours: float | None
    fit: list[str] = field(default_factory=list)
    thanks: list = field(default_factory=list)   # notes learners allowed and the mentor shows
    facts: list[str] = field(default_factory=list)  # "Completed … in …" (``lms.profiles.facts``)

    @property
    def away(self) -> bool:
        return self.away_until is not None


def response_hours(mentor_ids: list[int], now: datetime) -> dict[int, float]:
    loader = current_app.extensions.get(RESPONSE_HOURS)
    return loader(mentor_ids, now - timedelta(days=RESPONSE_WINDOW_DAYS)) if loader and mentor_ids else {}


def _mentors(cohort: Cohort) -> list[tuple[User, Profile | None]]:
    rows = db.session.execute(
        select(User, Profile).join(Enrollment, Enrollment.user_id == User.id)
        .outerjoin(Profile, Profile.user_id == User.id)
        .where(Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.MENTOR,
               Enrollment.status == EnrollmentStatus.ACTIVE, User.is_active.is_(True))
        .order_by(User.name, User.id))
    return [(user, profile) for user, profile in rows]


def mentor_cards(cohort: Cohort, viewer: User, *, now: datetime, for_learner: bool) -> list[MentorCard]:
    """Every active mentor of the cohort as a card; ``fit`` is filled when the viewer is a learner there."""
    mentors = _mentors(cohort)
    ids = [user.id for user, _ in mentors]
    skills = skills_by_user([*ids, viewer.id])
    responses = response_hours(ids, now)
    thanks_loader = current_app.extensions.get(THANK_YOU_NOTES)
    thanks = thanks_loader(ids) if thanks_loader and ids else {}
    known = person_facts(ids)
    goal_words = set(learner_goal_terms([viewer.id]).get(viewer.id, ())) if for_learner else set()
    viewer_profile = db.session.get(Profile, viewer.id) if for_learner else None
    viewer_languages = list(viewer_profile.languages or []) if viewer_profile else []
    today = hours.local_day(viewer.timezone, now)
    cards = []
    for user, profile in mentors:
        overlap = hours.overlap_hours(viewer.timezone, user.timezone, now)
        away_until = profile.away_until if profile is not None and profile.is_away(today) else None
        card = MentorCard(
            user=user, headline=profile.headline if profile else "", bio_html=profile.bio_html if profile else "",
            help_with=profile.help_with if profile else "", skills=skills.get(user.id, {}),
            languages=list(profile.languages or []) if profile else [],
            local_time=hours.local_time(user.timezone, now), overlap_hours=overlap,
            load=capacity.load(profile), away_until=away_until, response_hours=responses.get(user.id),
            thanks=thanks.get(user.id, []), facts=known.get(user.id, []))
        if for_learner and user.id != viewer.id:
            card.fit = fit_reasons(mentor_skills=card.skills, learner_skills=skills.get(viewer.id, {}),
                                   goal_words=goal_words, help_with=card.help_with, overlap_hours=overlap,
                                   mentor_languages=card.languages, learner_languages=viewer_languages)
        cards.append(card)
    return cards


def apply_filters(cards: list[MentorCard], filters: Filters) -> list[MentorCard]:
    skill = normalise(filters.skill)
    kept = []
    for card in cards:
        if skill and skill not in card.skills:
            continue
        if filters.language and not languages.speaks(card.languages, filters.language):
            continue
        if card.overlap_hours < (filters.min_overlap or 0):
            continue
        if filters.free_only and (card.away or not card.load.has_room):
            continue
        if filters.hide_away and card.away:
            continue
        kept.append(card)
    return kept


def skill_options(cards: list[MentorCard]) -> list[str]:
    """Every skill some mentor of the page states, for the filter's suggestions."""
    return sorted({skill for card in cards for skill in card.skills})


def language_options(cards: list[MentorCard]) -> list[str]:
    return sorted({tag.split("-")[0] for card in cards for tag in card.languages})
