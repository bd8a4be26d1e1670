"""``flask users ...``: manage accounts from the command line."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from lms.auth import services
from lms.auth.models import User
from lms.extensions import db

users_cli = AppGroup("users", help="Create, list, deactivate accounts and grant admin rights.")


def _user(email: str) -> User:
    user = services.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account has the email {email}.")
    return user


def _status(user: User) -> str:
    if not user.is_active:
        return "deactivated"
    if not user.is_confirmed:
        return "unconfirmed" if user.has_password else "invited"
    return "active" if user.has_password else "invited"


@users_cli.command("create")
@click.argument("email")
@click.option("--name", default="", help="Display name (default: the part of the email before @).")
@click.option("--admin", is_flag=True, help="Make the account an administrator.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input instead of inviting.")
@click.option("--send-invitation", is_flag=True, help="Also email the invitation link.")
def create_command(email: str, name: str, admin: bool, password_stdin: bool, send_invitation: bool) -> None:
    """Create an account; without a password, print a link to choose one."""
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        minimum = current_app.config["PASSWORD_MIN_LENGTH"]
        if len(password) < minimum:
            raise click.ClickException(f"The password must have at least {minimum} characters.")
    try:
        user, url = services.add_user(email, name or email.partition("@")[0], is_admin=admin, password=password,
                                      send_invitation=send_invitation)
    except services.EmailTaken as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {user.email}{' (admin)' if user.is_admin else ''}.")
    if url:
        click.echo(f"Invitation link{' (also emailed)' if send_invitation else ''}: {url}")


@users_cli.command("list")
def list_command() -> None:
    """Print every account: email, name, role, status, last sign-in."""
    users = db.session.scalars(select(User).order_by(User.email)).all()
    if not users:
        click.echo("No accounts yet. Create one with: flask users create EMAIL --admin")
        return
    rows = [("EMAIL", "NAME", "ROLE", "STATUS", "LAST SIGN-IN")] + [
        (u.email, u.name, "admin" if u.is_admin else "-", _status(u),
         u.last_login_at.strftime("%Y-%m-%d %H:%M UTC") if u.last_login_at else "never")
        for u in users]
    click.echo(format_table(rows))


def format_table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows)


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_command(email: str) -> None:
    """Stop an account from signing in and end its sessions."""
    _change(email, lambda user: services.set_active(user, False), "is deactivated and signed out everywhere")


@users_cli.command("reactivate")
@click.argument("email")
def reactivate_command(email: str) -> None:
    """Let a deactivated account sign in again."""
    _change(email, lambda user: services.set_active(user, True), "can sign in again")


@users_cli.command("set-admin")
@click.argument("email")
@click.option("--revoke", is_flag=True, help="Take administrator rights away instead.")
def set_admin_command(email: str, revoke: bool) -> None:
    """Give an account administrator rights (or take them away with --revoke)."""
    _change(email, lambda user: services.set_admin(user, not revoke),
            "is no longer an administrator" if revoke else "is now an administrator")


def _change(email: str, operation, done: str) -> None:
    user = _user(email)
    try:
        operation(user)
    except services.AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"{user.email} {done}.")
