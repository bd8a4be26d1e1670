"""The demo gives every demo account the skills its spec states, at level "working"."""
from __future__ import annotations

from sqlalchemy import select

from lms.auth.models import User
from lms.demo import DEMO_ACCOUNTS
from lms.extensions import db
from lms.profiles.demo import demo_skills
from lms.profiles.models import SkillLevel
from lms.profiles.skills import skills_by_user
from tests.factories.auth import make_user


def test_demo_accounts_get_their_stated_skills(app):
    accounts = {spec.handle: make_user(email=spec.email, name=spec.name) for spec in DEMO_ACCOUNTS}
    demo_skills(accounts)
    demo_skills(accounts)  # idempotent
    mentor = db.session.scalar(select(User).where(User.email == "mentor2@demo.test"))
    spec = next(spec for spec in DEMO_ACCOUNTS if spec.handle == "mentor2")
    assert skills_by_user([mentor.id])[mentor.id] == {skill: SkillLevel.WORKING for skill in sorted(spec.skills)}
