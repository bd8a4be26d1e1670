"""Languages people speak, as BCP 47 tags (``en``, ``pt-BR``, ``zh-Hant``), with their names.

A tag is accepted when it is well formed (RFC 5646: language, optional script, optional
region, optional variants) and its language is one the Unicode CLDR names (two- and
three-letter codes: ``en``, ``fil``, ``yue``). Tags are
stored in their canonical case: ``pt-BR``, ``zh-Hant-TW``, ``sr-Latn``.
"""
from __future__ import annotations

import re

from babel import Locale

MAX_LANGUAGES = 10

_TAG = re.compile(r"^(?P<language>[a-z]{2,3})(?:-(?P<script>[a-z]{4}))?(?:-(?P<region>[a-z]{2}|\d{3}))?"
                  r"(?P<variants>(?:-(?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*)$")

# Names in English from the Unicode CLDR, through Babel (the interface language comes with issue 19).
_CLDR = Locale("en")


class InvalidLanguage(ValueError):
    pass


def canonical(tag: str) -> str:
    """The tag in canonical case (``pt-br`` -> ``pt-BR``); ``InvalidLanguage`` when it is not one we know."""
    text = str(tag).strip().replace("_", "-")
    match = _TAG.match(text.lower()) if len(text) <= 35 else None
    if match is None or match["language"] not in _CLDR.languages:
        raise InvalidLanguage(f"“{text[:40]}” is not a language code we know; use codes such as en, pt-BR or zh-Hant.")
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
        raise InvalidLanguage(f"List at most {MAX_LANGUAGES} languages.")
    return tags


def name(tag: str) -> str:
    """``pt-BR`` -> "Portuguese (Brazil)", ``zh-Hant`` -> "Chinese (Traditional)"; unknown tags as they are."""
    parts = str(tag).split("-")
    language = _CLDR.languages.get(parts[0].lower())
    if language is None:
        return str(tag)
    details = [_CLDR.scripts.get(part) or _CLDR.territories.get(part) or part for part in parts[1:]]
    return f"{language} ({', '.join(details)})" if details else language


def speaks(languages: list[str], wanted: str) -> bool:
    """Whether any of ``languages`` is ``wanted`` or a variant of it (``pt`` matches ``pt-BR``)."""
    wanted = wanted.lower()
    return any(tag.lower() == wanted or tag.lower().startswith(wanted + "-") for tag in languages or [])
