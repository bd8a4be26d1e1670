"""Users."""
from __future__ import annotations

import itertools
from functools import lru_cache

from lms.auth.models import User
from lms.auth.passwords import hash_password
from lms.extensions import db
from lms.profiles.skills import set_skills

PASSWORD = "correct horse battery"
_sequence = itertools.count(1)


@lru_cache(maxsize=1)
def _password_hash() -> str:
    # Argon2 is slow on purpose; hash the shared test password once per run.
    return hash_password(PASSWORD)


def make_user(*, email: str | None = None, name: str | None = None, is_admin: bool = False,
              is_active: bool = True, skills: list[str] | None = None, timezone: str = "UTC",
              password: bool = True, commit: bool = True, **fields) -> User:
    n = next(_sequence)
    user = User(email=email or f"user{n}@example.org", name=name or f"User {n}", is_admin=is_admin,
                is_active=is_active, timezone=timezone,
                password_hash=_password_hash() if password else None, **fields)
    db.session.add(user)
    if skills:
        db.session.flush()
        set_skills(user.id, skills)
    if commit:
        db.session.commit()
    return user


def make_admin(**fields) -> User:
    return make_user(is_admin=True, **fields)
