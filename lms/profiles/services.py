"""Saving what people say about themselves. Flush, never commit; the views commit.

The profile page edits the account's name, bio (Markdown, ``User.bio``) and time zone
together with the ``Profile`` row and the person's skills. One token, ``version_token``,
fingerprints all of it: a save based on an older token is refused (``ProfileConflict``),
and ``Profile.version`` (SQLAlchemy ``version_id_col``) refuses a save that raced past
that check, so two windows never silently overwrite each other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.exc import StaleDataError

from lms import signals
from lms.auth import services as accounts
from lms.auth.models import User
from lms.database import utcnow
from lms.extensions import db
from lms.profiles.models import Profile, SkillLevel
from lms.profiles.skills import set_skills
from lms.rendering import render_user_markdown

MAX_SKILLS = 30


class ProfileConflict(accounts.StaleProfile):
    """The profile changed (another window, another device) since the form was filled."""


CONFLICT_MESSAGE = lazy_gettext("Your profile was changed in another window after you opened this page. "
                                "Nothing was saved: what you typed is kept below and the saved values are shown "
                                "beside it; save again to replace them.")


@dataclass
class MentorOffer:
    """What a mentor offers: only people who mentor somewhere edit it."""

    help_with: str = ""
    max_mentees: int | None = None
    hours_per_week: int | None = None
    away_until: date | None = None


@dataclass
class ProfileData:
    name: str
    bio: str = ""
    timezone: str = "UTC"
    headline: str = ""
    skills: dict[str, SkillLevel] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)
    offer: MentorOffer | None = None   # None: leave the mentor's offer as it is
    offers_peer_mentoring: bool = False  # graduates: invite me as a peer mentor (docs/peer-mentors.md)
    language: str | None = accounts.KEEP  # the interface language (None: the browser's); KEEP: unchanged


@dataclass
class OnboardingData:
    timezone: str = "UTC"
    skills: dict[str, SkillLevel] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)


_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def ensure_profile(user_id: int) -> Profile:
    """The user's profile row, created when missing; safe when two requests race to create it.

    ``INSERT ... ON CONFLICT DO NOTHING`` waits for a concurrent insert of the same user and
    then does nothing, so exactly one row exists and both callers read it.
    """
    profile = db.session.get(Profile, user_id)
    if profile is not None:
        return profile
    dialect = db.session.get_bind().dialect.name
    values = {"user_id": user_id, "headline": "", "bio_html": "", "languages": [], "help_with": "",
              "active_mentees": 0, "updated_at": utcnow(), "version": 1}
    if dialect in _INSERT:
        db.session.execute(_INSERT[dialect](Profile).values(**values).on_conflict_do_nothing(
            index_elements=["user_id"]))
    else:  # other databases: a racing duplicate raises IntegrityError, as with insert_once
        db.session.execute(Profile.__table__.insert().values(**values))
    return db.session.scalars(select(Profile).where(Profile.user_id == user_id)
                              .execution_options(populate_existing=True)).one()


def version_token(user: User, profile: Profile) -> str:
    """A fingerprint of everything the profile page edits: the profile's version and the account's fields."""
    return f"{profile.version}.{accounts.profile_version(user)}"


def _check_version(user: User, profile: Profile, based_on: str | None) -> None:
    if based_on is not None and based_on != version_token(user, profile):
        raise ProfileConflict(str(CONFLICT_MESSAGE))


def _flush_profile(profile: Profile) -> None:
    # Touching the row makes every save an UPDATE ... WHERE version = <read version>,
    # also when only skills or account fields changed: the database decides races. It is
    # flushed before the skills, so a lost race changes nothing else.
    profile.updated_at = utcnow()
    try:
        db.session.flush()
    except StaleDataError as error:
        raise ProfileConflict(str(CONFLICT_MESSAGE)) from error


def save_profile(user: User, data: ProfileData, *, based_on: str | None = None) -> Profile:
    """Save the whole profile page; ``ProfileConflict`` when ``based_on`` is out of date.

    The bio is rendered once here and stored sanitised in ``Profile.bio_html``.
    ``active_mentees`` and ``onboarded_at`` are not the form's to set.
    """
    profile = ensure_profile(user.id)
    _check_version(user, profile, based_on)
    accounts.update_profile(user, accounts.ProfileData(name=data.name, bio=data.bio, timezone=data.timezone,
                                                       language=data.language))
    profile.headline = data.headline
    profile.bio_html = render_user_markdown(data.bio) if data.bio.strip() else ""
    profile.languages = list(data.languages)
    if data.offer is not None:
        profile.help_with = data.offer.help_with.strip()
        profile.max_mentees = data.offer.max_mentees
        profile.hours_per_week = data.offer.hours_per_week
        profile.away_until = data.offer.away_until
    if profile.onboarded_at is None:  # they told us their skills: no need to ask at sign-in
        profile.onboarded_at = utcnow()
    newly_offered = data.offers_peer_mentoring and not profile.offers_peer_mentoring
    profile.offers_peer_mentoring = data.offers_peer_mentoring
    _flush_profile(profile)
    set_skills(user.id, dict(list(data.skills.items())[:MAX_SKILLS]))
    if newly_offered:
        signals.peer_mentoring_offered.send(user)
    return profile


def complete_onboarding(user: User, data: OnboardingData, *, based_on: str | None = None) -> Profile:
    """The first-sign-in step: skills, languages and time zone; marks the person onboarded."""
    profile = ensure_profile(user.id)
    _check_version(user, profile, based_on)
    user.timezone = data.timezone
    profile.languages = list(data.languages)
    if profile.onboarded_at is None:
        profile.onboarded_at = utcnow()
    _flush_profile(profile)
    set_skills(user.id, dict(list(data.skills.items())[:MAX_SKILLS]))
    return profile


def needs_onboarding(user_id: int) -> bool:
    """Nobody has told us their skills yet: no profile row, or one never saved through the welcome step."""
    onboarded_at = db.session.scalar(select(Profile.onboarded_at).where(Profile.user_id == user_id))
    return onboarded_at is None


def profile_or_blank(user_id: int) -> Profile:
    """The stored profile, or a blank one (not added to the session) for someone who has none yet."""
    return db.session.get(Profile, user_id) or Profile(
        user_id=user_id, headline="", bio_html="", languages=[], help_with="", active_mentees=0, version=1)
