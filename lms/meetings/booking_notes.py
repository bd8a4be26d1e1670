"""Notes on a session: each person keeps a private note (only they read it) and a shared
note (both people, and admins, read it). Markdown, rendered once on save by the sanitising
renderer. Each save names the version it started from, so two tabs never silently
overwrite each other: the second is refused with a message."""
from __future__ import annotations

from flask_babel import gettext, lazy_gettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms import permissions
from lms.errors import PermissionDenied
from lms.extensions import db
from lms.i18n.formatting import format_number
from lms.meetings.bookings import BookingError
from lms.meetings.models import Booking, BookingNote
from lms.rendering import render_user_markdown

MAX_NOTE = 20_000
STALE = lazy_gettext("This note was changed in another tab or window since you opened it. "
                     "Copy your text, reload the page, and save again.")


def save_note(booking: Booking, author, body: str, *, shared: bool, version: int) -> BookingNote:
    """Write ``author``'s private or shared note; ``version`` is the one the form showed (0: none yet)."""
    if not permissions.can_write_booking_notes(author, booking):
        raise PermissionDenied()
    body = (body or "").strip()
    if len(body) > MAX_NOTE:
        raise BookingError(gettext("Keep the note under %(num)s characters.", num=format_number(MAX_NOTE)), "body")
    note = db.session.scalar(select(BookingNote).where(
        BookingNote.booking_id == booking.id, BookingNote.author_id == author.id, BookingNote.shared == shared))
    if (note.version if note is not None else 0) != version:
        raise BookingError(STALE, "body")
    html = render_user_markdown(body) if body else ""
    if note is None:
        note = BookingNote(booking_id=booking.id, author_id=author.id, shared=shared, body=body, body_html=html)
        try:
            with db.session.begin_nested():  # the other tab wrote the first version at the same moment
                db.session.add(note)
                db.session.flush()
        except IntegrityError:
            raise BookingError(STALE, "body") from None
        return note
    note.body, note.body_html = body, html
    db.session.flush()  # the version column refuses a save raced by another (StaleDataError)
    return note


def notes_for(booking: Booking, viewer) -> dict[str, object]:
    """What ``viewer`` may read: their own private note, and the shared notes of both people
    (an admin: shared only). One query."""
    rows = db.session.scalars(select(BookingNote).where(BookingNote.booking_id == booking.id)
                              .order_by(BookingNote.id)).all()
    own = viewer.id in (booking.learner_id, booking.mentor_id)
    return {
        "private": next((n for n in rows if not n.shared and n.author_id == viewer.id), None) if own else None,
        "mine_shared": next((n for n in rows if n.shared and n.author_id == viewer.id), None) if own else None,
        "shared": [n for n in rows if n.shared],
    }
