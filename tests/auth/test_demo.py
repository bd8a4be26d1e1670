"""``flask demo``: idempotent demo accounts, then each feature's registered step."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from lms import demo
from lms.auth import passwords
from lms.auth.models import User
from lms.extensions import db


@pytest.fixture(autouse=True)
def only_the_accounts_step(app):
    """These tests are about the command and its registry, not other features' demo data."""
    app.extensions[demo.DEMO_STEPS] = []


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    """Real Argon2 hashes with low cost: the demo hashes its passwords on every run."""
    monkeypatch.setattr(passwords, "hash_password", PasswordHasher(time_cost=1, memory_cost=1024).hash)


def _count_users():
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(User))


def test_demo_creates_accounts_and_prints_how_to_sign_in(runner, auth):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert _count_users() == len(demo.DEMO_ACCOUNTS) == 9
    for email, password in [("admin@demo.test", "demo-admin-pass"), ("mentor@demo.test", "demo-mentor-pass"),
                            ("learner@demo.test", "demo-learner-pass"), ("learner6@demo.test", "demo-learner-pass")]:
        assert email in result.output and password in result.output
    assert "Sign in at http://localhost/login" in result.output
    assert auth.login("admin@demo.test", "demo-admin-pass").status_code == 302


def test_demo_accounts_have_profiles(runner):
    runner.invoke(args=["demo"])
    mentor = db.session.scalar(select(User).where(User.email == "mentor2@demo.test"))
    assert mentor.bio and mentor.timezone == "Asia/Singapore"  # skills: lms.profiles.demo
    admin = db.session.scalar(select(User).where(User.email == "admin@demo.test"))
    assert admin.is_admin


def test_running_demo_twice_is_fine_and_restores_the_accounts(runner, auth):
    runner.invoke(args=["demo"])
    learner = db.session.scalar(select(User).where(User.email == "learner@demo.test"))
    learner.is_active = False
    learner.name = "Changed"
    db.session.commit()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert _count_users() == 9
    assert auth.login("learner@demo.test", "demo-learner-pass").status_code == 302


def test_registered_steps_run_after_the_accounts_and_are_committed(app, runner):
    seen = {}

    def step(accounts):
        seen.update(accounts)
        accounts["learner2"].bio = "Set by a feature's demo step."
        return "Demo step: one learner bio set."

    demo.register_demo_step(app, step)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert {"admin", "mentor", "mentor2", "learner", "learner6"} <= set(seen)
    assert "Demo step: one learner bio set." in result.output
    db.session.expire_all()
    assert db.session.scalar(select(User.bio).where(User.email == "learner2@demo.test")) == \
        "Set by a feature's demo step."


def test_demo_refuses_to_run_in_production(app, runner):
    app.config["LMS_ENV"] = "production"
    result = runner.invoke(args=["demo"])
    assert result.exit_code != 0 and "LMS_ENV=production" in result.output
    assert _count_users() == 0
