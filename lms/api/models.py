"""API tokens and idempotency keys.

A token is shown once: the database keeps only its SHA-256 (tokens are 256 random bits,
so a plain hash is as safe as a slow one and lets every request find its row by index).
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.auth.models import User
from lms.database import UTCDateTime, enum_column_type, utcnow
from lms.extensions import db


class TokenKind(enum.StrEnum):
    PERSONAL = "personal"  # a person's own scripts: their rights, narrowed by the scopes
    SERVICE = "service"    # an integration an admin set up: that admin's rights, narrowed


class ApiToken(db.Model):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Whose rights the token carries. Access ends with the person's role or account.
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[TokenKind] = mapped_column(enum_column_type(TokenKind))
    name: Mapped[str] = mapped_column(String(120))
    scopes: Mapped[str] = mapped_column(String(1000))   # space-separated, e.g. "cohorts:read asks:write"
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))      # the first characters, to recognise it in a list
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.prefix}… {self.kind}>"


class IdempotencyKey(db.Model):
    """The first answer to a creating POST sent with an ``Idempotency-Key``, replayed to a retry.

    The row is written in the same transaction as what the request creates, so a request
    that failed leaves no key, and two racing requests with one key meet at the unique index.
    """
    __tablename__ = "api_idempotency_key"
    __table_args__ = (
        UniqueConstraint("token_id", "key", name="uq_api_idempotency_key"),
        Index("ix_api_idempotency_key_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_token.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    # Method, path and body: the key sent again with another request is refused.
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[str] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
