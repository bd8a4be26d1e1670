"""Single-use signed links for invitations and password resets, and email confirmation links.

A link carries a random token signed with ``SECRET_KEY`` (salted by purpose), so a
tampered link, or a reset link offered as an invitation, is refused before any lookup.
The database keeps only the token's SHA-256 hash with its expiry and when it was used:
a link works once and not after it expires, and issuing a new link of a purpose
cancels the older unused ones.
"""
from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload

from lms import database
from lms.auth.models import AccountToken, TokenPurpose, User
from lms.errors import DomainError
from lms.extensions import db
from lms.i18n.formatting import format_clock, format_day, zone_name
from lms.timezones import zone_or_utc

_MAX_AGE_SETTING = {
    TokenPurpose.INVITE: "INVITATION_MAX_AGE_HOURS",
    TokenPurpose.RESET: "PASSWORD_RESET_MAX_AGE_HOURS",
}


class LinkState(enum.StrEnum):
    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"


class LinkProblem(DomainError):
    """The link cannot be used; ``status_code`` is the HTTP answer."""

    status_code = 404


class InvalidLink(LinkProblem):
    """Tampered, cancelled by a newer link, or for an account that was deactivated."""


class UsedLink(LinkProblem):
    status_code = 410


class ExpiredLink(LinkProblem):
    status_code = 410

    def __init__(self, expires_at: datetime, timezone: str = "UTC") -> None:
        super().__init__(f"expired at {expires_at.isoformat()}")
        self.expires_at = expires_at
        self.timezone = timezone


def link_state(used_at: datetime | None, expires_at: datetime, now: datetime) -> LinkState:
    """A used link stays "used" after it also expires: that is the more useful answer."""
    if used_at is not None:
        return LinkState.USED
    if now >= expires_at:
        return LinkState.EXPIRED
    return LinkState.VALID


def describe_time(moment: datetime, timezone: str | None = "UTC") -> str:
    """``5 March 2026 at 14:05 (Europe/Berlin)``: a moment people can read in ``timezone``, in the
    reader's language (inside ``speaking_to``, the recipient's)."""
    zone = zone_or_utc(timezone)
    return gettext("%(day)s at %(time)s (%(zone)s)", day=format_day(moment, zone, long=True),
                   time=format_clock(moment, zone), zone=zone_name(zone))


def lifetime(purpose: TokenPurpose) -> timedelta:
    return timedelta(hours=current_app.config[_MAX_AGE_SETTING[purpose]])


def _serializer(purpose: TokenPurpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"account-{purpose.value}")


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(user: User, purpose: TokenPurpose, *, now: datetime | None = None) -> tuple[str, AccountToken]:
    """Create a link token for ``user``; return the signed value for the URL, and the row."""
    now = now or database.utcnow()
    cancel_unused_tokens(user, purpose)
    raw = secrets.token_urlsafe(32)
    token = AccountToken(user_id=user.id, purpose=purpose, token_hash=_digest(raw),
                         created_at=now, expires_at=now + lifetime(purpose))
    db.session.add(token)
    db.session.flush()
    return _serializer(purpose).dumps(raw), token


def cancel_unused_tokens(user: User, purpose: TokenPurpose | None = None) -> None:
    statement = delete(AccountToken).where(AccountToken.user_id == user.id, AccountToken.used_at.is_(None))
    if purpose is not None:
        statement = statement.where(AccountToken.purpose == purpose)
    db.session.execute(statement.execution_options(synchronize_session=False))


def resolve_token(signed: str, purpose: TokenPurpose, *, now: datetime | None = None) -> AccountToken:
    """The usable token behind a link, or a ``LinkProblem`` saying why not."""
    now = now or database.utcnow()
    try:
        raw = _serializer(purpose).loads(signed)
    except BadSignature:
        raise InvalidLink("the signature does not match") from None
    if not isinstance(raw, str):
        raise InvalidLink("unexpected payload")
    token = db.session.scalar(select(AccountToken).options(joinedload(AccountToken.user))
                              .where(AccountToken.token_hash == _digest(raw), AccountToken.purpose == purpose))
    if token is None or not token.user.is_active:
        raise InvalidLink("no such token")
    state = link_state(token.used_at, token.expires_at, now)
    if state is LinkState.USED:
        raise UsedLink("already used")
    if state is LinkState.EXPIRED:
        raise ExpiredLink(token.expires_at, token.user.timezone)
    return token


def consume_token(token: AccountToken, *, now: datetime | None = None) -> None:
    """Mark the token used, exactly once even when two requests race for it."""
    now = now or database.utcnow()
    claimed = db.session.execute(
        update(AccountToken)
        .where(AccountToken.id == token.id, AccountToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise UsedLink("used by another request")
    db.session.expire(token, ["used_at"])


# Confirmation links (self-registration) need no row: they name the account, its address
# and a digest of its password hash, so a password change (or an admin inviting the
# address's real owner, which clears the password) cancels them, like the links above.
_CONFIRM_SALT = "account-confirm"


def confirmation_link_token(user: User) -> str:
    payload = {"user": user.id, "email": user.email, "password": _password_stamp(user)}
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_CONFIRM_SALT).dumps(payload)


def confirmation_expires_at(now: datetime | None = None) -> datetime:
    return (now or database.utcnow()) + lifetime(TokenPurpose.INVITE)


def resolve_confirmation(signed: str) -> User:
    """The unconfirmed account a confirmation link names, or a ``LinkProblem``."""
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_CONFIRM_SALT)
    max_age = lifetime(TokenPurpose.INVITE)
    try:
        payload = serializer.loads(signed, max_age=int(max_age.total_seconds()))
    except SignatureExpired as expired:
        raise ExpiredLink(expired.date_signed + max_age) from None
    except BadSignature:
        raise InvalidLink("the signature does not match") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("user"), int):
        raise InvalidLink("unexpected payload")
    user = db.session.get(User, payload["user"])
    if user is None or not user.is_active or user.email != payload.get("email"):
        raise InvalidLink("no such account")
    if user.is_confirmed:
        raise UsedLink("already confirmed")
    if _password_stamp(user) != payload.get("password"):
        raise InvalidLink("the password changed since")
    return user


def _password_stamp(user: User) -> str:
    return _digest(user.password_hash or "")[:16]
