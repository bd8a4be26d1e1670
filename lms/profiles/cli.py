"""``flask profiles render-bios``: store the rendered bio of profiles saved before bios were stored."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from lms.auth.models import User
from lms.extensions import db
from lms.profiles.models import Profile
from lms.profiles.services import ensure_profile
from lms.rendering import render_user_markdown

profiles_cli = AppGroup("profiles", help="Profiles.")

BATCH = 500


def render_missing_bios() -> int:
    """Render and store ``bio_html`` for every user with a bio and no stored rendering; how many."""
    done = 0
    while True:
        rows = db.session.execute(
            select(User.id, User.bio).outerjoin(Profile, Profile.user_id == User.id)
            .where(User.bio != "", (Profile.user_id.is_(None)) | (Profile.bio_html == ""))
            .order_by(User.id).limit(BATCH)).all()
        rows = [(user_id, bio) for user_id, bio in rows if (bio or "").strip()]
        if not rows:
            return done
        for user_id, bio in rows:
            # Not a user's save: no version bump, so nobody's open profile form goes stale.
            ensure_profile(user_id)
            db.session.execute(Profile.__table__.update().where(Profile.user_id == user_id)
                               .values(bio_html=render_user_markdown(bio)))
        db.session.commit()
        done += len(rows)


@profiles_cli.command("render-bios")
def render_bios_command() -> None:
    """Render bios written before profiles stored them (run once after upgrading to 0008)."""
    click.echo(f"{render_missing_bios()} bio(s) rendered.")
