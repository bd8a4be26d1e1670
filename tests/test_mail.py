"""Outgoing mail: SMTP to a real local server, .eml files without a server, templates."""
from __future__ import annotations

import logging
from email import message_from_bytes, policy
from pathlib import Path
from types import SimpleNamespace

import pytest

from lms.mail import MailError, absolute_url, build_message, render_email, send_email
from tests.smtp import SMTPServer, free_port


@pytest.fixture
def smtp_app(app_factory, smtp_server):
    app = app_factory(MAIL_DEFAULT_SENDER="Skill Tracks <no-reply@tracks.example>", **smtp_server.config)
    with app.app_context():
        yield app


def test_send_email_delivers_text_and_html_over_smtp(smtp_app, smtp_server):
    send_email(["a@example.org", "b@example.org"], "Hello", "Plain body\n", "<p>HTML body</p>",
               reply_to="mentor@example.org")

    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["Subject"] == "Hello"
    assert message["From"] == "Skill Tracks <no-reply@tracks.example>"
    assert message["To"] == "a@example.org, b@example.org"
    assert message["Reply-To"] == "mentor@example.org"
    assert message["Message-ID"].endswith("@tracks.example>")
    assert message["Date"]
    assert SMTPServer.text_of(message) == "Plain body\n"
    assert message.get_body(preferencelist=("html",)).get_content().strip() == "<p>HTML body</p>"
    assert sorted(smtp_server.envelopes[0].rcpt_tos) == ["a@example.org", "b@example.org"]


def test_send_email_without_html_is_plain_text(smtp_app, smtp_server):
    send_email("a@example.org", "Plain", "Only text\n")
    message = smtp_server.messages[0]
    assert not message.is_multipart()
    assert message.get_content_type() == "text/plain"


def test_line_breaks_in_a_subject_cannot_add_headers(smtp_app, smtp_server):
    send_email("a@example.org", "Hi\r\nBcc: victim@example.org", "Text\n")
    message = smtp_server.messages[0]
    assert message["Subject"] == "Hi Bcc: victim@example.org"
    assert message["Bcc"] is None
    assert smtp_server.envelopes[0].rcpt_tos == ["a@example.org"]


def test_every_kind_of_line_break_in_a_subject_becomes_a_space(smtp_app, smtp_server):
    send_email("a@example.org", "Hi\u2028Bcc: v@example.org\u2029x\x85y\vz\fw\rq\nr", "Text\n")
    message = smtp_server.messages[0]
    assert message["Subject"] == "Hi Bcc: v@example.org x y z w q r"
    assert message["Bcc"] is None
    assert smtp_server.envelopes[0].rcpt_tos == ["a@example.org"]


@pytest.mark.parametrize("field", ["to", "reply_to", "sender"])
@pytest.mark.parametrize("line_break", ["\r\n", "\n", "\u2028", "\x85"])
def test_an_address_with_a_line_break_is_refused(field, line_break):
    addresses = {"to": "a@example.org", "reply_to": "r@example.org", "sender": "s@example.org"}
    addresses[field] += f"{line_break}Bcc: victim@example.org"
    with pytest.raises(ValueError, match="line break"):
        build_message(addresses["to"], "Hi", "Text\n", sender=addresses["sender"], reply_to=addresses["reply_to"])


def test_a_long_unicode_subject_is_folded_and_reads_back_whole():
    subject = "Neue Arbeit: " + "Übung für Ærøskøbing – Ελληνικά – 日本語 " * 8
    raw = build_message("a@example.org", subject, "Text\n", sender="s@example.org").as_bytes()
    head = raw.split(b"\n\n", 1)[0]
    assert all(len(line) <= 78 for line in head.split(b"\n"))
    assert message_from_bytes(raw, policy=policy.default)["Subject"] == subject.strip()


def test_a_name_with_line_breaks_cannot_move_text_out_of_the_subject(app):
    inviter = SimpleNamespace(name="Ada\r\n\r\nClick https://evil.example\u2028now")
    user = SimpleNamespace(name="Bo\nBo", email="bo@example.org")
    subject, text, _ = render_email("invitation", user=user, url="https://x/i", invited_by=inviter,
                                    cohort_name="Spring\n2026", expires="soon")
    assert subject == "Ada Click https://evil.example now invited you to Skill Tracks"
    assert text.startswith("Hello Bo Bo,\n\nAda Click https://evil.example now invited you to the cohort "
                           '"Spring 2026" at Skill Tracks.\n')


def test_smtp_failure_raises_mail_error(app_factory):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=2)
    with app.app_context(), pytest.raises(MailError, match="Could not send 'Hello'"):
        send_email("a@example.org", "Hello", "Text\n")


def test_without_mail_server_messages_are_written_to_the_instance_folder(app, caplog):
    caplog.set_level(logging.INFO, logger="lms.mail")
    send_email("someone@example.org", "Your link", "Open https://x/y\n", "<p>Open</p>")

    files = list((Path(app.instance_path) / "mail").glob("*.eml"))
    assert len(files) == 1
    assert files[0].name[:8].isdigit()
    message = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert message["To"] == "someone@example.org"
    assert message["Subject"] == "Your link"
    assert "someone@example.org" in caplog.text and "'Your link'" in caplog.text and str(files[0]) in caplog.text


def test_two_messages_get_two_files(app):
    send_email("a@example.org", "One", "1\n")
    send_email("a@example.org", "Two", "2\n")
    assert len(list((Path(app.instance_path) / "mail").glob("*.eml"))) == 2


def test_render_email_splits_subject_text_and_html(app):
    subject, text, html = render_email("password_reset", name="Lea", url="https://x/reset/abc",
                                       expires="5 March 2026 at 14:05 (UTC)")
    assert subject == "Choose a new password for Skill Tracks"
    assert text.startswith("Hello Lea,")
    assert "https://x/reset/abc" in text and "Subject:" not in text
    assert '<a href="https://x/reset/abc">' in html


def test_render_email_escapes_html_but_not_text(app):
    _, text, html = render_email("password_reset", name="<b>Bo</b>", url="https://x", expires="soon")
    assert "Hello <b>Bo</b>," in text
    assert "&lt;b&gt;Bo&lt;/b&gt;" in html


def test_absolute_url_uses_the_public_base_url(app_factory):
    app = app_factory(LMS_BASE_URL="https://learn.example.org/lms")
    with app.app_context():
        assert absolute_url("auth.login") == "https://learn.example.org/lms/login"
