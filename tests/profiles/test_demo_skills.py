"""The demo gives every demo account the skills its spec states, with their levels, and a profile."""
from __future__ import annotations

from sqlalchemy import select

from lms.auth.models import User
from lms.demo import DEMO_ACCOUNTS
from lms.extensions import db
from lms.profiles.demo import DEMO_PROFILES, demo_profiles, demo_skills
from lms.profiles.models import Profile, SkillLevel
from lms.profiles.skills import skills_by_user
from tests.factories.auth import make_user


def test_demo_accounts_get_their_stated_skills(app):
    accounts = {spec.handle: make_user(email=spec.email, name=spec.name) for spec in DEMO_ACCOUNTS}
    demo_skills(accounts)
    demo_skills(accounts)  # idempotent
    mentor = db.session.scalar(select(User).where(User.email == "mentor2@demo.test"))
    spec = next(spec for spec in DEMO_ACCOUNTS if spec.handle == "mentor2")
    assert skills_by_user([mentor.id])[mentor.id] == {
        skill: DEMO_PROFILES["mentor2"].levels.get(skill, SkillLevel.WORKING) for skill in sorted(spec.skills)}
    assert skills_by_user([mentor.id])[mentor.id]["pricing"] == SkillLevel.EXPERT


def test_demo_mentors_get_a_profile_with_capacity_and_learners_their_languages(app):
    accounts = {spec.handle: make_user(email=spec.email, name=spec.name, bio=spec.bio) for spec in DEMO_ACCOUNTS}
    demo_profiles(accounts)
    demo_profiles(accounts)  # idempotent
    db.session.commit()
    mentor = db.session.get(Profile, accounts["mentor"].id)
    assert mentor.headline and mentor.help_with and mentor.max_mentees == 4 and mentor.bio_html.startswith("<p>")
    assert mentor.active_mentees == 0, "the mentorship services own the count"
    assert db.session.get(Profile, accounts["learner2"].id).languages == ["es", "en"]
    assert db.session.get(Profile, accounts["learner6"].id).onboarded_at is None, "one learner sees the welcome step"
