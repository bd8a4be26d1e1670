"""The video link of a session: the mentor's own room, or a generated room name.

Generated rooms are Jitsi-style URLs (``MEETINGS_VIDEO_BASE`` + an unguessable name); nothing
calls a third party at run time: the room exists once someone opens the link.
"""
from __future__ import annotations

import secrets

from flask import current_app


def generated_room(prefix: str = "mentoring") -> str:
    """A fresh room URL, e.g. ``https://meet.jit.si/mentoring-k3v9x2m4q7tp``."""
    base = current_app.config["MEETINGS_VIDEO_BASE"]
    return f"{base.rstrip('/')}/{prefix}-{secrets.token_hex(8)}"


def room_for(schedule) -> str:
    """The mentor's own room when their schedule names one, else a generated room."""
    room = getattr(schedule, "room_url", "") or ""
    return room if room else generated_room()
