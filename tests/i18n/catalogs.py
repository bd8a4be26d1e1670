"""The shipped catalogs, and what a fresh extraction of the code finds, for the catalog tests."""
from __future__ import annotations

import re
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from lms.i18n.languages import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "lms" / "translations"
TRANSLATED = tuple(code for code in LANGUAGES if code != "en")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "lazy_gettext": None, "_l": None, "lazy_ngettext": (1, 2), "lazy_pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")
TAG = re.compile(r"</?([a-zA-Z][\w-]*)")


def catalog_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=None)
def shipped(language: str) -> Catalog:
    with catalog_path(language).open("rb") as handle:
        return read_po(handle, locale=language)


@lru_cache(maxsize=1)
def extracted() -> dict[tuple[object, str | None], tuple[str, int]]:
    """Every marked message in the code: ``{(msgid (a tuple for plurals), context): (file, line)}``."""
    with (TRANSLATIONS / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[object, tuple[str, int]] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(ROOT / "lms"), method_map, options_map, keywords=KEYWORDS):
        if message:
            found.setdefault((message, context), (f"lms/{filename}", lineno))
    return found


def placeholders(text: str) -> list[str]:
    """The %-placeholders of a message, sorted (named ones by name; ``%%`` ignored)."""
    return sorted(match.group(0) if match.group(1) is None else match.group(1)
                  for match in PLACEHOLDER.finditer(text) if match.group(0) != "%%")


def tags(text: str) -> list[str]:
    return sorted(TAG.findall(text))


def compiled(language: str) -> bytes:
    from babel.messages.mofile import write_mo

    buffer = BytesIO()
    write_mo(buffer, shipped(language))
    return buffer.getvalue()
