"""API tokens, and a client that sends one."""
from __future__ import annotations

from datetime import timedelta

from lms.api.models import TokenKind
from lms.api.scopes import SCOPES
from lms.api.tokens import create_token
from lms.database import utcnow
from lms.extensions import db


def make_token(user, scopes=SCOPES, *, kind: TokenKind = TokenKind.PERSONAL, name: str = "test token",
               expires_in: timedelta = timedelta(days=30)) -> str:
    """The raw token of a new token for ``user`` (every scope unless told)."""
    raw, _ = create_token(user, kind, name, list(scopes), utcnow() + expires_in, actor=user)
    db.session.commit()
    return raw


def bearer(raw: str, **headers) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}", **headers}
