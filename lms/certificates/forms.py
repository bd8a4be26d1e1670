"""Certificate forms."""
from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from lms.certificates.models import CertificateStatus
from lms.i18n.languages import LANGUAGES

STATUS_LABELS = {
    CertificateStatus.PENDING_APPROVAL: lazy_gettext("Pending approval"),
    CertificateStatus.ISSUED: lazy_gettext("Issued"),
    CertificateStatus.REVOKED: lazy_gettext("Revoked"),
}


class VerifyForm(FlaskForm):
    """Typing a code changes nothing, so the form is a GET without a CSRF token."""

    class Meta:
        csrf = False

    code = StringField(lazy_gettext("Verification code"), validators=[DataRequired(), Length(max=80)],
                       description=lazy_gettext("The code printed on the certificate, e.g. 7K3M-9QXD-… "
                                                "(case and dashes do not matter)."))


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    cohort = SelectField(lazy_gettext("Cohort"), coerce=lambda v: int(v) if v not in (None, "", "None") else None,
                         validators=[Optional()])
    status = SelectField(lazy_gettext("Status"), choices=[SelectChoice("", lazy_gettext("Any status"))] + [
        SelectChoice(s.value, STATUS_LABELS[s]) for s in CertificateStatus],
        validators=[Optional()])


class RevokeForm(FlaskForm):
    reason = TextAreaField(lazy_gettext("Reason"), validators=[DataRequired(), Length(max=1000)],
                           description=lazy_gettext("Kept in the audit log. The public verification page shows "
                                                    "only that the certificate was revoked, and when."))


def _language_choices() -> list[SelectChoice]:
    # Each language in its own name (as the footer's switch offers them).
    return [SelectChoice("", lazy_gettext("Each learner's own language"))] + [
        SelectChoice(code, name) for code, name in LANGUAGES.items()]


class CohortSettingsForm(FlaskForm):
    requires_approval = BooleanField(lazy_gettext("An admin approves each certificate before it is issued"))
    language = SelectField(lazy_gettext("Language of the certificates"), choices=_language_choices(),
                           validators=[Optional()],
                           description=lazy_gettext("The PDF and the Open Badge are written in this language. "
                                                    "Certificates already issued keep theirs."))


class IssueOverrideForm(FlaskForm):
    """Issuing to a learner who has not completed the track: the reason is required (checked by the service)."""
    reason = TextAreaField(lazy_gettext("Reason for issuing without completion"),
                           validators=[Optional(), Length(max=1000)],
                           description=lazy_gettext("Kept in the certificate's history and the audit log."))
