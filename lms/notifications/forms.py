from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField
from wtforms.fields.choices import SelectChoice

from lms.notifications.models import SubmissionAlerts


class PreferenceForm(FlaskForm):
    submission_alerts = RadioField("When learners hand in work (mentors)", choices=[
        SelectChoice(SubmissionAlerts.IMMEDIATE.value, "Email me at once, for each piece of work"),
        SelectChoice(SubmissionAlerts.DAILY.value, "One email a day with everything new"),
    ])
    email_reviews = BooleanField("Email me when my work is reviewed")
    email_reminders = BooleanField("Email me two days before a deadline for work I have not handed in")
