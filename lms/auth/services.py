"""Account operations. They flush but never commit; the caller commits once."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from lms.auth.models import User, new_session_token, normalise_email, normalise_skills
from lms.auth.passwords import hash_password, needs_rehash, verify_password
from lms.database import utcnow
from lms.errors import DomainError
from lms.extensions import db


class AccountError(DomainError):
    """An account operation was refused; the message is safe to show."""


class EmailTaken(AccountError):
    pass


class WrongPassword(AccountError):
    pass


@dataclass
class ProfileData:
    name: str
    bio: str = ""
    skills: list[str] = field(default_factory=list)
    timezone: str = "UTC"


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(email: str, name: str, *, password: str | None = None,
                is_admin: bool = False, skills: list[str] | None = None) -> User:
    """Create an account; without a password it waits for an invitation to be accepted."""
    if find_user_by_email(email) is not None:
        raise EmailTaken(f"An account with the email {normalise_email(email)} already exists.")
    user = User(email=email, name=name.strip() or email, is_admin=is_admin,
                skills=skills or [], password_hash=hash_password(password) if password else None)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with these credentials, or None whatever the reason."""
    user = find_user_by_email(email)
    if user is None:
        verify_password(None, password)  # same cost as a real check
        return None
    if not verify_password(user.password_hash, password) or not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def set_password(user: User, new_password: str) -> None:
    """Set a new password and end every existing session of the user."""
    user.password_hash = hash_password(new_password)
    end_sessions(user)


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise WrongPassword("Your current password is not correct.")
    set_password(user, new_password)


def end_sessions(user: User) -> None:
    """Invalidate every login cookie of this user (the token is part of the cookie)."""
    user.session_token = new_session_token()


def set_active(user: User, active: bool) -> None:
    user.is_active = active
    if not active:
        end_sessions(user)


def update_profile(user: User, data: ProfileData) -> None:
    user.name = data.name.strip()
    user.bio = data.bio
    user.skills = normalise_skills(data.skills)
    user.timezone = data.timezone


def load_user_from_session(session_id: str) -> User | None:
    """Flask-Login user loader: ``id:token``, valid only while the token matches."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_token != token:
        return None
    return user
