"""``flask notifications deliver|reminders|digest``: run the periodic work now."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from lms.extensions import db
from lms.notifications.services import send_daily_digests, send_deadline_reminders
from lms.outbox import deliver_due

notifications_cli = AppGroup("notifications", help="Emails and reminders.")


@notifications_cli.command("deliver")
def deliver_command() -> None:
    """Send every due email in the outbox (new ones and retries)."""
    click.echo(f"{deliver_due()} email(s) sent.")


@notifications_cli.command("reminders")
def reminders_command() -> None:
    """Remind learners of deadlines in the next days (each reminder is sent once)."""
    count = send_deadline_reminders()
    db.session.commit()
    click.echo(f"{count} reminder(s) written.")


@notifications_cli.command("digest")
def digest_command() -> None:
    """Send the daily digests due now (each person's at their local digest hour, once a day)."""
    count = send_daily_digests()
    db.session.commit()
    click.echo(f"{count} digest(s) written.")
