"""Account operations. They flush but never commit; the caller commits once."""
from __future__ import annotations

import hashlib
import json
import logging
import secrets
from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import Select, func, select

from lms import mail
from lms.auth import tokens
from lms.auth.models import AccountToken, TokenPurpose, User, new_session_token, normalise_email
from lms.auth.passwords import hash_password, needs_rehash, verify_password
from lms.database import utcnow
from lms.errors import DomainError
from lms.extensions import db
from lms.i18n.languages import current_language, supported
from lms.i18n.recipients import speaking_to
from lms.outbox import queue_email
from lms.text import single_line

log = logging.getLogger(__name__)


class AccountError(DomainError):
    """An account operation was refused; the message is safe to show."""


class EmailTaken(AccountError):
    pass


class StaleProfile(AccountError):
    pass


class WrongPassword(AccountError):
    pass


class EmailNotConfirmed(AccountError):
    pass


KEEP = "keep"  # ProfileData.language: leave the interface language as it is


@dataclass
class ProfileData:
    name: str
    bio: str = ""
    timezone: str = "UTC"
    # The interface language: a code of lms.i18n.languages.LANGUAGES, None to follow the browser, KEEP.
    language: str | None = KEEP


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(email: str, name: str, *, password: str | None = None,
                is_admin: bool = False) -> User:
    """Create an account; without a password it waits for an invitation to be accepted.

    An unconfirmed self-registered account with this address is taken over instead:
    nobody proved owning the address, so whoever registered it loses it (password,
    links, sessions) and the account waits for the real owner like a new one.
    """
    existing = find_user_by_email(email)
    if existing is not None and existing.is_confirmed:
        raise EmailTaken(gettext("An account with the email %(email)s already exists.", email=normalise_email(email)))
    if existing is not None:
        log.info("Unconfirmed account %s taken over for an invitation", existing.email)
        end_sessions(existing)
        tokens.cancel_unused_tokens(existing)
        existing.name, existing.is_admin = single_line(name) or email, is_admin
        existing.password_hash = hash_password(password) if password else None
        existing.email_confirmed_at = utcnow() if password else None
        db.session.flush()
        return existing
    user = User(email=email, name=single_line(name) or email, is_admin=is_admin,
                password_hash=hash_password(password) if password else None)
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
    if not user.is_confirmed:
        raise EmailNotConfirmed(gettext("Confirm your email address first: open the link we emailed you."))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def set_password(user: User, new_password: str) -> None:
    """Set a new password, end every existing session and cancel every unused emailed link."""
    user.password_hash = hash_password(new_password)
    end_sessions(user)
    tokens.cancel_unused_tokens(user)


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise WrongPassword(gettext("Your current password is not correct."))
    set_password(user, new_password)


def end_sessions(user: User) -> None:
    """Invalidate every login cookie of this user (the token is part of the cookie)."""
    user.session_token = new_session_token()


def set_active(user: User, active: bool, *, actor: User | None = None) -> None:
    """(De)activate an account; deactivating ends its sessions and cancels its links."""
    if not active:
        if actor is not None and actor.id == user.id:
            raise AccountError(gettext("You cannot deactivate your own account."))
        _keep_an_admin(user)
        end_sessions(user)
        tokens.cancel_unused_tokens(user)
    user.is_active = active


def set_admin(user: User, is_admin: bool) -> None:
    if not is_admin:
        _keep_an_admin(user)
    user.is_admin = is_admin


def _keep_an_admin(user: User) -> None:
    """Refuse to take away the last active admin: nobody could manage accounts any more."""
    if not (user.is_admin and user.is_active):
        return
    others = db.session.scalar(select(func.count()).select_from(User).where(
        User.is_admin.is_(True), User.is_active.is_(True), User.id != user.id))
    if not others:
        raise AccountError(gettext("%(email)s is the last active admin; make someone else an admin first.",
                                   email=user.email))


def profile_version(user: User) -> str:
    """A fingerprint of the editable profile, carried by the form to detect stale edits."""
    payload = json.dumps([user.name, user.bio, user.timezone, user.language])
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


def update_profile(user: User, data: ProfileData, *, based_on: str | None = None) -> None:
    """Save the profile; refuse (StaleProfile) when it changed since the form was filled."""
    if based_on is not None and based_on != profile_version(user):
        raise StaleProfile(gettext("Your profile was changed in another window after you opened this page. "
                                   "Your text is kept below and the saved values are shown beside it; "
                                   "save again to replace them."))
    user.name = single_line(data.name)
    user.bio = data.bio
    user.timezone = data.timezone
    if data.language != KEEP:
        user.language = supported(data.language)


def search_users(text: str = "", *, status: str = "all", role: str = "all") -> Select:
    """The admin list's query: matching name or email, filtered by status and role."""
    query = select(User).order_by(User.name, User.id)
    if text.strip():
        pattern = _contains_pattern(text.strip().lower())
        query = query.where(func.lower(User.name).like(pattern, escape="\\")
                            | User.email.like(pattern, escape="\\"))
    if status == "active":
        query = query.where(User.is_active.is_(True), User.password_hash.is_not(None),
                            User.email_confirmed_at.is_not(None))
    elif status == "invited":
        query = query.where(User.is_active.is_(True), User.password_hash.is_(None))
    elif status == "deactivated":
        query = query.where(User.is_active.is_(False))
    if role == "admin":
        query = query.where(User.is_admin.is_(True))
    return query


def _contains_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` literally (``%`` and ``_`` typed are not wildcards)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def load_user_from_session(session_id: str) -> User | None:
    """Flask-Login user loader: ``id:token``, valid only while the token matches."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or not user.is_confirmed or user.session_token != token:
        return None
    return user


def register_user(email: str, name: str, password: str) -> None:
    """Self-registration: email a confirmation link, or a note if the address has an account.

    Both answers look the same to the person registering (the emails go out after the
    response, and the password is hashed either way), so the form tells nobody which
    addresses have accounts. The new account cannot be used until its link is opened.
    """
    password_hash = hash_password(password)
    existing = find_user_by_email(email)
    if existing is not None:
        with speaking_to(existing):
            subject, text, html = mail.render_email(
                "registration_attempt", name=existing.name, login_url=mail.absolute_url("auth.login"),
                reset_url=mail.absolute_url("auth.forgot_password"))
        queue_email(existing.email, subject, text, html=html,
                    dedupe_key=f"registration-attempt:{existing.id}:{secrets.token_hex(16)}")
        log.info("Registration tried for the existing account %s", existing.email)
        return
    user = User(email=email, name=single_line(name) or email, password_hash=password_hash)
    db.session.add(user)
    db.session.flush()
    user.email_confirmed_at = None  # after the INSERT: the ORM fills in the column default for a None
    db.session.flush()
    # A new account has no language yet: the one its owner is reading the form in.
    with speaking_to(user, language=user.language or current_language()):
        subject, text, html = mail.render_email(
            "confirm_email", name=user.name,
            url=mail.absolute_url("auth.confirm_email", token=tokens.confirmation_link_token(user)),
            expires=tokens.describe_time(tokens.confirmation_expires_at(), user.timezone))
    queue_email(user.email, subject, text, html=html, dedupe_key=f"confirm:{user.id}:{secrets.token_hex(16)}",
                secret=True)
    log.info("Self-registered %s, waiting for confirmation", user.email)


def confirm_email(user: User) -> None:
    """The owner opened the confirmation link: the account can be used."""
    user.email_confirmed_at = utcnow()


def invite_user(email: str, name: str, *, invited_by: User | None,
                cohort_name: str | None = None) -> tuple[User, str]:
    """Make sure ``email`` has an account and email them a link to it; return (user, link).

    A new account (or one that never set a password) gets a single-use link to choose a
    password; earlier invitation links stop working. Someone who already has a password
    gets a note with the sign-in link instead. The email is written to the outbox in
    this transaction, beside the link's token, and delivered (with retries) after the
    commit. Raises ``AccountError`` for a deactivated account.
    """
    user = find_user_by_email(email)
    if user is None or not user.is_confirmed:
        user = create_user(email, name)
    if not user.is_active:
        raise AccountError(gettext("The account %(email)s is deactivated; reactivate it first.", email=user.email))
    expires_at = None
    if user.has_password:
        url, dedupe_key = mail.absolute_url("auth.login"), f"sign-in-note:{user.id}:{secrets.token_hex(16)}"
    else:
        signed, token = tokens.issue_token(user, TokenPurpose.INVITE)
        url, expires_at = mail.absolute_url("auth.accept_invitation", token=signed), token.expires_at
        dedupe_key = f"invite:{token.token_hash}"
    with speaking_to(user):
        subject, text, html = mail.render_email(
            "invitation", user=user, url=url, invited_by=invited_by, cohort_name=cohort_name,
            expires=tokens.describe_time(expires_at, user.timezone) if expires_at else None)
    log.info("Invitation for %s by %s", user.email, invited_by.email if invited_by else "the command line")
    queue_email(user.email, subject, text, html=html, dedupe_key=dedupe_key, secret=expires_at is not None)
    return user, url


def invitation_link(user: User) -> str:
    """A new invitation link for ``user``, not emailed (to hand over some other way)."""
    signed, _ = tokens.issue_token(user, TokenPurpose.INVITE)
    return mail.absolute_url("auth.accept_invitation", token=signed)


def add_user(email: str, name: str, *, is_admin: bool = False, password: str | None = None,
             invited_by: User | None = None, send_invitation: bool = True) -> tuple[User, str | None]:
    """Create an account. Without a password, return its invitation link, emailed if asked.

    Raises ``EmailTaken``.
    """
    user = create_user(email, name, password=password, is_admin=is_admin)
    if password:
        return user, None
    if send_invitation:
        return invite_user(user.email, user.name, invited_by=invited_by)
    return user, invitation_link(user)


def use_link(token: AccountToken, new_password: str) -> User:
    """Set the password through an invitation or reset link (see ``tokens.resolve_token``).

    The link then stops working, every other session of the user ends and their other
    unused links are cancelled.
    """
    tokens.consume_token(token)
    user = token.user
    set_password(user, new_password)
    if not user.is_confirmed:
        confirm_email(user)  # the link reached the address's owner
    return user
