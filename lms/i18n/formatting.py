"""Numbers, dates, times, durations and lists for the reader's language (Babel, CLDR data).

The one place a figure or a moment becomes text: templates use the filters registered in
``init_app``, Python code calls these functions (inside ``speaking_to`` for someone else).
A moment is shown in the reader's zone unless a zone is given (a cohort's deadline zone, a
session's host zone); ``zone=True`` names the zone beside it.

English keeps the product's day-month-year, 24-hour look (``12 Mar 2026, 14:05``); the
other languages take their CLDR patterns (``12 mar 2026, 14:05``, ``١٢‏/٠٣‏/٢٠٢٦``...).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

from babel import dates, lists, numbers
from flask import Flask
from flask_babel import get_timezone, gettext
from markupsafe import Markup, escape

from lms.i18n import current
from lms.timezones import zone_or_utc

# Patterns per language (LDML); a language not listed uses the CLDR skeletons below.
_PATTERNS = {
    "en": {"date": "d MMM y", "long_date": "d MMMM y", "weekday_date": "EEE d MMM y", "time": "HH:mm",
           "datetime": "d MMM y, HH:mm", "weekday_datetime": "EEE d MMM y, HH:mm"},
}
_SKELETONS = {"date": "yMMMd", "long_date": "yMMMMd", "weekday_date": "yMMMEd", "time": "Hm"}


def _locale():
    return current.locale() or "en"


def _zone(zone):
    if zone is None:
        return zone_or_utc(str(get_timezone() or "UTC"))
    return zone if hasattr(zone, "utcoffset") else zone_or_utc(zone)


def reader_zone():
    """The reader's time zone (a ``ZoneInfo``): the signed-in person's, the recipient's inside
    ``speaking_to``, else UTC."""
    return _zone(None)


def _pattern(kind: str, locale) -> str | None:
    return _PATTERNS.get(str(locale), {}).get(kind)


def _format_date_only(value: date, kind: str, locale) -> str:
    pattern = _pattern(kind, locale)
    if pattern:
        return dates.format_date(value, pattern, locale=locale)
    return dates.format_skeleton(_SKELETONS[kind], value, locale=locale)


def zone_name(zone=None) -> str:
    """A zone as people read it: ``America/New York``, ``UTC``."""
    return _zone(zone).key.replace("_", " ")


def format_moment(moment: datetime | None, zone=None, *, weekday: bool = False, show_zone: bool = False) -> str:
    """``12 Mar 2026, 14:05`` in ``zone`` (the reader's by default), ``(Europe/Lisbon)`` after it when
    ``show_zone``. ``—`` for no moment."""
    if moment is None:
        return "—"
    tz = _zone(zone)
    locale = _locale()
    local = moment.astimezone(tz)
    pattern = _pattern("weekday_datetime" if weekday else "datetime", locale)
    if pattern:
        text = dates.format_datetime(local, pattern, tzinfo=tz, locale=locale)
    else:
        day = dates.format_skeleton(_SKELETONS["weekday_date" if weekday else "date"], local, tzinfo=tz,
                                    locale=locale)
        clock = dates.format_skeleton(_SKELETONS["time"], local, tzinfo=tz, locale=locale)
        text = dates.get_datetime_format("medium", locale=locale).replace("{1}", day).replace("{0}", clock)
    return f"{text} ({zone_name(tz)})" if show_zone else text


def format_day(value: date | datetime | None, zone=None, *, long: bool = False, weekday: bool = False) -> str:
    """A calendar day: ``12 Mar 2026`` (a moment is first put in ``zone``, the reader's by default)."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = value.astimezone(_zone(zone)).date()
    kind = "long_date" if long else "weekday_date" if weekday else "date"
    return _format_date_only(value, kind, _locale())


def format_clock(moment: datetime | None, zone=None) -> str:
    """The wall-clock time of a moment in ``zone``: ``14:05``."""
    if moment is None:
        return "—"
    tz = _zone(zone)
    locale = _locale()
    pattern = _pattern("time", locale)
    if pattern:
        return dates.format_time(moment.astimezone(tz), pattern, tzinfo=tz, locale=locale)
    return dates.format_skeleton(_SKELETONS["time"], moment.astimezone(tz), tzinfo=tz, locale=locale)


def format_deadline(moment: datetime | None, cohort_zone=None) -> str:
    """A deadline (23:59 in its cohort's zone) as the reader reads it: in their zone, with the
    cohort's wall-clock time and zone beside it when the two zones differ.

    ``Fri 13 Mar 2026, 04:59 (Thu 12 Mar 2026, 23:59 in Europe/London, the cohort's time zone)``
    """
    if moment is None:
        return "—"
    cohort = _zone(cohort_zone) if cohort_zone else None
    reader = _zone(None)
    if cohort is None or _same_offset(moment, reader, cohort):
        return format_moment(moment, cohort or reader, weekday=True, show_zone=cohort is not None)
    return gettext("%(when)s (%(cohort_when)s in %(zone)s, the cohort's time zone)",
                   when=format_moment(moment, reader, weekday=True), zone=zone_name(cohort),
                   cohort_when=format_moment(moment, cohort, weekday=True))


def _same_offset(moment: datetime, first, second) -> bool:
    return first.key == second.key or moment.astimezone(first).utcoffset() == moment.astimezone(second).utcoffset()


def format_duration(span: timedelta, *, granularity: str = "minute") -> str:
    """A rough, readable length of time in the reader's language: ``45 minutes``, ``3 hours``, ``2 days``."""
    seconds = max(span.total_seconds(), 0)
    if seconds < 60:
        span = timedelta(minutes=1) if seconds else timedelta(0)
    return dates.format_timedelta(span, granularity=granularity, threshold=2, locale=_locale())


def format_number(value, digits: int | None = None) -> str:
    """``12,345.5`` (``12.345,5`` in Spanish); with ``digits``, exactly that many decimals (``3.0``)."""
    pattern = None if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
    return _decimal(value, pattern, _locale())


def format_percent(fraction, digits: int = 0) -> str:
    """``0.42`` -> ``42%`` (``42 %`` in Spanish, ``42٪`` in Arabic)."""
    pattern = None if digits == 0 else "#,##0." + "0" * digits + "%"
    return _percent(fraction, pattern, _locale())


# Pages show the same few numbers many times (counts, percentages of a grid): CLDR formatting
# costs ~8 µs each, a kept answer ~0.5 µs. The answer depends only on these arguments.
@lru_cache(maxsize=4096, typed=True)
def _decimal(value, pattern, locale) -> str:
    return numbers.format_decimal(value, pattern, locale=locale)


@lru_cache(maxsize=4096, typed=True)
def _percent(fraction, pattern, locale) -> str:
    return numbers.format_percent(fraction, pattern, locale=locale)


def format_list(items, style: str = "standard") -> str:
    """``a, b and c`` in the reader's language (``style="or"`` for alternatives)."""
    items = [str(item) for item in items]
    return lists.format_list(items, style=style, locale=_locale()) if items else ""


def bdi(text) -> Markup:
    """Text someone typed (a name, a title) isolated from the sentence around it, so a Latin name
    inside an Arabic sentence (or the reverse) does not reorder its neighbours."""
    return Markup("<bdi>%s</bdi>") % escape(text)


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        moment=format_moment, deadline=format_deadline, day=format_day, clock=format_clock, duration=format_duration,
        number=format_number, percent=format_percent, list_of=format_list, zone_name=zone_name, bdi=bdi,
    )
