"""Finding people to enrol: active users not yet in the cohort, by name or email.

One query however many users there are: a LIKE on name and email, at most ``LIMIT`` rows.
"""
from __future__ import annotations

from sqlalchemy import func, select

from lms.auth.models import User
from lms.auth.services import search_users
from lms.cohorts.models import Cohort, Enrollment
from lms.extensions import db
from lms.text import single_line

MIN_CHARS = 2
LIMIT = 20
MAX_QUERY = 200


def clean_query(text: str | None) -> str:
    """What was typed, on one line and trimmed; "" when shorter than ``MIN_CHARS``."""
    text = single_line(str(text or "")[:MAX_QUERY]).strip()
    return text if len(text) >= MIN_CHARS else ""


def candidates(cohort: Cohort, text: str | None) -> list[User]:
    """Up to ``LIMIT`` active users matching ``text`` who have no enrolment in ``cohort``, by name."""
    text = clean_query(text)
    if not text:
        return []
    enrolled = select(Enrollment.user_id).where(Enrollment.cohort_id == cohort.id)
    query = (search_users(text).where(User.is_active.is_(True), User.id.not_in(enrolled))
             .order_by(None).order_by(func.lower(User.name), User.id).limit(LIMIT))
    return list(db.session.scalars(query))

