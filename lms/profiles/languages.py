"""Languages people speak, as BCP 47 tags (``en``, ``pt-BR``, ``zh-Hant``), with their names.

A tag is accepted when it is well formed (RFC 5646: language, optional script, optional
region, optional variants) and its language is one the Unicode CLDR names (two- and
three-letter codes: ``en``, ``fil``, ``yue``). Tags are
stored in their canonical case: ``pt-BR``, ``zh-Hant-TW``, ``sr-Latn``.
"""
from __future__ import annotations

import re

from babel import Locale
from flask_babel import get_locale, gettext, ngettext

MAX_LANGUAGES = 10

_TAG = re.compile(r"^(?P<language>[a-z]{2,3})(?:-(?P<script>[a-z]{4}))?(?:-(?P<region>[a-z]{2}|\d{3}))?"
                  r"(?P<variants>(?:-(?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*)$")

# Codes are checked against the Unicode CLDR's list (the same in every language); names are
# written in the reader's language (``name``).
_CLDR = Locale("en")


def _reader_locale() -> Locale:
    return get_locale() or _CLDR


class InvalidLanguage(ValueError):
    pass


def canonical(tag: str) -> str:
    """The tag in canonical case (``pt-br`` -> ``pt-BR``); ``InvalidLanguage`` when it is not one we know."""
    text = str(tag).strip().replace("_", "-")
    match = _TAG.match(text.lower()) if len(text) <= 35 else None
    if match is None or match["language"] not in _CLDR.languages:
        raise InvalidLanguage(gettext("“%(code)s” is not a language code we know; use codes such as en, pt-BR or "
                                      "zh-Hant.", code=text[:40]))
    parts = [match["language"]]
    if match["script"]:
        parts.append(match["script"].title())
    if match["region"]:
        parts.append(match["region"].upper())
    parts.extend(variant for variant in match["variants"].split("-") if variant)
    return "-".join(parts)


def parse_list(text: str) -> list[str]:
    """Comma- or space-separated tags -> canonical tags without duplicates, in the order given."""
    tags: list[str] = []
    for piece in re.split(r"[\s,;]+", text or ""):
        if piece and (tag := canonical(piece)) not in tags:
            tags.append(tag)
    if len(tags) > MAX_LANGUAGES:
        raise InvalidLanguage(ngettext("List at most %(num)d language.", "List at most %(num)d languages.",
                                       MAX_LANGUAGES))
    return tags


def name(tag: str) -> str:
    """``pt-BR`` -> "Portuguese (Brazil)", ``zh-Hant`` -> "Chinese (Traditional)" in the reader's language
    ("portugués (Brasil)" in Spanish); unknown tags as they are."""
    parts = str(tag).split("-")
    reader = _reader_locale()
    language = reader.languages.get(parts[0].lower())
    if language is None:
        return str(tag)
    details = [reader.scripts.get(part) or reader.territories.get(part) or part for part in parts[1:]]
    return f"{language} ({', '.join(details)})" if details else language


def speaks(languages: list[str], wanted: str) -> bool:
    """Whether any of ``languages`` is ``wanted`` or a variant of it (``pt`` matches ``pt-BR``)."""
    wanted = wanted.lower()
    return any(tag.lower() == wanted or tag.lower().startswith(wanted + "-") for tag in languages or [])
