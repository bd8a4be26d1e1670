"""The form that makes a token: a name, its scopes and how long it lasts."""
from __future__ import annotations

from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from lms.api.scopes import SCOPES

LIFETIMES = [SelectChoice("7", lazy_gettext("7 days")), SelectChoice("30", lazy_gettext("30 days")),
             SelectChoice("90", lazy_gettext("90 days")), SelectChoice("365", lazy_gettext("1 year"))]

# The areas as the token form names them (the OpenAPI document keeps lms.api.scopes' English).
AREA_LABELS = {
    "tracks": lazy_gettext("Skill tracks and their lessons"),
    "cohorts": lazy_gettext("Cohorts (admins create and change them)"),
    "enrolments": lazy_gettext("Who is in which cohort"),
    "progress": lazy_gettext("Progress per enrolment"),
    "submissions": lazy_gettext("Hand-ins and their files"),
    "reviews": lazy_gettext("Mentors' reviews of hand-ins"),
    "mentoring": lazy_gettext("Mentoring relationships"),
    "goals": lazy_gettext("Development-plan goals"),
    "asks": lazy_gettext("Asks to mentors and their threads"),
    "sessions": lazy_gettext("One-to-one sessions and workshops"),
    "certificates": lazy_gettext("Certificates and completion records"),
    "users": lazy_gettext("People's accounts (admins)"),
}


def scope_label(scope: str) -> str:
    area, level = scope.split(":")
    if level == "write":
        return gettext("%(area)s (change)", area=AREA_LABELS[area])
    return gettext("%(area)s (read)", area=AREA_LABELS[area])


class TokenForm(FlaskForm):
    name = StringField(lazy_gettext("Name"),
                       validators=[DataRequired(message=lazy_gettext("Give the token a name.")), Length(max=120)],
                       description=lazy_gettext("What will use it, e.g. “HR sync” or “my weekly report script”."))
    scopes = SelectMultipleField(lazy_gettext("Scopes"), widget=ListWidget(prefix_label=False),
                                 option_widget=CheckboxInput(),
                                 validators=[DataRequired(message=lazy_gettext("Choose at least one scope."))],
                                 description=lazy_gettext("Write includes read. A token never does more than its "
                                                          "person may."))
    lifetime = SelectField(lazy_gettext("Expires after"), choices=LIFETIMES, default="90")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scopes.choices = [SelectChoice(scope, scope_label(scope)) for scope in SCOPES]
