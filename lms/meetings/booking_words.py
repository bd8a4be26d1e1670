"""A session's status in words, in the reader's language (badges, refusals)."""
from __future__ import annotations

from flask_babel import gettext

from lms.meetings.models import BookingStatus


def status_word(status: BookingStatus) -> str:
    """Lower case, to finish a sentence: "This session is already cancelled."."""
    return {
        BookingStatus.REQUESTED: lambda: gettext("waiting for the mentor to confirm"),
        BookingStatus.CONFIRMED: lambda: gettext("confirmed"),
        BookingStatus.DECLINED: lambda: gettext("declined"),
        BookingStatus.CANCELLED: lambda: gettext("cancelled"),
        BookingStatus.ATTENDED: lambda: gettext("attended"),
        BookingStatus.NO_SHOW: lambda: gettext("missed (no-show)"),
    }.get(status, lambda: str(status.value).replace("_", " "))()
