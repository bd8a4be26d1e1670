"""The form that makes a token: a name, its scopes and how long it lasts."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from lms.api.scopes import describe

LIFETIMES = [SelectChoice("7", "7 days"), SelectChoice("30", "30 days"), SelectChoice("90", "90 days"),
             SelectChoice("365", "1 year")]


class TokenForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(message="Give the token a name."), Length(max=120)],
                       description="What will use it, e.g. “HR sync” or “my weekly report script”.")
    scopes = SelectMultipleField("Scopes", widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
                                 choices=[SelectChoice(scope, text) for scope, text in describe().items()],
                                 validators=[DataRequired(message="Choose at least one scope.")],
                                 description="Write includes read. A token never does more than its person may.")
    lifetime = SelectField("Expires after", choices=LIFETIMES, default="90")
