"""Group sessions (office hours, workshops, webinars): schedule, change, cancel, the recording,
attendance, and the hours they keep their host busy.

Seats and the waitlist live in ``lms.meetings.workshop_seats``. Services flush, never commit;
they send ``workshop_changed`` (lms/signals.py) after the rows are flushed.
"""
from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext, lazy_gettext, ngettext
from sqlalchemy import select, update

from lms.database import utcnow
from lms.extensions import db
from lms.i18n.formatting import format_day, zone_name
from lms.meetings import states, video, workshop_seats
from lms.meetings.models import (
    MentorSchedule,
    RegistrationStatus,
    Workshop,
    WorkshopKind,
    WorkshopRegistration,
    WorkshopStatus,
)
from lms.meetings.workshop_errors import InvalidWorkshop, WorkshopError
from lms.rendering import render_user_markdown
from lms.signals import workshop_changed
from lms.timezones import zone_or_utc

MIN_MINUTES, MAX_MINUTES = 15, 480
MAX_SEATS = 10_000
FIRST_YEAR, LAST_YEAR = 2000, 2200  # beyond these a date is a typo (and near year 9999 UTC overflows)
KIND_LABELS = {WorkshopKind.OFFICE_HOURS: lazy_gettext("Office hours"), WorkshopKind.WORKSHOP: lazy_gettext("Workshop"),
               WorkshopKind.WEBINAR: lazy_gettext("Webinar")}


@dataclass(frozen=True)
class WorkshopData:
    """A workshop as the host writes it: the start is a wall-clock time in ``zone``."""

    kind: WorkshopKind
    title: str
    description: str
    day: date
    start: time
    minutes: int
    seats: int
    zone: str = "UTC"




def local_to_utc(day: date, start: time, zone: str) -> datetime:
    """``day`` at ``start`` in ``zone`` as UTC; a time skipped by a clock change is refused."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidWorkshop({"day": [gettext("Choose a date between %(first)s and %(last)s.", first=FIRST_YEAR,
                                               last=LAST_YEAR)]})
    here = zone_or_utc(zone)
    local = datetime.combine(day, start, here)
    moment = local.astimezone(timezone.utc)
    if moment.astimezone(here).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise InvalidWorkshop({"start": [gettext("%(time)s does not exist on %(day)s in %(zone)s: the clocks change "
                                                 "then. Choose another time.", time=start.strftime("%H:%M"),
                                                 day=format_day(day), zone=zone_name(zone))]})
    return moment


def _check(data: WorkshopData, starts_at: datetime, now: datetime, *, time_changed: bool) -> None:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [gettext("Give the session a title.")]
    if not MIN_MINUTES <= data.minutes <= MAX_MINUTES:
        errors["minutes"] = [gettext("A session lasts %(low)s to %(high)s minutes.", low=MIN_MINUTES,
                                     high=MAX_MINUTES)]
    if not 1 <= data.seats <= MAX_SEATS:
        errors["seats"] = [gettext("Offer 1 to %(num)s seats.", num=MAX_SEATS)]
    if time_changed and starts_at <= now:
        errors["day"] = [gettext("Choose a time in the future.")]
    if errors:
        raise InvalidWorkshop(errors)


def _uid() -> str:
    host = urlsplit(current_app.config.get("LMS_BASE_URL", "")).hostname or "localhost"
    return f"workshop-{secrets.token_hex(10)}@{host}"


def _room(host_id: int) -> str:
    schedule = db.session.get(MentorSchedule, host_id)
    return video.room_for(schedule) if schedule is not None else video.generated_room("workshop")


def schedule_workshop(cohort, data: WorkshopData, host, *, now: datetime | None = None) -> Workshop:
    """A new scheduled workshop for ``cohort`` (None: the whole program), hosted by ``host``."""
    now = now or utcnow()
    starts_at = local_to_utc(data.day, data.start, data.zone)
    _check(data, starts_at, now, time_changed=True)
    workshop = Workshop(cohort_id=cohort.id if cohort is not None else None, host_id=host.id, kind=data.kind,
                        title=data.title.strip(), description=data.description,
                        description_html=render_user_markdown(data.description), starts_at=starts_at,
                        ends_at=starts_at + timedelta(minutes=data.minutes), timezone=data.zone, seats=data.seats,
                        seats_taken=0, video_url=_room(host.id), uid=_uid(), sequence=0)
    states.move_workshop(workshop, WorkshopStatus.SCHEDULED)
    db.session.add(workshop)
    db.session.flush()
    workshop_changed.send(workshop, change="scheduled", actor=host, moved=False)
    return workshop


def form_values(workshop: Workshop) -> dict:
    """The workshop as its edit form shows it: the start in the zone it was scheduled in."""
    local = workshop.starts_at.astimezone(zone_or_utc(workshop.timezone))
    return {"kind": workshop.kind.value, "title": workshop.title, "description": workshop.description,
            "day": local.date(), "start": local.time().replace(tzinfo=None),
            "minutes": int((workshop.ends_at - workshop.starts_at).total_seconds() // 60), "seats": workshop.seats}


def update_workshop(workshop: Workshop, data: WorkshopData, actor, *, now: datetime | None = None) -> bool:
    """Change the details; True when anything changed. A new time moves the invitation
    (``sequence`` + 1, ``moved=True``); seats never drop below the people registered."""
    now = now or utcnow()
    if workshop.status != WorkshopStatus.SCHEDULED:
        raise WorkshopError(gettext("This workshop is cancelled: it cannot change any more."))
    starts_at = local_to_utc(data.day, data.start, data.zone)
    ends_at = starts_at + timedelta(minutes=data.minutes)
    moved = (starts_at, ends_at) != (workshop.starts_at, workshop.ends_at)
    if moved and workshop.starts_at <= now:
        raise WorkshopError(gettext("This workshop has started: its time cannot change any more."))
    _check(data, starts_at, now, time_changed=moved)
    more_seats, seats_changed = data.seats > workshop.seats, data.seats != workshop.seats
    if seats_changed:
        _set_seats(workshop, data.seats)
    details = (data.kind, data.title.strip(), data.description) != (workshop.kind, workshop.title,
                                                                     workshop.description)
    if not (moved or details or seats_changed):
        return False
    workshop.kind, workshop.title = data.kind, data.title.strip()
    if data.description != workshop.description:
        workshop.description, workshop.description_html = data.description, render_user_markdown(data.description)
    workshop.starts_at, workshop.ends_at, workshop.timezone = starts_at, ends_at, data.zone
    if moved or details:
        workshop.sequence += 1
    db.session.flush()
    if more_seats:
        workshop_seats.fill_from_waitlist(workshop, actor)
    workshop_changed.send(workshop, change="updated", actor=actor, moved=moved)
    return True


def _set_seats(workshop: Workshop, seats: int) -> None:
    """One conditional UPDATE: fewer seats only while they still hold everyone registered."""
    result = db.session.execute(update(Workshop).where(Workshop.id == workshop.id, Workshop.seats_taken <= seats)
                                .values(seats=seats).execution_options(synchronize_session=False))
    db.session.refresh(workshop, ["seats", "seats_taken"])
    if result.rowcount != 1:
        raise InvalidWorkshop({"seats": [ngettext("%(num)d person is registered: keep at least %(num)d seat (or ask "
                                                  "them to cancel).",
                                                  "%(num)d people are registered: keep at least %(num)d seats (or "
                                                  "ask some to cancel).", workshop.seats_taken)]})


def cancel_workshop(workshop: Workshop, reason: str, actor) -> None:
    if not reason.strip():
        raise InvalidWorkshop({"reason": [gettext("Say why, for the people registered.")]})
    states.move_workshop(workshop, WorkshopStatus.CANCELLED)
    workshop.cancel_reason = reason.strip()
    workshop.sequence += 1
    db.session.flush()
    workshop_changed.send(workshop, change="cancelled", actor=actor, moved=False)


def set_recording(workshop: Workshop, url: str, actor, *, now: datetime | None = None) -> None:
    """The recording's link (https), once the workshop has ended; empty removes it."""
    now = now or utcnow()
    url = url.strip()
    if workshop.status != WorkshopStatus.SCHEDULED:
        raise WorkshopError(gettext("This workshop was cancelled: it has no recording."))
    if workshop.ends_at > now:
        raise WorkshopError(gettext("Add the recording once the workshop has ended."))
    parts = urlsplit(url)
    if url and (parts.scheme != "https" or not parts.hostname or any(c.isspace() for c in url)):
        raise InvalidWorkshop({"recording_url": [gettext("Give an https:// link to the recording.")]})
    if url == workshop.recording_url:
        return
    workshop.recording_url = url
    db.session.flush()
    workshop_changed.send(workshop, change="updated", actor=actor, moved=False)


def take_attendance(workshop: Workshop, came: set[int], actor, *, now: datetime | None = None) -> int:
    """Mark who came among the registered (user ids in ``came``); the others did not. Returns the count."""
    now = now or utcnow()
    if workshop.status != WorkshopStatus.SCHEDULED:
        raise WorkshopError(gettext("This workshop was cancelled: there is no attendance to take."))
    if workshop.starts_at > now:
        raise WorkshopError(gettext("Take attendance once the workshop has started."))
    rows = db.session.scalars(select(WorkshopRegistration).where(
        WorkshopRegistration.workshop_id == workshop.id,
        WorkshopRegistration.status == RegistrationStatus.REGISTERED)).all()
    for row in rows:
        row.attended = row.user_id in came
    db.session.flush()
    return sum(1 for row in rows if row.attended)


def hosted_busy_ranges(mentor_ids, start: datetime, end: datetime) -> dict[int, list[tuple[datetime, datetime]]]:
    """The times each mentor hosts a scheduled workshop overlapping ``[start, end)``: one query.
    The availability pages remove these from the mentor's one-to-one slots."""
    ids = set(mentor_ids)
    busy: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    if not ids:
        return {}
    for host_id, starts_at, ends_at in db.session.execute(
            select(Workshop.host_id, Workshop.starts_at, Workshop.ends_at).where(
                Workshop.host_id.in_(ids), Workshop.status == WorkshopStatus.SCHEDULED,
                Workshop.starts_at < end, Workshop.ends_at > start).order_by(Workshop.starts_at)):
        busy[host_id].append((starts_at, ends_at))
    return {mentor_id: busy.get(mentor_id, []) for mentor_id in ids}
