"""The interface languages we ship, and what a page needs to know about each (tag, direction)."""
from __future__ import annotations

from babel import Locale
from flask_babel import get_locale

DEFAULT_LANGUAGE = "en"

# Locale identifiers as Babel and the catalogs spell them, with each language's own name
# (a reader looks for their language written in it).
LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "pt_BR": "Português (Brasil)",
    "ar": "العربية",
}


def supported(identifier: str | None) -> str | None:
    """The shipped language for ``identifier`` (``pt-BR``, ``pt_br``, ``es-MX`` -> ``es``), or None."""
    if not identifier:
        return None
    text = str(identifier).strip().replace("-", "_")
    by_lower = {code.lower(): code for code in LANGUAGES}
    if text.lower() in by_lower:
        return by_lower[text.lower()]
    language = text.split("_", 1)[0].lower()
    if language == "pt":
        return "pt_BR"
    return by_lower.get(language)


def current_language() -> str:
    locale = get_locale()
    return supported(str(locale)) or DEFAULT_LANGUAGE if locale else DEFAULT_LANGUAGE


def html_lang(identifier: str | None = None) -> str:
    """A BCP 47 tag for ``lang=""``: ``pt-BR``."""
    return (identifier or current_language()).replace("_", "-")


def text_direction(identifier: str | None = None) -> str:
    """``rtl`` or ``ltr``, from the Unicode CLDR."""
    return Locale.parse(identifier or current_language()).text_direction
