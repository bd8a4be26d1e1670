"""The one rule for what counts as an email address, for forms, CSV files and the CLI."""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext
from wtforms.validators import ValidationError


def checked_email(value: str) -> str | None:
    """The normalised (lower-case) address, or None when it is malformed.

    Deliverability is not checked (no network at sign-up time), and ``.test`` addresses
    are accepted: demo and staging accounts use them.
    """
    try:
        return validate_email((value or "").strip(), check_deliverability=False,
                              test_environment=True).normalized.lower()
    except EmailNotValidError:
        return None


class EmailAddress:
    """WTForms validator using :func:`checked_email`."""

    def __init__(self, message: str | None = None) -> None:
        self.message = message or lazy_gettext("Enter an email address like name@example.org.")

    def __call__(self, form, field) -> None:
        if field.data and checked_email(field.data) is None:
            raise ValidationError(self.message)
