"""Words and numbers in templates come from the reader's kept translations (lms.i18n.current)
and remembered CLDR formats: as fast as a lookup, never in the wrong language."""
from __future__ import annotations

from decimal import Decimal

from flask import render_template_string
from flask_babel import force_locale, refresh

from lms.i18n.formatting import format_number, format_percent
from lms.i18n.recipients import speaking_to
from tests.factories.auth import make_user


def test_a_page_full_of_words_follows_every_change_of_language_within_one_request(app):
    template = '{% for i in range(3) %}{{ _("Queue") }} {% endfor %}'
    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert render_template_string(template) == "Bandeja " * 3
        with force_locale("en"):
            assert render_template_string(template) == "Queue " * 3
        assert render_template_string(template) == "Bandeja " * 3
        with speaking_to(make_user(language="pt_BR")):
            assert "Bandeja" not in render_template_string(template)
        refresh()
        assert render_template_string(template) == "Bandeja " * 3


def test_placeholders_may_be_named_like_the_functions_own_arguments(app):
    with app.test_request_context():
        assert render_template_string('{{ _("%(message)s and %(context)s", message="a", context="b") }}') == "a and b"
        assert render_template_string(
            "{% trans count=2 %}{{ count }} day{% pluralize %}{{ count }} days{% endtrans %}") == "2 days"
        assert render_template_string('{{ ngettext("%(num)d day", "%(num)d days", 1) }}') == "1 day"
        assert render_template_string(
            '{{ pgettext("abbreviation of: credited from an earlier cohort", "cr") }}') == "cr"
        assert render_template_string(
            '{{ npgettext("a test", "%(num)d thing of %(count)s", "%(num)d things of %(count)s", 3, count=4) }}'
        ) == "3 things of 4"


def test_values_are_escaped_in_pages_and_left_alone_in_plain_text(app):
    with app.test_request_context():
        assert render_template_string('{{ _("Hello %(name)s", name="<b>O\'Brien</b>") }}') == \
            "Hello &lt;b&gt;O&#39;Brien&lt;/b&gt;"
        assert app.jinja_env.from_string('{% autoescape false %}{{ _("Hello %(name)s", name="O\'Brien & co") }}'
                                          '{% endautoescape %}').render() == "Hello O'Brien & co"
        assert render_template_string('{{ _("100%% done") }}') == "100% done"


def test_remembered_numbers_are_per_language_and_per_type(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert format_number(1234.5) == "1,234.5"
        assert format_number(2) == "2" and format_number(Decimal("2.50"), 2) == "2.50"
        assert format_percent(0.42) == "42%"
        with speaking_to(language="es"):
            assert format_number(1234.5) == "1.234,5"
            assert format_percent(0.42) == "42\xa0%"
        assert format_number(1234.5) == "1,234.5"
