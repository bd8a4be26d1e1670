"""The reader's locale and translations, looked up once per language instead of once per word.

Flask-Babel finds them anew for every message (nine context-local lookups, ~8 µs): a page
of 50 learners by 40 lessons asks for thousands of words, which made translating a large
share of its time. Here the answer is kept on the application context beside Flask-Babel's
own state and reused for as long as Flask-Babel's locale is the same object: ``refresh()``
(``speaking_to``, a profile's new language) and ``force_locale`` replace or clear that object,
so the next word is looked up again and is never in the wrong language.
"""
from __future__ import annotations

import flask_babel
from flask.globals import _cv_app
from jinja2 import pass_eval_context
from markupsafe import Markup

_KEPT = "_lms_reader_language"


def _babel_locale(g):
    """Flask-Babel's locale object of this context, or None while it has none yet."""
    babel_state = g.__dict__.get("_flask_babel")
    return getattr(babel_state, "babel_locale", None) if babel_state is not None else None


def translations():
    """The gettext translations of the reader (or of ``speaking_to``'s recipient)."""
    context = _cv_app.get(None)
    if context is None:
        return flask_babel.get_translations()
    kept = context.g.__dict__.get(_KEPT)
    if kept is not None and kept[0] is _babel_locale(context.g) is not None:
        return kept[1]
    found = flask_babel.get_translations()
    setattr(context.g, _KEPT, (flask_babel.get_locale(), found))
    return found


def locale():
    """The reader's ``babel.Locale`` (``None`` outside an application context)."""
    context = _cv_app.get(None)
    return (context is not None and _babel_locale(context.g)) or flask_babel.get_locale()


def install_template_callables(app) -> None:
    """``_``, ``gettext``, ``ngettext``, ``pgettext`` and ``npgettext`` in templates with Jinja's
    new-style rules (placeholders by name, always formatted, escaped where the template is), but
    one call each through the kept translations instead of Jinja's three. Their own arguments
    are positional-only so that any placeholder name (``count``, ``message``...) can be passed."""
    app.jinja_env.newstyle_gettext = True  # {% trans %} blocks pass their placeholders by name
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext,
                                 pgettext=_template_pgettext, npgettext=_template_npgettext)


def _formatted(eval_context, text: str, variables: dict):
    text = Markup(text) if eval_context.autoescape else text
    return text % variables if variables or "%" in text else text


@pass_eval_context
def _template_gettext(eval_context, message: str, /, **variables):
    return _formatted(eval_context, translations().ugettext(message), variables)


@pass_eval_context
def _template_ngettext(eval_context, singular: str, plural: str, number: int, /, **variables):
    variables.setdefault("num", number)
    return _formatted(eval_context, translations().ungettext(singular, plural, number), variables)


@pass_eval_context
def _template_pgettext(eval_context, message_context: str, message: str, /, **variables):
    variables.setdefault("context", message_context)
    return _formatted(eval_context, translations().upgettext(message_context, message), variables)


@pass_eval_context
def _template_npgettext(eval_context, message_context: str, singular: str, plural: str, number: int, /,
                        **variables):
    variables.setdefault("context", message_context)
    variables.setdefault("num", number)
    return _formatted(eval_context, translations().unpgettext(message_context, singular, plural, number),
                      variables)
