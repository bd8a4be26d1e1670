"""Time zones by IANA name: the one lookup every feature uses for a person's or a cohort's zone.

A core module. Names come from validated forms, but an old row or a zone removed from the
tz database must never break a page: an unknown or empty name means UTC.
"""
from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone_or_utc(name: str | None) -> ZoneInfo:
    """The zone called ``name``, or UTC when it is empty or unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return ZoneInfo("UTC")
