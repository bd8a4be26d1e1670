"""The mentor's availability forms. Each lists its fields; nothing else posted is read."""
from __future__ import annotations

from flask_babel import LazyString, gettext, lazy_gettext, lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from lms.auth.forms import TimeZoneField
from lms.meetings import availability, availability_text
from lms.meetings.availability import LENGTH_CHOICES, ScheduleData
from lms.meetings.availability_text import WEEKDAYS, AvailabilityError
from lms.text import single_line

DAY_FIELDS = tuple(day.lower() for day in WEEKDAYS)


class CheckboxList(SelectMultipleField):
    """Several choices as checkboxes (readable on a phone, unlike a multiple select)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _day_ranges(form, field) -> None:
    try:
        field.parsed = availability_text.parse_day(field.data or "", field.label.text)
    except AvailabilityError as error:
        field.parsed = []
        raise ValidationError(str(error)) from error


def _day(name: str) -> StringField:
    # The label is the weekday in the reader's language (from the CLDR), read when the form is shown.
    return StringField(LazyString(availability_text.day_name, name), validators=[Length(max=200), _day_ranges],
                       filters=[single_line])


def _number(label: str, low: int, high: int, description: str = "", optional: bool = False) -> IntegerField:
    first = Optional() if optional else InputRequired(message=lazy_gettext("Enter a number."))
    between = lazy_gettext("Choose between %(low)s and %(high)s.", low=low, high=high)
    return IntegerField(label, validators=[first, NumberRange(low, high, message=between)],
                        description=description)


class ScheduleForm(FlaskForm):
    version = HiddenField()
    timezone = TimeZoneField(lazy_gettext("Time zone of these hours"),
                             description=lazy_gettext("Your weekly hours repeat at the same local time in this zone, "
                                         "across daylight-saving changes."))
    monday, tuesday, wednesday, thursday, friday, saturday, sunday = (_day(day) for day in WEEKDAYS)
    lengths = CheckboxList(lazy_gettext("Session lengths you offer"), coerce=int,
                           choices=[SelectChoice(str(n), lazy_ngettext("%(num)d minute", "%(num)d minutes", n))
                                    for n in LENGTH_CHOICES])
    buffer_minutes = _number(lazy_gettext("Free minutes after each session"), 0, 120)
    notice_hours = _number(lazy_gettext("Minimum notice (hours)"), 0, 720,
                           lazy_gettext("No one can book sooner than this."))
    horizon_days = _number(lazy_gettext("Booking horizon (days)"), 1, 365,
                           lazy_gettext("No one can book further ahead than this."))
    max_per_day = _number(lazy_gettext("Most sessions a day"), 1, 50, lazy_gettext("Leave empty for no limit."),
                          optional=True)
    max_per_week = _number(lazy_gettext("Most sessions a week (Monday to Sunday)"), 1, 200,
                           lazy_gettext("Leave empty for no limit."),
                           optional=True)
    requires_confirmation = BooleanField(lazy_gettext("I confirm each booking myself"))
    room_url = StringField(lazy_gettext("Your own video room (https link)"), validators=[Length(max=500)],
                           filters=[single_line],
                           description=lazy_gettext("Leave empty and every session gets its own generated room."))
    cancel_hours = _number(lazy_gettext("Learners may cancel or move a session until (hours before)"), 0, 336)
    max_reschedules = _number(lazy_gettext("Times a learner may move one session"), 0, 10)

    def validate_lengths(self, field) -> None:
        if not field.data:
            raise ValidationError(gettext("Offer at least one session length."))

    def validate_room_url(self, field) -> None:
        try:
            availability_text.check_room_url(field.data or "")
        except AvailabilityError as error:
            raise ValidationError(str(error)) from error

    def day_fields(self):
        return [getattr(self, name) for name in DAY_FIELDS]

    def based_on(self) -> int:
        """The version the form was filled from; -1 (always stale) when it was tampered with."""
        value = (self.version.data or "").strip()
        return int(value) if value.isdigit() and len(value) < 10 else -1

    def fill(self, schedule) -> None:
        weekly = availability.weekly_of(schedule)
        for day, field in enumerate(self.day_fields()):
            field.data = availability_text.format_day(weekly[day])
        for name in ("timezone", "buffer_minutes", "notice_hours", "horizon_days", "max_per_day", "max_per_week",
                     "requires_confirmation", "room_url", "cancel_hours", "max_reschedules"):
            getattr(self, name).data = getattr(schedule, name)
        self.lengths.data = list(schedule.lengths or [])
        self.version.data = str(schedule.version or 0)

    def to_data(self) -> ScheduleData:
        return ScheduleData(
            timezone=self.timezone.data, weekly={day: field.parsed for day, field in enumerate(self.day_fields())},
            lengths=list(self.lengths.data), buffer_minutes=self.buffer_minutes.data,
            notice_hours=self.notice_hours.data, horizon_days=self.horizon_days.data,
            max_per_day=self.max_per_day.data, max_per_week=self.max_per_week.data,
            requires_confirmation=bool(self.requires_confirmation.data), room_url=self.room_url.data or "",
            cancel_hours=self.cancel_hours.data, max_reschedules=self.max_reschedules.data)


def _time(form, field) -> None:
    field.minute = None
    if field.data:
        try:
            field.minute = availability_text.parse_time(field.data, day=field.label.text,
                                                   allow_midnight_end=field.name == "to_time")
        except AvailabilityError as error:
            raise ValidationError(str(error)) from error


class ExceptionForm(FlaskForm):
    kind = SelectField(lazy_gettext("Kind"), choices=[SelectChoice("away", lazy_gettext("Away (no sessions)")),
                                        SelectChoice("extra", lazy_gettext("Extra hours"))])
    starts_on = DateField(lazy_gettext("From (date)"),
                          validators=[InputRequired(message=lazy_gettext("Enter a date."))])
    ends_on = DateField(lazy_gettext("To (date)"), validators=[Optional()],
                        description=lazy_gettext("Away only; leave empty for a single day."))
    from_time = StringField(lazy_gettext("From (time)"), validators=[Length(max=5), _time], filters=[single_line],
                            description=lazy_gettext("HH:MM. Leave both times empty to be away for whole days."))
    to_time = StringField(lazy_gettext("To (time)"), validators=[Length(max=5), _time], filters=[single_line])
    note = StringField(lazy_gettext("Note (only you see it)"), validators=[Length(max=200)], filters=[single_line])

    def validate_to_time(self, field) -> None:
        start, end = getattr(self.from_time, "minute", None), getattr(field, "minute", None)
        if (start is None) != (end is None):
            raise ValidationError(gettext("Give both times, or neither (whole days)."))
        if self.kind.data == "extra" and start is None and not self.from_time.errors:
            raise ValidationError(gettext("Extra hours need a start and an end time."))

    def save(self, mentor, *, now):
        """Add the exception this form describes (``AvailabilityError`` when it makes no sense)."""
        first, last = self.starts_on.data, self.ends_on.data or self.starts_on.data
        start, end, note = self.from_time.minute, self.to_time.minute, self.note.data or ""
        if self.kind.data == "extra":
            if last != first:
                raise AvailabilityError(gettext("Extra hours are for one day: leave “To (date)” empty."), "ends_on")
            return availability.add_extra_hours(mentor, first, start, end, note=note, now=now)
        if start is None:
            return availability.add_away_days(mentor, first, last, note=note, now=now)
        return availability.add_away_range(mentor, first, start, last, end, note=note, now=now)
