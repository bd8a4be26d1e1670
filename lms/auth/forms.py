"""Account forms."""
from __future__ import annotations

from functools import lru_cache
from zoneinfo import available_timezones

from flask import current_app
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
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from lms.auth.emails import EmailAddress
from lms.text import single_line


@lru_cache(maxsize=1)
def timezone_choices() -> list[SelectChoice]:
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    return [SelectChoice("UTC", "UTC")] + [SelectChoice(z, z.replace("_", " ")) for z in zones]


def _min_password_length(form, field) -> None:
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(field.data or "") < minimum:
        raise ValidationError(f"Use at least {minimum} characters.")


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired()])
    remember = BooleanField("Keep me signed in on this device")


class NewPasswordMixin:
    new_password = PasswordField("New password", validators=[DataRequired(), _min_password_length])
    confirm = PasswordField("Repeat the new password",
                            validators=[DataRequired(), EqualTo("new_password", "The passwords do not match.")])


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])


class SetPasswordForm(NewPasswordMixin, FlaskForm):
    """Used by invitation and reset links."""


class EmailForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), EmailAddress(), Length(max=254)])


class RegistrationForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), EmailAddress(), Length(max=254)])
    name = StringField("Display name", validators=[DataRequired(), Length(max=120)], filters=[single_line])
    new_password = PasswordField("Password", validators=[DataRequired(), _min_password_length])
    confirm = PasswordField("Repeat the password",
                            validators=[DataRequired(), EqualTo("new_password", "The passwords do not match.")])


class UserCreateForm(FlaskForm):
    """Admins add people; the invitation lets them choose their own password."""

    email = EmailField("Email", validators=[DataRequired(), EmailAddress(), Length(max=254)])
    name = StringField("Name", validators=[DataRequired(), Length(max=120)], filters=[single_line])
    is_admin = BooleanField("Administrator (manages tracks, cohorts and accounts)")
    send_invitation = BooleanField("Email an invitation now", default=True)


class UserFilterForm(Form):
    """The search box and filters above the user list (a GET form: no CSRF token)."""

    q = SearchField("Search", validators=[Optional(), Length(max=254)])
    status = SelectField("Status", default="all", validators=[Optional()], choices=[
        SelectChoice("all", "All"), SelectChoice("active", "Active"),
        SelectChoice("invited", "Invited, no password yet"), SelectChoice("deactivated", "Deactivated")])
    role = SelectField("Role", default="all", validators=[Optional()],
                       choices=[SelectChoice("all", "Everyone"), SelectChoice("admin", "Admins")])
