"""Cohort operations: create, edit (optimistically locked), status changes, deadline overrides.

They flush but never commit; the caller commits once. Refusals raise ``CohortError``
subclasses whose messages are safe to show.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import gettext, lazy_gettext, ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from lms import signals, states
from lms.cohorts.models import Cohort, CohortDeadline, CohortStatus, ReviewPolicy
from lms.cohorts.schedule import local_to_utc
from lms.database import utcnow
from lms.errors import DomainError
from lms.extensions import db
from lms.tracks.models import Lesson, Track


class CohortError(DomainError):
    """A cohort operation was refused; the message is safe to show."""


class InvalidCohortData(CohortError):
    """A value of the cohort's data is refused; ``field`` names it (for forms and the API)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class InvalidTransition(CohortError, states.InvalidTransition):
    """The cohort's life cycle does not allow this status change."""


class StaleEdit(CohortError):
    """The edit was based on an older version of the cohort; the caller rolls back and reloads."""

    def __init__(self):
        # Lazy: raised after a failed flush, before the caller rolls back (choosing the language may query).
        super().__init__(lazy_gettext(
            "Someone else changed this cohort while you were editing; here are their values."))


# A cohort's status as people read it (pages, flash messages), in their language.
STATUS_LABELS = {
    CohortStatus.DRAFT: lazy_gettext("draft"),
    CohortStatus.OPEN: lazy_gettext("open for enrolment"),
    CohortStatus.RUNNING: lazy_gettext("running"),
    CohortStatus.FINISHED: lazy_gettext("finished"),
    CohortStatus.ARCHIVED: lazy_gettext("archived"),
}
# The state machine builds its refusals from English fragments (lms.states), so it gets English
# labels: a translated word inside an English sentence would read worse than the sentence alone.
_MACHINE_LABELS = {CohortStatus.DRAFT: "draft", CohortStatus.OPEN: "open for enrolment",
                   CohortStatus.RUNNING: "running", CohortStatus.FINISHED: "finished",
                   CohortStatus.ARCHIVED: "archived"}

# The one place that knows how a cohort moves through its life.
LIFE_CYCLE = states.StateMachine(
    noun="cohort", plural="cohorts", error=InvalidTransition, labels=_MACHINE_LABELS,
    transitions={
        None: {CohortStatus.DRAFT},
        CohortStatus.DRAFT: {CohortStatus.OPEN},
        CohortStatus.OPEN: {CohortStatus.RUNNING},
        CohortStatus.RUNNING: {CohortStatus.FINISHED},
        CohortStatus.FINISHED: {CohortStatus.ARCHIVED},
        CohortStatus.ARCHIVED: set(),
    })


def next_statuses(cohort: Cohort) -> tuple[CohortStatus, ...]:
    return LIFE_CYCLE.next_states(cohort.status)


def change_status(cohort: Cohort, to: CohortStatus, actor=None) -> None:
    """Move the cohort to ``to`` if its life cycle allows it, else raise ``InvalidTransition``."""
    from_status = states.transition(cohort, to, machine=LIFE_CYCLE)
    db.session.flush()
    signals.cohort_status_changed.send(cohort, from_status=from_status, to_status=to, actor=actor)


@dataclass
class CohortData:
    name: str
    track_id: int
    starts_on: date
    ends_on: date
    timezone: str = "UTC"
    capacity: int | None = None
    description: str = ""
    review_policy: ReviewPolicy = ReviewPolicy.ANY_MENTOR
    review_turnaround_hours: int = 48
    learners_request_mentors: bool = False
    request_response_days: int = 3
    ask_response_hours: int = 24
    ask_nudge_days: str = "2,5,9"
    ask_timeout_days: int = 14

    @classmethod
    def of(cls, cohort: Cohort) -> CohortData:
        return cls(**{f.name: getattr(cohort, f.name) for f in fields(cls)})


def _validate(data: CohortData, cohort: Cohort | None = None) -> None:
    if not data.name.strip():
        raise InvalidCohortData("name", gettext("Give the cohort a name."))
    if data.ends_on < data.starts_on:
        raise InvalidCohortData("ends_on", gettext("The cohort cannot end before it starts."))
    try:
        ZoneInfo(data.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidCohortData("timezone", gettext("Unknown time zone “%(zone)s”.", zone=data.timezone)) from None
    if data.capacity is not None and data.capacity < 0:
        raise InvalidCohortData("capacity", gettext("Capacity cannot be negative."))
    if data.review_turnaround_hours < 1:
        raise InvalidCohortData("review_turnaround_hours",
                                gettext("The review turnaround target is at least one hour."))
    if not 1 <= data.request_response_days <= 30:
        raise InvalidCohortData("request_response_days",
                                gettext("Mentors have from 1 to 30 days to answer a request."))
    _validate_ask_settings(data)
    if db.session.get(Track, data.track_id) is None:
        raise InvalidCohortData("track_id", gettext("Choose a track."))
    if cohort is not None:
        if data.capacity is not None and data.capacity < cohort.seats_taken:
            raise InvalidCohortData("capacity", ngettext(
                "%(num)d learners are already enrolled; the capacity cannot be lower.",
                "%(num)d learners are already enrolled; the capacity cannot be lower.", cohort.seats_taken))
        if data.track_id != cohort.track_id and cohort.status != CohortStatus.DRAFT:
            raise InvalidCohortData("track_id", gettext("The track can only change while the cohort is a draft."))


def parse_nudge_days(text: str) -> list[int]:
    """``"2,5,9"`` -> [2, 5, 9]: whole days from 1 to 60, increasing; ValueError says what is wrong."""
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    if not parts:
        raise ValueError(gettext("Give at least one day, e.g. 2,5,9."))
    if not all(part.isdigit() for part in parts):
        raise ValueError(gettext("Use whole days separated by commas, e.g. 2,5,9."))
    days = [int(part) for part in parts]
    if any(not 1 <= day <= 60 for day in days):
        raise ValueError(gettext("Each reminder comes after 1 to 60 days."))
    if any(later <= earlier for earlier, later in pairwise(days)):
        raise ValueError(gettext("List the days in increasing order, e.g. 2,5,9."))
    if len(",".join(map(str, days))) > 40:
        raise ValueError(gettext("That is too many reminders."))
    return days


def _validate_ask_settings(data: CohortData) -> None:
    if not 1 <= data.ask_response_hours <= 336:
        raise InvalidCohortData("ask_response_hours", gettext("The response target for asks is from 1 to 336 hours."))
    try:
        days = parse_nudge_days(data.ask_nudge_days)
    except ValueError as error:
        raise InvalidCohortData("ask_nudge_days", gettext("Ask reminders: %(problem)s", problem=error)) from None
    data.ask_nudge_days = ",".join(map(str, days))
    if not 1 <= data.ask_timeout_days <= 90:
        raise InvalidCohortData("ask_timeout_days", gettext("An ask times out after 1 to 90 days."))
    if data.ask_timeout_days <= days[-1]:
        raise InvalidCohortData("ask_timeout_days",
                                gettext("An ask times out after its last reminder: make the time-out longer."))


def create_cohort(data: CohortData, actor=None) -> Cohort:
    _validate(data)
    cohort = Cohort(**{f.name: getattr(data, f.name) for f in fields(data)})
    cohort.name = data.name.strip()
    states.transition(cohort, CohortStatus.DRAFT, machine=LIFE_CYCLE)
    db.session.add(cohort)
    db.session.flush()
    return cohort


def update_cohort(cohort: Cohort, data: CohortData, *, based_on_version: int, actor=None) -> None:
    """Apply an edit made on version ``based_on_version``; raise ``StaleEdit`` if it is not current.

    After either error the session must be rolled back by the caller.
    """
    if based_on_version != cohort.version:
        raise StaleEdit()
    _validate(data, cohort)
    for f in fields(data):
        setattr(cohort, f.name, getattr(data, f.name))
    cohort.name = data.name.strip()
    try:
        db.session.flush()  # the version column guards the moment between our read and this write
    except StaleDataError:
        raise StaleEdit() from None
    except IntegrityError:  # the seats check: learners enrolled since the capacity was checked
        raise InvalidCohortData("capacity", lazy_gettext(
            "More learners enrolled meanwhile; the capacity cannot be that low.")) from None


def set_deadline(cohort: Cohort, lesson: Lesson, local_due: datetime | None, actor=None) -> None:
    """Override a deadline with a wall-clock time in the cohort's time zone; None restores the computed one."""
    if lesson.track_id != cohort.track_id:
        raise CohortError(gettext("That lesson is not part of this cohort's track."))
    row = db.session.scalar(select(CohortDeadline).where(
        CohortDeadline.cohort_id == cohort.id, CohortDeadline.lesson_id == lesson.id))
    if local_due is None:
        if row is not None:
            db.session.delete(row)
        db.session.flush()
        return
    due = local_to_utc(local_due, cohort.timezone)
    if row is None:
        row = CohortDeadline(cohort_id=cohort.id, lesson_id=lesson.id, due_at=due)
        db.session.add(row)
    row.due_at, row.set_by_id, row.set_at = due, getattr(actor, "id", None), utcnow()
    db.session.flush()


def deadline_overrides(cohort_ids) -> dict[tuple[int, int], datetime]:
    """(cohort id, lesson id) -> overridden deadline (UTC), for many cohorts in one query."""
    ids = list(cohort_ids)
    if not ids:
        return {}
    rows = db.session.execute(select(CohortDeadline.cohort_id, CohortDeadline.lesson_id, CohortDeadline.due_at)
                              .where(CohortDeadline.cohort_id.in_(ids)))
    return {(c, l): d for c, l, d in rows}
