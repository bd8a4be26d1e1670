"""@mentions: ``@handle`` where the handle is a person's name in lower case with hyphens
(“Mia Mentor” is ``@mia-mentor``). Only people who can view the space are mentioned;
when two members share a handle, both are.
"""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select

from lms.auth.models import User
from lms.community import spaces
from lms.community.models import Space
from lms.extensions import db

MAX_MENTIONS = 20
_MENTION = re.compile(r"(?<![\w@/.])@([a-z0-9][a-z0-9-]{0,80})", re.IGNORECASE)


def handle_of(name: str) -> str:
    """“Zoë O'Neil” -> ``zoe-o-neil``."""
    plain = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def handles_in(body: str) -> set[str]:
    """The handles written in ``body`` (code is not skipped: writing ``@x`` in code still mentions)."""
    found = {match.lower().rstrip("-") for match in _MENTION.findall(body or "")}
    return set(sorted(found)[:MAX_MENTIONS])


def mentioned_users(space: Space, body: str, *, exclude: int | None = None) -> list[User]:
    """The members of ``space`` mentioned in ``body`` (one query)."""
    handles = handles_in(body)
    if not handles:
        return []
    members = db.session.scalars(select(User).where(User.id.in_(spaces.member_ids(space))))
    return [user for user in members if user.id != exclude and handle_of(user.name) in handles]
