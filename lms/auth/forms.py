"""Account forms."""
from __future__ import annotations

import json
from datetime import date
from functools import lru_cache

from flask import current_app
from flask_babel import gettext, lazy_gettext, ngettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    Form,
    PasswordField,
    SearchField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from lms.auth.emails import EmailAddress
from lms.i18n.languages import current_language
from lms.text import single_line
from lms.timezones import is_known_zone, region_label, zone_groups, zone_links


@lru_cache(maxsize=1)
def _links_json() -> str:
    return json.dumps(zone_links(), separators=(",", ":"), sort_keys=True)


def _zone_choices(on: date) -> list[SelectChoice]:
    """The zones grouped by region, both named in the reader's language."""
    return [SelectChoice(name, label, optgroup=region_label(region))
            for region, zones in zone_groups(on, current_language()).items() for name, label in zones]


class TimeZoneField(SelectField):
    """A time-zone picker: the canonical zones grouped by region with today's offsets
    (``lms.timezones.zone_groups``). A zone the person already has that is not listed (an old
    alias such as US/Eastern) stays selectable, so saving the form again keeps it.

    The page's script preselects the browser's zone while the field still shows its default
    (``data-browser-zone``): a new person sees their own zone without looking for it."""

    def __init__(self, label=None, validators=None, **kwargs):
        # The script's button text, in the reader's language (%(zone)s: the zone, filled in by the script).
        render_kw = {"data-browser-zone": "", "data-zone-links": _links_json(),
                     "data-browser-zone-text": lazy_gettext("Use this device's time zone: %(zone)s"),
                     **(kwargs.pop("render_kw", None) or {})}
        super().__init__(label, validators, choices=_zone_choices(date.today()), render_kw=render_kw, **kwargs)

    def process(self, formdata, data=unset_value, extra_filters=None) -> None:
        super().process(formdata, data, extra_filters)
        self.data = zone_links().get(self.data, self.data)   # an old name is saved as today's
        if self.data and is_known_zone(self.data) and self.data not in {c.value for c in self.choices}:
            self.choices = [*self.choices, SelectChoice(self.data, self.data.replace("_", " "),
                                                         optgroup=region_label("Other"))]

    def pre_validate(self, form) -> None:
        if not is_known_zone(self.data):
            raise ValidationError(gettext("Choose a time zone from the list."))


PASSWORDS_DIFFER = lazy_gettext("The passwords do not match.")


def _min_password_length(form, field) -> None:
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(field.data or "") < minimum:
        raise ValidationError(ngettext("Use at least %(num)d character.", "Use at least %(num)d characters.", minimum))


class LoginForm(FlaskForm):
    email = EmailField(lazy_gettext("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(lazy_gettext("Password"), validators=[DataRequired()])
    remember = BooleanField(lazy_gettext("Keep me signed in on this device"))


class NewPasswordMixin:
    new_password = PasswordField(lazy_gettext("New password"), validators=[DataRequired(), _min_password_length])
    confirm = PasswordField(lazy_gettext("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("new_password", PASSWORDS_DIFFER)])


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField(lazy_gettext("Current password"), validators=[DataRequired()])


class SetPasswordForm(NewPasswordMixin, FlaskForm):
    """Used by invitation and reset links."""


class EmailForm(FlaskForm):
    email = EmailField(lazy_gettext("Email"), validators=[DataRequired(), EmailAddress(), Length(max=254)])


class RegistrationForm(FlaskForm):
    email = EmailField(lazy_gettext("Email"), validators=[DataRequired(), EmailAddress(), Length(max=254)])
    name = StringField(lazy_gettext("Display name"), validators=[DataRequired(), Length(max=120)],
                       filters=[single_line])
    new_password = PasswordField(lazy_gettext("Password"), validators=[DataRequired(), _min_password_length])
    confirm = PasswordField(lazy_gettext("Repeat the password"),
                            validators=[DataRequired(), EqualTo("new_password", PASSWORDS_DIFFER)])


class UserCreateForm(FlaskForm):
    """Admins add people; the invitation lets them choose their own password."""

    email = EmailField(lazy_gettext("Email"), validators=[DataRequired(), EmailAddress(), Length(max=254)])
    name = StringField(lazy_gettext("Name"), validators=[DataRequired(), Length(max=120)], filters=[single_line])
    is_admin = BooleanField(lazy_gettext("Administrator (manages tracks, cohorts and accounts)"))
    send_invitation = BooleanField(lazy_gettext("Email an invitation now"), default=True)


class UserFilterForm(Form):
    """The search box and filters above the user list (a GET form: no CSRF token)."""

    q = SearchField(lazy_gettext("Search"), validators=[Optional(), Length(max=254)])
    status = SelectField(lazy_gettext("Status"), default="all", validators=[Optional()], choices=[
        SelectChoice("all", lazy_gettext("All")), SelectChoice("active", lazy_gettext("Active")),
        SelectChoice("invited", lazy_gettext("Invited, no password yet")),
        SelectChoice("deactivated", lazy_gettext("Deactivated"))])
    role = SelectField(lazy_gettext("Role"), default="all", validators=[Optional()],
                       choices=[SelectChoice("all", lazy_gettext("Everyone")),
                                SelectChoice("admin", lazy_gettext("Admins"))])
