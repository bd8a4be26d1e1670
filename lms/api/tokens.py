"""Creating, finding and revoking API tokens.

A token is ``lms_`` + 43 URL-safe characters (256 random bits), shown once. The database
keeps its SHA-256. A token works while it is neither revoked nor expired and its person
may still sign in; a service token also only while its person is an admin: access ends
the moment the role or account does.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import joinedload

from lms.api.models import ApiToken, TokenKind
from lms.api.scopes import SCOPES
from lms.audit import services as audit
from lms.auth.models import User
from lms.database import utcnow
from lms.errors import DomainError
from lms.extensions import db

PREFIX = "lms_"
MAX_LIFETIME = timedelta(days=366)
LAST_USED_PRECISION = timedelta(minutes=1)  # one write a minute per token at most


class TokenError(DomainError):
    """A token that cannot be made as asked; the message is safe to show."""


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _check(name: str, scopes: list[str], expires_at: datetime, now: datetime) -> None:
    if not name.strip():
        raise TokenError("Give the token a name, such as the tool that will use it.")
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise TokenError(f"Unknown scopes: {', '.join(unknown)}.")
    if not scopes:
        raise TokenError("Choose at least one scope.")
    if expires_at <= now:
        raise TokenError("The expiry date must be in the future.")
    if expires_at > now + MAX_LIFETIME:
        raise TokenError("A token lasts a year at most.")


def create_token(owner: User, kind: TokenKind, name: str, scopes: list[str], expires_at: datetime,
                 *, actor: User, now: datetime | None = None) -> tuple[str, ApiToken]:
    """The raw token (show it once) and its row. Flushes, never commits."""
    now = now or utcnow()
    _check(name, scopes, expires_at, now)
    if kind == TokenKind.SERVICE and not owner.is_admin:
        raise TokenError("Service tokens carry an admin's rights: only an admin can hold one.")
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=owner.id, kind=kind, name=name.strip()[:120], scopes=" ".join(sorted(set(scopes))),
                     token_hash=digest(raw), prefix=raw[:12], created_by_id=actor.id, created_at=now,
                     expires_at=expires_at)
    db.session.add(token)
    db.session.flush()
    audit.record(actor, "api_token.created", token, name=token.name, kind=str(kind), scopes=token.scopes)
    return raw, token


def revoke_token(token: ApiToken, *, actor: User, now: datetime | None = None) -> None:
    if token.revoked_at is None:
        token.revoked_at = now or utcnow()
        audit.record(actor, "api_token.revoked", token, name=token.name)


def find_usable(raw: str, now: datetime | None = None) -> ApiToken | None:
    """The token a request presents, if it may be used now; None otherwise (never which reason)."""
    if not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    now = now or utcnow()
    # Its person in the same statement: the request acts as them.
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(raw))
                              .options(joinedload(ApiToken.user)))
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        return None
    person = token.user
    if person is None or not person.is_active or not person.is_confirmed:
        return None
    if token.kind == TokenKind.SERVICE and not person.is_admin:
        return None
    return token


def mark_used(token: ApiToken, now: datetime | None = None) -> bool:
    """Record the last use, at most once a minute (a conditional UPDATE; commits nothing).
    True when it wrote, or tried to (the caller commits then); False, with no statement at
    all, when the token as loaded was used within the minute."""
    now = now or utcnow()
    if token.last_used_at is not None and token.last_used_at >= now - LAST_USED_PRECISION:
        return False
    db.session.execute(update(ApiToken).where(
        ApiToken.id == token.id,
        or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - LAST_USED_PRECISION),
    ).values(last_used_at=now))
    return True


def tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.kind == TokenKind.PERSONAL)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def service_tokens() -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.kind == TokenKind.SERVICE)
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))
