"""Demo data: every demo account's skills with levels, and its profile (``lms.demo.DEMO_ACCOUNTS``).

Mentors get a headline, languages, what they help with and their capacity; learners their
skills and languages. Everyone but one learner counts as onboarded, so that one shows the
welcome step at sign-in. ``active_mentees`` is left to the mentorship services.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask

from lms.database import utcnow
from lms.demo import DEMO_ACCOUNTS, register_demo_step
from lms.extensions import db
from lms.profiles.models import SkillLevel
from lms.profiles.services import ensure_profile
from lms.profiles.skills import set_skills
from lms.rendering import render_user_markdown

L, W, S, E = SkillLevel.LEARNING, SkillLevel.WORKING, SkillLevel.STRONG, SkillLevel.EXPERT


@dataclass(frozen=True)
class DemoProfile:
    levels: dict[str, SkillLevel] = field(default_factory=dict)   # skills of the spec not named: working
    headline: str = ""
    languages: tuple[str, ...] = ("en",)
    help_with: str = ""
    max_mentees: int | None = None
    hours_per_week: int | None = None
    onboarded: bool = True


DEMO_PROFILES = {
    "admin": DemoProfile(headline="Program lead", languages=("en", "fr")),
    "mentor": DemoProfile({"html": E, "css": E, "accessibility": S, "client calls": S},
                          "Freelance front-end developer, ten years of client work", ("de", "en"),
                          "Reviewing your first portfolio site\nAccessible HTML and CSS\nTalking to your first clients",
                          max_mentees=4, hours_per_week=5),
    "mentor2": DemoProfile({"proposals": E, "pricing": E, "client calls": S, "git": W},
                           "Studio owner: pricing and proposals that win", ("en", "zh-Hans", "ms"),
                           "Pricing your work\nWriting proposals\nSaying no to bad clients",
                           max_mentees=5, hours_per_week=4),
    "learner": DemoProfile({"html": W, "css": L}, languages=("fr", "en")),
    "learner2": DemoProfile({"wordpress": S, "seo": W}, languages=("es", "en")),
    "learner3": DemoProfile({"figma": S, "client calls": W}, languages=("en", "yo")),
    "learner4": DemoProfile({"javascript": L}, languages=("sv", "en")),
    "learner5": DemoProfile({"git": W, "python": S}, languages=("en", "hi", "ml")),
    "learner6": DemoProfile({"copywriting": S, "proposals": L}, onboarded=False),
}


def register(app: Flask) -> None:
    register_demo_step(app, demo_skills)
    register_demo_step(app, demo_profiles)


def demo_skills(accounts: dict) -> None:
    for spec in DEMO_ACCOUNTS:
        levels = DEMO_PROFILES.get(spec.handle, DemoProfile()).levels
        set_skills(accounts[spec.handle].id, {skill: levels.get(skill, W) for skill in spec.skills})


def demo_profiles(accounts: dict) -> None:
    for spec in DEMO_ACCOUNTS:
        demo = DEMO_PROFILES.get(spec.handle, DemoProfile())
        user = accounts[spec.handle]
        profile = ensure_profile(user.id)
        profile.headline, profile.languages, profile.help_with = demo.headline, list(demo.languages), demo.help_with
        profile.bio_html = render_user_markdown(user.bio) if (user.bio or "").strip() else ""
        profile.max_mentees, profile.hours_per_week = demo.max_mentees, demo.hours_per_week
        profile.away_until = None
        profile.onboarded_at = utcnow() if demo.onboarded else None
    db.session.flush()
