"""Outgoing email: the one module that sends.

With ``MAIL_SERVER`` set, messages go out over SMTP; without it (development, demos)
each message is written to ``instance/mail/`` as an ``.eml`` file and logged, so
nothing is lost and links can be followed by hand. Emails are written as templates
``mail/<name>.txt`` (and optionally ``mail/<name>.html``) rendered by ``render_email``.

Features never call ``send_email``: they queue emails in the outbox (``lms.outbox``),
whose delivery job is its one caller, so no email is lost with a job or a process.
"""
from __future__ import annotations

import logging
import secrets
import smtplib
import ssl
from email.header import Header
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
from flask import Flask, current_app, render_template
from jinja2 import Environment, TemplateNotFound, Undefined

from lms import database
from lms.text import has_line_break, single_line, without_line_breaks

log = logging.getLogger(__name__)

SUBJECT_PREFIX = "Subject:"


class MailError(Exception):
    """The message could not be handed to the mail server; callers decide what to do."""


def send_email(to: str | list[str], subject: str, text: str, html: str | None = None, *,
               reply_to: str | None = None, calendar: str | None = None) -> None:
    """Send one message to ``to``, by SMTP or into ``instance/mail/``; ``calendar``: an
    iCalendar invitation sent with it (see ``build_message``).

    Raises ``MailError`` when the SMTP server cannot be reached or refuses the message.
    """
    config = current_app.config
    message = build_message(to, subject, text, html, sender=config["MAIL_DEFAULT_SENDER"], reply_to=reply_to,
                            calendar=calendar)
    if config.get("MAIL_SERVER"):
        _send_smtp(message, config)
        log.info("Mail to %s, subject %r, sent via %s",
                 message["To"], message["Subject"], config["MAIL_SERVER"])
    else:
        path = _write_file(message, Path(current_app.instance_path) / "mail")
        log.info("Mail to %s, subject %r, written to %s", message["To"], message["Subject"], path)


def build_message(to: str | list[str], subject: str, text: str, html: str | None = None, *,
                  sender: str, reply_to: str | None = None, calendar: str | None = None) -> EmailMessage:
    """The message, its headers built by ``EmailMessage`` (encoded and folded by its policy).

    Subjects often include names and titles people typed: any line break in them becomes
    a space, so user text can never start a header or end the header block. Addresses
    with a line break are refused (``ValueError``): they come from the configuration or
    from validated accounts, so one means a bug.

    ``calendar`` (iCalendar text with a METHOD) is added the way calendar programs look for
    an invitation: a ``text/calendar; method=...; charset=utf-8`` alternative beside the
    text (and HTML), and the same file attached as ``invite.ics``.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        raise ValueError("an email needs at least one recipient")
    for address in [sender, *recipients, *([reply_to] if reply_to else [])]:
        if has_line_break(address):
            raise ValueError(f"refused an email address with a line break: {address[:80]!r}")
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    _set_subject(message, single_line(subject))
    message["Date"] = format_datetime(database.utcnow())
    message["Message-ID"] = make_msgid(domain=_domain_of(sender))
    if reply_to:
        message["Reply-To"] = reply_to
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    if calendar:
        _add_calendar(message, calendar)
    return message


def _add_calendar(message: EmailMessage, calendar: str) -> None:
    method = str(icalendar.Calendar.from_ical(calendar).get("METHOD", "PUBLISH")).upper()
    message.add_alternative(calendar, subtype="calendar", charset="utf-8", params={"method": method})
    message.add_attachment(calendar.encode("utf-8"), maintype="application", subtype="ics", filename="invite.ics")


def _set_subject(message: EmailMessage, subject: str) -> None:
    if subject.isascii():
        message["Subject"] = subject
        return
    # Python 3.11's own folding can put the space between two words into the fold between
    # two encoded words, where readers drop it ("Übungfür"); ``email.header`` encodes the
    # spaces inside the words and folds at 76 characters.
    message.set_raw("Subject", Header(subject, "utf-8", header_name="Subject").encode())


def _domain_of(address: str) -> str:
    _, email = parseaddr(address)
    return email.rpartition("@")[2] or "localhost"


def _send_smtp(message: EmailMessage, config) -> None:
    host, port, timeout = config["MAIL_SERVER"], int(config["MAIL_PORT"]), config["MAIL_TIMEOUT"]
    try:
        if config.get("MAIL_USE_SSL"):
            connection = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            connection = smtplib.SMTP(host, port, timeout=timeout)
        with connection as smtp:
            if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            refused = smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(f"Could not send {message['Subject']!r} to {message['To']} "
                        f"through {host}:{port}: {error}") from error
    if refused:
        log.warning("Mail %r: the server refused some recipients: %s", message["Subject"], refused)


def _write_file(message: EmailMessage, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{database.utcnow():%Y%m%dT%H%M%S%fZ}-{secrets.token_hex(4)}.eml"
    path.write_bytes(message.as_bytes())
    return path


def render_email(template_name: str, **context) -> tuple[str, str, str | None]:
    """Render ``mail/<template_name>.txt`` (and ``.html`` if it exists).

    The text template starts with a ``Subject: ...`` line (``{{ email_subject(_("...")) }}``, so the
    word "Subject" stays out of the translated text), then a blank line, then the body; the HTML
    template is the body only. Returns ``(subject, text, html)``. Render it inside
    ``lms.i18n.recipients.speaking_to(recipient)`` so it is in the recipient's language and zone.
    """
    rendered = render_text(f"mail/{template_name}.txt", **context)
    first_line, _, body = rendered.lstrip("\n").partition("\n")
    if not first_line.startswith(SUBJECT_PREFIX):
        raise ValueError(f"mail/{template_name}.txt must start with a '{SUBJECT_PREFIX} ...' line")
    subject = first_line[len(SUBJECT_PREFIX):].strip()
    html_name = f"mail/{template_name}.html"
    html = render_template(html_name, subject=subject, **context) if _template_exists(html_name) else None
    return subject, body.strip("\n") + "\n", html


def render_text(template_name: str, **context) -> str:
    """Render the text template of an email: no value it prints can add a line.

    Every ``{{ ... }}`` goes through ``without_line_breaks``, so a name like
    ``"Ann\\n\\nPlease also send..."`` cannot start a paragraph, a fake signature or (in
    the first line) move text out of the subject. Line breaks belong to the template.
    """
    app = current_app._get_current_object()
    app.update_template_context(context)
    return app.extensions["lms_mail_text_env"].get_template(template_name).render(context)


def _print_on_one_line(value):
    if isinstance(value, Undefined):
        return value
    return without_line_breaks(str(value))


def _text_environment(app: Flask) -> Environment:
    # An overlay shares the app's loader, globals and filters; a cache of its own keeps
    # its compiled templates (which call this finalize) apart from the app's.
    return app.jinja_env.overlay(finalize=_print_on_one_line, autoescape=False, cache_size=100)


def _template_exists(name: str) -> bool:
    try:
        current_app.jinja_env.get_template(name)
    except TemplateNotFound as error:
        if error.name != name:
            raise  # the template exists but includes a missing one
        return False
    return True


def email_subject(text) -> str:
    """The first line of a text email's template: ``Subject: <text>`` (see ``render_email``)."""
    return f"{SUBJECT_PREFIX} {text}"


def absolute_url(endpoint: str, **values) -> str:
    """A full URL on ``LMS_BASE_URL``, for emails and other places outside a request."""
    base = urlsplit(current_app.config["LMS_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["absolute_url"] = absolute_url
    app.jinja_env.globals["email_subject"] = email_subject
    app.extensions["lms_mail_text_env"] = _text_environment(app)
