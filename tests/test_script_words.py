"""Scripts have no catalog: pages hand them their words, in the reader's language, through data-*
attributes (people-picker.js's from ``people_picker_words()``, every plural form of the language)."""
from __future__ import annotations

import html
import json
import re

from flask import render_template_string
from flask_babel import refresh

PAGE = '{% from "_macros.html" import people_picker_words %}<form data-people-search="/x" {{ people_picker_words() }}>'


def _words(app, language: str) -> dict[str, str]:
    with app.test_request_context(headers={"Accept-Language": language}):
        refresh()
        form = render_template_string(PAGE)
    return {name: html.unescape(value) for name, value in re.findall(r'(data-text-[\w-]+)="([^"]*)"', form)}


def test_the_people_picker_gets_its_words_in_english_by_default(app):
    words = _words(app, "en")
    assert words["data-text-short"] == "Type at least 2 characters."
    assert words["data-text-none"] == "Nobody found for “{query}”."
    assert words["data-text-remove"] == "Remove {name}"
    assert json.loads(words["data-text-found"]) == {"one": "{num} found.", "other": "{num} found."}


def test_arabic_gets_all_six_plural_forms_keyed_as_the_browser_names_them(app):
    words = _words(app, "ar")
    found = json.loads(words["data-text-found"])
    assert set(found) == {"zero", "one", "two", "few", "many", "other"}
    assert found["two"] == "عُثر على شخصين." and found["few"] == "عُثر على {num} أشخاص."
    assert words["data-text-short"] == "اكتب حرفين على الأقل."


def test_spanish_words_and_plural_forms(app):
    words = _words(app, "es")
    assert json.loads(words["data-text-found"]) == {"one": "{num} encontrado.", "many": "{num} encontrados.",
                                                    "other": "{num} encontrados."}
    assert words["data-text-none"] == "No se encontró a nadie para «{query}»."
