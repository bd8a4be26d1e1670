"""Time zones by IANA name: the one lookup every feature uses for a person's or a cohort's zone.

A core module. Names come from validated forms, but an old row or a zone removed from the
tz database must never break a page: an unknown or empty name means UTC.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path
from zoneinfo import TZPATH, ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import dates
from flask_babel import lazy_pgettext


def zone_or_utc(name: str | None) -> ZoneInfo:
    """The zone called ``name``, or UTC when it is empty or unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return ZoneInfo("UTC")


# --- Choosing a zone -------------------------------------------------------------------
# Pickers list the canonical zones of the tz database (``zone.tab``: each country's zones, so
# every reader finds a city of their own country, without aliases such as Asia/Calcutta or
# US/Eastern), grouped by region. Where that file is missing, every zone of a region is listed.

REGIONS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian",
           "Pacific")
# The pickers' group labels as people read them (the tz database's region names are English).
_REGION_LABELS = {
    "UTC": "UTC",
    "Africa": lazy_pgettext("time zone region", "Africa"),
    "America": lazy_pgettext("time zone region", "America"),
    "Antarctica": lazy_pgettext("time zone region", "Antarctica"),
    "Arctic": lazy_pgettext("time zone region", "Arctic"),
    "Asia": lazy_pgettext("time zone region", "Asia"),
    "Atlantic": lazy_pgettext("time zone region", "Atlantic"),
    "Australia": lazy_pgettext("time zone region", "Australia"),
    "Europe": lazy_pgettext("time zone region", "Europe"),
    "Indian": lazy_pgettext("time zone region", "Indian"),
    "Pacific": lazy_pgettext("time zone region", "Pacific"),
    "Other": lazy_pgettext("time zone region", "Other"),
}


def region_label(region: str) -> str:
    """A picker group's label in the reader's language: ``Europe`` -> ``Europa``."""
    return str(_REGION_LABELS.get(region, region))


def _tz_file(name: str) -> str | None:
    """A file of the tz database: the ``tzdata`` package's (a pinned dependency, the same on
    every machine), else the system's."""
    folders = [Path(folder) for folder in TZPATH]
    try:
        folders.insert(0, Path(str(resources.files("tzdata") / "zoneinfo")))
    except ModuleNotFoundError:
        pass
    for folder in folders:
        if (folder / name).is_file():
            return (folder / name).read_text(encoding="utf-8")
    return None


@lru_cache(maxsize=1)
def canonical_zones() -> tuple[str, ...]:
    table = _tz_file("zone.tab")
    if table is None:
        return tuple(sorted(z for z in available_timezones() if z.split("/", 1)[0] in REGIONS))
    names = {line.split("\t")[2] for line in table.splitlines()
             if line and not line.startswith("#") and line.count("\t") >= 2}
    return tuple(sorted(names & available_timezones()))


@lru_cache(maxsize=1)
def zone_links() -> dict[str, str]:
    """``{alias: listed zone}`` for old names that browsers still report (Chromium says
    Asia/Calcutta for Asia/Kolkata), from the tz database's links (``tzdata.zi``)."""
    links = {}
    for line in (_tz_file("tzdata.zi") or "").splitlines():
        if line.startswith("L "):
            _, target, alias = line.split()
            links[alias] = target
    listed = set(canonical_zones())
    resolved = {}
    for alias, target in links.items():
        for _ in range(5):   # links may point at links
            if target in listed or target not in links:
                break
            target = links[target]
        if target in listed:
            resolved[alias] = target
    return resolved


def is_known_zone(name: str | None) -> bool:
    """A zone the tz database knows by this name (aliases included: old rows keep working)."""
    return bool(name) and (name == "UTC" or name in available_timezones())


def offset_label(offset) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@lru_cache(maxsize=8)
def zone_groups(on: date, language: str = "en") -> dict[str, list[tuple[str, str]]]:
    """``{region: [(zone, "Kolkata (UTC+05:30)"), ...]}`` with each zone's offset on ``on`` (noon UTC).

    In another ``language`` the places are named as its readers know them (the Unicode CLDR's
    exemplar cities through Babel: "Calcuta", "Londres", "لندن"), sorted in that language."""
    moment = datetime.combine(on, time(12), tzinfo=timezone.utc)
    groups: dict[str, list[tuple[str, str]]] = {"UTC": [("UTC", "UTC")]}
    for name in canonical_zones():
        region, _, place = name.partition("/")
        offset = offset_label(moment.astimezone(ZoneInfo(name)).utcoffset())
        label = f"{_place_name(name, language) or place.replace('_', ' ').replace('/', ' – ')} ({offset})"
        groups.setdefault(region, []).append((name, label))
    if language != "en":
        for zones in groups.values():
            zones.sort(key=lambda zone: zone[1].casefold())
    return groups


def _place_name(zone: str, language: str) -> str | None:
    """The city of ``zone`` in ``language`` from the CLDR, or None (English: the tz database's own)."""
    if language == "en":
        return None
    try:
        return dates.get_timezone_location(dates.get_timezone(zone), locale=language, return_city=True)
    except (LookupError, ValueError):
        return None
