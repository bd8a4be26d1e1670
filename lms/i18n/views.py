"""The language switch in every page's footer."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, redirect, request, session, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.fields.choices import SelectChoice

from lms.extensions import db
from lms.i18n.languages import LANGUAGES, current_language
from lms.i18n.selection import SESSION_KEY
from lms.web import local_path

bp = Blueprint("i18n", __name__, template_folder="templates")


class LanguageForm(FlaskForm):
    language = SelectField(choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()])
    next = HiddenField()


@bp.post("/language")
def choose():
    """Anyone may choose: a signed-in person's profile keeps it, others' session does."""
    form = LanguageForm()
    target = local_path(form.next.data) or url_for("web.index")
    if form.validate():
        session[SESSION_KEY] = form.language.data
        if current_user.is_authenticated and current_user.language != form.language.data:
            current_user.language = form.language.data
            db.session.commit()
    return redirect(target, 303)


@dataclass(frozen=True)
class LanguageSwitch:
    """What the footer's form shows: the current language, and the page to come back to.
    Plain values, not a ``LanguageForm``: every page shows the form, and building WTForms
    fields for it cost ~0.7 ms of each page; ``choose`` validates what is posted."""
    language: str
    next: str


def language_switch() -> LanguageSwitch:
    return LanguageSwitch(language=current_language(), next=request.full_path.rstrip("?"))
