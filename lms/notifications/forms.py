from __future__ import annotations

from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from lms.notifications.models import SubmissionAlerts, ThreadEmails
from lms.notifications.timing import parse_hhmm


class PreferenceForm(FlaskForm):
    submission_alerts = RadioField(lazy_gettext("When learners hand in work (mentors)"), choices=[
        SelectChoice(SubmissionAlerts.IMMEDIATE.value, lazy_gettext("Email me at once, for each piece of work")),
        SelectChoice(SubmissionAlerts.DAILY.value, lazy_gettext("One email a day with everything new")),
    ])
    email_reviews = BooleanField(lazy_gettext("Email me when my work is reviewed"))
    email_reminders = BooleanField(lazy_gettext("Email me two days before a deadline for work I have not handed in"))
    thread_emails = RadioField(lazy_gettext("Conversations (asks, replies, reminders to answer)"), choices=[
        SelectChoice(ThreadEmails.IMMEDIATE.value,
                     lazy_gettext("Email me as things happen, at most once a day per conversation")),
        SelectChoice(ThreadEmails.DAILY.value, lazy_gettext("Put them in my daily digest")),
        SelectChoice(ThreadEmails.NEVER.value, lazy_gettext("No emails: I read them here in the app")),
    ])
    quiet_from = StringField(lazy_gettext("Quiet from"),
                             description=lazy_gettext("HH:MM, your time; leave both empty for none"),
                             render_kw={"placeholder": "22:00", "inputmode": "numeric", "autocomplete": "off"})
    quiet_until = StringField(lazy_gettext("Quiet until"),
                              description=lazy_gettext("HH:MM, your time (may be the next morning)"),
                              render_kw={"placeholder": "07:00", "inputmode": "numeric", "autocomplete": "off"})
    digest_hour = SelectField(lazy_gettext("Send my daily digest at"), coerce=int,
                              choices=[SelectChoice(hour, f"{hour:02d}:00") for hour in range(24)])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        start, end = self.quiet_from.data or "", self.quiet_until.data or ""
        for field, text in ((self.quiet_from, start), (self.quiet_until, end)):
            if text.strip() and parse_hhmm(text) is None:
                field.errors.append(gettext("Enter a time of day as HH:MM, e.g. 22:00."))
                valid = False
        if valid and bool(start.strip()) != bool(end.strip()):
            (self.quiet_until if start.strip() else self.quiet_from).errors.append(
                gettext("Enter both times, or leave both empty for no quiet hours."))
            valid = False
        if valid and start.strip() and parse_hhmm(start) == parse_hhmm(end):
            self.quiet_until.errors.append(gettext("Quiet hours must end at a different time than they start."))
            valid = False
        return valid

    def quiet_minutes(self) -> tuple[int | None, int | None]:
        return parse_hhmm(self.quiet_from.data or ""), parse_hhmm(self.quiet_until.data or "")
