"""Every email goes through the outbox: nothing in lms/ sends mail any other way."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lms import mail, outbox
from lms.auth import resets, services
from lms.extensions import db
from tests.factories.auth import make_user

LMS = Path(__file__).resolve().parents[1] / "lms"
# lms/mail.py sends; lms/outbox.py's delivery job is its one caller.
SENDERS = {"mail.py": {"smtplib"}, "outbox.py": {"send_email"}}
FORBIDDEN = {"send_email", "send_email_later", "_send_smtp", "_write_file", "smtplib", "send_message", "sendmail"}


def _names_used(tree: ast.AST) -> set[str]:
    """Every name, attribute and imported module (each dotted part) the code mentions."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.alias):
            names.update(node.name.split("."))
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.update(node.module.split("."))
    return names


def test_no_module_sends_mail_except_through_the_outbox():
    offenders = []
    for path in sorted(LMS.rglob("*.py")):
        relative = path.relative_to(LMS).as_posix()
        if relative == "mail.py":
            continue  # defines the sending functions
        used = _names_used(ast.parse(path.read_text(), filename=relative)) & FORBIDDEN
        used -= SENDERS.get(relative, set())
        if used:
            offenders.append(f"lms/{relative}: {sorted(used)}")
    assert offenders == [], "queue emails with lms.outbox.queue_email instead"


def test_the_scan_would_notice_a_direct_send():
    tree = ast.parse("from lms import mail\nmail.send_email('a@example.org', 'Hi', 'Text')\n")
    assert "send_email" in _names_used(tree)
    assert "smtplib" in _names_used(ast.parse("from smtplib import SMTP\n"))


@pytest.fixture
def mailbox(app, smtp_server):
    app.config.update(smtp_server.config)
    return smtp_server


def test_account_emails_arrive_while_sending_outside_the_outbox_fails_the_test(app, mailbox, monkeypatch):
    """``lms.mail.send_email`` fails the test; the outbox holds its own reference, so only
    emails that go through the outbox can arrive."""
    def direct_send(*args, **kwargs):
        pytest.fail(f"an email was sent outside the outbox: {args!r}")

    monkeypatch.setattr(mail, "send_email", direct_send)
    known = make_user(email="lea@example.org", name="Lea Learner")
    resets.request_password_reset(known.email)
    services.invite_user("new@example.org", "Nia New", invited_by=None)
    services.invite_user(known.email, "Lea Learner", invited_by=None)  # a sign-in note
    services.add_user("other@example.org", "Otto Other")
    db.session.commit()  # delivery jobs run now (no request, no Redis)
    assert sorted(m["To"] for m in mailbox.messages) == [
        "lea@example.org", "lea@example.org", "new@example.org", "other@example.org"]
    assert outbox.deliver_due() == 0, "all sent, nothing left"
