"""``flask users create|list|deactivate|reactivate|set-admin``."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import select

from lms.auth.models import User
from lms.extensions import db
from tests.factories.auth import make_admin, make_user


def _user(email):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def test_create_without_password_prints_a_working_invitation_link(runner, client):
    result = runner.invoke(args=["users", "create", "new@example.org", "--name", "Nia New", "--admin"])
    assert result.exit_code == 0, result.output
    assert "Created new@example.org (admin)." in result.output
    link = re.search(r"Invitation link: (\S+)", result.output).group(1)
    assert link.startswith("http://localhost/invite/")
    assert client.get(urlsplit(link).path).status_code == 200
    user = _user("new@example.org")
    assert user.is_admin and user.name == "Nia New" and user.password_hash is None


def test_create_with_password_from_stdin(runner, auth):
    result = runner.invoke(args=["users", "create", "cli@example.org", "--password-stdin"],
                           input="a long cli password\n")
    assert result.exit_code == 0, result.output
    assert "Invitation link" not in result.output
    assert _user("cli@example.org").name == "cli"
    assert auth.login("cli@example.org", "a long cli password").status_code == 302


def test_create_refuses_a_short_password_and_a_taken_email(runner, user):
    short = runner.invoke(args=["users", "create", "x@example.org", "--password-stdin"], input="short\n")
    assert short.exit_code != 0 and "at least 10 characters" in short.output
    taken = runner.invoke(args=["users", "create", user.email])
    assert taken.exit_code != 0 and "already exists" in taken.output


def test_create_can_email_the_invitation(runner, mailbox):
    result = runner.invoke(args=["users", "create", "mailed@example.org", "--send-invitation"])
    assert result.exit_code == 0, result.output
    assert "(also emailed)" in result.output
    assert len(mailbox.to("mailed@example.org")) == 1


def test_list_shows_role_and_status(runner, app):
    make_admin(email="boss@example.org", name="Bo Boss")
    make_user(email="invited@example.org", password=False)
    make_user(email="gone@example.org", is_active=False)
    output = runner.invoke(args=["users", "list"]).output
    lines = output.splitlines()
    assert lines[0].split() == ["EMAIL", "NAME", "ROLE", "STATUS", "LAST", "SIGN-IN"]
    assert re.search(r"boss@example.org\s+Bo Boss\s+admin\s+active\s+never", output)
    assert re.search(r"invited@example.org .*invited", output)
    assert re.search(r"gone@example.org .*deactivated", output)


def test_list_without_accounts_says_how_to_start(runner, app):
    assert "flask users create EMAIL --admin" in runner.invoke(args=["users", "list"]).output


def test_deactivate_reactivate_and_set_admin(runner, user, admin):
    assert runner.invoke(args=["users", "deactivate", user.email]).exit_code == 0
    assert not _user(user.email).is_active
    assert runner.invoke(args=["users", "reactivate", user.email]).exit_code == 0
    assert _user(user.email).is_active
    assert "is now an administrator" in runner.invoke(args=["users", "set-admin", user.email]).output
    assert _user(user.email).is_admin
    result = runner.invoke(args=["users", "set-admin", user.email, "--revoke"])
    assert result.exit_code == 0 and not _user(user.email).is_admin


def test_the_last_admin_cannot_be_revoked_or_deactivated(runner, admin):
    for args in (["set-admin", admin.email, "--revoke"], ["deactivate", admin.email]):
        result = runner.invoke(args=["users", *args])
        assert result.exit_code != 0 and "last active admin" in result.output


def test_unknown_email_is_an_error(runner, app):
    result = runner.invoke(args=["users", "deactivate", "nobody@example.org"])
    assert result.exit_code != 0 and "No account has the email nobody@example.org." in result.output
