"""The moderation and report forms. Services check the content; these check the shape."""
from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from lms.community.moderation import REASON_MAX
from lms.community.reports import REASON_MAX as REPORT_REASON_MAX
from lms.text import single_line

_VERSION = [Optional(), Regexp(r"^\d{1,9}$", message=lazy_gettext("Reload the page and try again."))]


def _optional_int(value):
    try:
        return int(value) if value not in (None, "", "None") else None
    except (TypeError, ValueError):
        return -1  # not a choice: the field says so


class ModerationForm(FlaskForm):
    """A button acting on a topic or post as the moderator saw it; ``next`` is where to go back."""

    version = HiddenField(validators=_VERSION)
    next = HiddenField(validators=[Optional(), Length(max=500)])

    def based_on(self) -> int | None:
        return int(self.version.data) if self.version.data else None


class HideForm(ModerationForm):
    reason = TextAreaField(lazy_gettext("Why hide it?"), filters=[single_line],
                           validators=[DataRequired(lazy_gettext("Say why: the reason is shown to the other "
                                                                 "moderators.")), Length(max=REASON_MAX)],
                           description=lazy_gettext("Moderators see the reason; members see that a moderator hid it."))


class MoveForm(ModerationForm):
    space_id = SelectField(lazy_gettext("Move to"), coerce=_optional_int,
                           validators=[DataRequired(lazy_gettext("Choose a space."))])

    def __init__(self, *args, spaces=(), labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.space_id.choices = [("", lazy_gettext("— choose —"))] + [(s.id, labels(s)) for s in spaces]


class ReportForm(FlaskForm):
    reason = TextAreaField(lazy_gettext("What is wrong with this post?"), filters=[single_line],
                           validators=[DataRequired(lazy_gettext("Say what is wrong with the post: "
                                                                 "moderators read it first.")),
                                       Length(max=REPORT_REASON_MAX)],
                           description=lazy_gettext("Only the moderators of the space see your report and your name."))
    next = HiddenField(validators=[Optional(), Length(max=500)])
