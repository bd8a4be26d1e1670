"""``flask demo``: demo accounts with known passwords, then every feature's demo data.

Running it again is safe: accounts are found by email and put back to the state
below (including the password), and steps must be idempotent too.

A feature adds its own data with ``register_demo_step(app, step)`` in its
``init_app``. After the accounts exist, each step is called in registration order as
``step(accounts)`` with ``accounts`` mapping a handle ("admin", "mentor", "mentor2",
"learner", "learner2" ... "learner6") to its ``User``. A step flushes, never commits
(the command commits once), and may return a line to print.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from lms.auth import passwords, services
from lms.auth.cli import format_table
from lms.extensions import db

# app.extensions key holding the registered steps.
DEMO_STEPS = "lms_demo_steps"

DemoStep = Callable[[dict], "str | None"]

ADMIN_PASSWORD = "demo-admin-pass"
MENTOR_PASSWORD = "demo-mentor-pass"
LEARNER_PASSWORD = "demo-learner-pass"


@dataclass(frozen=True)
class DemoAccount:
    handle: str
    email: str
    name: str
    role: str
    password: str
    skills: tuple[str, ...] = ()
    bio: str = ""
    timezone: str = "UTC"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


DEMO_ACCOUNTS = (
    DemoAccount("admin", "admin@demo.test", "Ada Admin", "admin", ADMIN_PASSWORD,
                ("program management",), "Runs the upskilling program.", "Europe/London"),
    DemoAccount("mentor", "mentor@demo.test", "Marco Mentor", "mentor", MENTOR_PASSWORD,
                ("html", "css", "accessibility", "client calls"),
                "Freelance front-end developer for ten years. I review with a checklist and a smile.",
                "Europe/Berlin"),
    DemoAccount("mentor2", "mentor2@demo.test", "Mei Mentor", "mentor", MENTOR_PASSWORD,
                ("proposals", "pricing", "client calls", "git"),
                "Studio owner; I help people price their work and write proposals that win.",
                "Asia/Singapore"),
    DemoAccount("learner", "learner@demo.test", "Lea Learner", "learner", LEARNER_PASSWORD,
                ("html", "css"), "Switching from retail to web work. Evenings and weekends.", "Europe/Paris"),
    DemoAccount("learner2", "learner2@demo.test", "Luis Learner", "learner", LEARNER_PASSWORD,
                ("wordpress", "seo"), "Runs small sites for local shops.", "America/Mexico_City"),
    DemoAccount("learner3", "learner3@demo.test", "Amara Okafor", "learner", LEARNER_PASSWORD,
                ("figma", "client calls"), "Designer moving into front-end.", "Africa/Lagos"),
    DemoAccount("learner4", "learner4@demo.test", "Jonas Berg", "learner", LEARNER_PASSWORD,
                ("javascript",), "Self-taught; wants feedback on real projects.", "Europe/Stockholm"),
    DemoAccount("learner5", "learner5@demo.test", "Priya Nair", "learner", LEARNER_PASSWORD,
                ("git", "python"), "Data analyst, curious about freelancing.", "Asia/Kolkata"),
    DemoAccount("learner6", "learner6@demo.test", "Sam Taylor", "learner", LEARNER_PASSWORD,
                ("copywriting", "proposals"), "Writer building a freelance practice.", "America/New_York"),
)


def register_demo_step(app: Flask, step: DemoStep) -> None:
    """Let a feature add demo data; see the module docstring for the contract."""
    app.extensions.setdefault(DEMO_STEPS, []).append(step)


def create_demo_accounts() -> dict:
    """Create or restore every demo account; return them by handle."""
    accounts = {}
    hashes: dict[str, str] = {}  # Argon2 is slow on purpose: hash each password once
    for spec in DEMO_ACCOUNTS:
        user = services.find_user_by_email(spec.email)
        if user is None:
            user = services.create_user(spec.email, spec.name)
        if spec.password not in hashes:
            hashes[spec.password] = passwords.hash_password(spec.password)
        user.password_hash = hashes[spec.password]
        user.is_admin, user.is_active = spec.is_admin, True
        user.name, user.bio, user.timezone = spec.name, spec.bio, spec.timezone
        accounts[spec.handle] = user
    db.session.flush()
    return accounts


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Create demo accounts (and each feature's demo data); print how to sign in."""
    if current_app.config.get("LMS_ENV") == "production":
        raise click.ClickException("`flask demo` creates accounts with published passwords; "
                                   "it does not run with LMS_ENV=production.")
    accounts = create_demo_accounts()
    # The demo's notifications write mails to instance/mail; a line each would bury the table.
    mail_log = logging.getLogger("lms.mail")
    level = mail_log.level
    mail_log.setLevel(logging.WARNING)
    try:
        notes = [step(accounts) for step in current_app.extensions.get(DEMO_STEPS, [])]
        db.session.commit()
    finally:
        mail_log.setLevel(level)
    rows = [("EMAIL", "PASSWORD", "ROLE")] + [(s.email, s.password, s.role) for s in DEMO_ACCOUNTS]
    click.echo(format_table(rows))
    for note in notes:
        if note:
            click.echo(note)
    click.echo(f"Sign in at {current_app.config['LMS_BASE_URL'].rstrip('/')}/login")


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_command)
