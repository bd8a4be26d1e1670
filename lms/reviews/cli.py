"""``flask reviews expire-claims``: return stale claims to the queue now."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from lms.extensions import db
from lms.reviews.services import expire_claims

reviews_cli = AppGroup("reviews", help="Review queue maintenance.")


@reviews_cli.command("expire-claims")
def expire_claims_command() -> None:
    count = expire_claims()
    db.session.commit()
    click.echo(f"{count} expired claim(s) released.")
