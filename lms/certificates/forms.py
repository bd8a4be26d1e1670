"""Certificate forms."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from lms.certificates.models import CertificateStatus


class VerifyForm(FlaskForm):
    """Typing a code changes nothing, so the form is a GET without a CSRF token."""

    class Meta:
        csrf = False

    code = StringField("Verification code", validators=[DataRequired(), Length(max=80)],
                       description="The code printed on the certificate, e.g. 7K3M-9QXD-… "
                                   "(case and dashes do not matter).")


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    cohort = SelectField("Cohort", coerce=lambda v: int(v) if v not in (None, "", "None") else None,
                         validators=[Optional()])
    status = SelectField("Status", choices=[SelectChoice("", "Any status")] + [
        SelectChoice(s.value, s.value.replace("_", " ").capitalize()) for s in CertificateStatus],
        validators=[Optional()])


class RevokeForm(FlaskForm):
    reason = TextAreaField("Reason", validators=[DataRequired(), Length(max=1000)],
                           description="Kept in the audit log. The public verification page shows only "
                                       "that the certificate was revoked, and when.")


class CohortSettingsForm(FlaskForm):
    requires_approval = BooleanField("An admin approves each certificate before it is issued")


class IssueOverrideForm(FlaskForm):
    """Issuing to a learner who has not completed the track: the reason is required (checked by the service)."""
    reason = TextAreaField("Reason for issuing without completion", validators=[Optional(), Length(max=1000)],
                           description="Kept in the certificate's history and the audit log.")
