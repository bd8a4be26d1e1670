"""The program's code of conduct (the track space's text), agreed to once per person and track."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from lms.community import default_conduct, spaces
from lms.community.errors import InvalidPost
from lms.community.models import ConductAgreement, Space, SpaceKind
from lms.database import utcnow
from lms.extensions import db
from lms.i18n.formatting import format_number

CONDUCT_MAX_CHARS = 20_000
_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def text_for(space: Space) -> str:
    """The program's code: the track space's text, or the default (reads only)."""
    return own_text(space) or default_text()


def own_text(space: Space) -> str:
    """The text the program wrote (its track space's), "" when it uses the default."""
    text = space.code_of_conduct if space.cohort_id is None else db.session.scalar(
        select(Space.code_of_conduct).where(Space.track_id == space.track_id, Space.kind == SpaceKind.TRACK))
    return (text or "").strip()


def default_text() -> str:
    """The instance's default (``COMMUNITY_DEFAULT_CONDUCT``, as written), else the built-in
    text in the reader's language."""
    return (current_app.config.get("COMMUNITY_DEFAULT_CONDUCT") or "").strip() or default_conduct()


def has_agreed(user_id: int, track_id: int) -> bool:
    return db.session.scalar(select(ConductAgreement.id).where(
        ConductAgreement.user_id == user_id, ConductAgreement.track_id == track_id)) is not None


def agree(user_id: int, track_id: int) -> None:
    """Record the agreement once (a second, concurrent one changes nothing)."""
    statement = _INSERT[db.session.get_bind().dialect.name](ConductAgreement).values(
        user_id=user_id, track_id=track_id, agreed_at=utcnow()).on_conflict_do_nothing(
        index_elements=["user_id", "track_id"])
    db.session.execute(statement)


def require_agreement(user_id: int, track_id: int, agreed: bool) -> None:
    """Before a first post in the program: the person ticked "I agree", or is refused."""
    if has_agreed(user_id, track_id):
        return
    if not agreed:
        raise InvalidPost({"agree": [gettext("Read the code of conduct and tick “I agree” before your first post.")]})
    agree(user_id, track_id)


def set_text(space: Space, text: str) -> None:
    """An admin changes the program's code (always stored on the track space)."""
    text = (text or "").strip()
    if len(text) > CONDUCT_MAX_CHARS:
        raise InvalidPost({"code_of_conduct": [gettext("Keep it under %(max)s characters.",
                                                        max=format_number(CONDUCT_MAX_CHARS))]})
    program = space if space.cohort_id is None else spaces.track_space(space.track_id)
    program.code_of_conduct = text
    db.session.flush()
