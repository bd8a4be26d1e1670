"""Every shipped catalog is complete and correct: each message the code marks is translated
in es, pt_BR and ar (every plural form), nothing is fuzzy, and each translation keeps the
English's placeholders and markup."""
from __future__ import annotations

import pytest

from tests.i18n.catalogs import TRANSLATED, catalog_path, extracted, placeholders, shipped, tags


def _msgids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _msgstrs(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_the_code_marks_words_for_translation():
    assert len(extracted()) > 500


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_marked_message_is_in_the_catalog_and_translated(language):
    catalog = shipped(language)
    missing, untranslated = [], []
    for (key, context), (path, line) in sorted(extracted().items(), key=lambda item: item[1]):
        message = catalog.get(key[0] if isinstance(key, tuple) else key, context=context)
        if message is None:
            missing.append(f"{path}:{line}: {key!r}")
        elif not all(_msgstrs(message)):
            untranslated.append(f"{path}:{line}: {key!r}")
    assert missing == [], f"{len(missing)} not in {catalog_path(language)} (run `make messages`):\n" + \
        "\n".join(missing[:50])
    assert untranslated == [], f"{len(untranslated)} untranslated in {language}:\n" + "\n".join(untranslated[:50])


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_entry_is_fuzzy(language):
    fuzzy = [message.id for message in shipped(language) if message.id and message.fuzzy]
    assert fuzzy == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders_and_markup(language):
    catalog = shipped(language)
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        english = _msgids(message)
        for index, text in enumerate(_msgstrs(message)):
            if not text:
                continue
            # Plural forms answer the singular (form 0) or the plural; a form may drop the
            # number ("one learner") but never invent or rename a placeholder.
            source = english[0] if index == 0 and len(english) > 1 and catalog.num_plurals > 1 else english[-1]
            expected, got = set(placeholders(source)) | set(placeholders(english[0])), set(placeholders(text))
            if not got <= expected or (len(english) == 1 and got != expected):
                wrong.append((message.id, text, "placeholders"))
            if tags(text) != tags(english[-1]):
                wrong.append((message.id, text, "markup"))
    assert wrong == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_plural_entries_have_every_form_of_the_language(language):
    catalog = shipped(language)
    short = [message.id for message in catalog
             if isinstance(message.id, tuple) and len(_msgstrs(message)) != catalog.num_plurals]
    assert short == []
