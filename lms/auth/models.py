"""Accounts."""
from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from lms.database import UTCDateTime, enum_column_type, utcnow
from lms.extensions import db
from lms.text import single_line


def normalise_email(email: str) -> str:
    """Emails are unique regardless of case: store them trimmed and lower-cased."""
    return email.strip().lower()


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    bio: Mapped[str] = mapped_column(Text, default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # The interface language (lms.i18n.LANGUAGES: "en", "pt_BR"); None follows the browser.
    language: Mapped[str | None] = mapped_column(String(16))
    # Part of the login cookie: changing it ends every session of this user.
    session_token: Mapped[str] = mapped_column(String(32), default=new_session_token)
    # None only for a self-registered account whose owner has not confirmed the address
    # yet: it cannot sign in, and an admin enrolling the address invites the real owner.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)

    @validates("email")
    def _normalise_email(self, key, value: str) -> str:
        return normalise_email(value)

    @validates("name")
    def _single_line_name(self, key, value: str) -> str:
        # Names go into email subjects and lines of text: never a line break.
        return single_line(value)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class TokenPurpose(enum.StrEnum):
    INVITE = "invite"
    RESET = "reset"


class AccountToken(db.Model):
    """One emailed single-use link (invitation or password reset).

    Only a SHA-256 hash of the random token is stored: a database leak reveals no
    usable link.
    """

    __tablename__ = "account_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[TokenPurpose] = mapped_column(enum_column_type(TokenPurpose))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<AccountToken {self.id} {self.purpose} user={self.user_id}>"


class PasswordResetRequest(db.Model):
    """One request for a reset link, recorded for every address asked, known or not.

    Written in the request's own transaction, so it outlives a lost job; processed once
    (``processed_at`` is set by a conditional UPDATE) by a job after the response or by
    the periodic catch-up (``lms.auth.resets``), and pruned a day later.
    """

    __tablename__ = "password_reset_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))  # normalised; may belong to no account
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<PasswordResetRequest {self.id} processed={self.processed_at is not None}>"
