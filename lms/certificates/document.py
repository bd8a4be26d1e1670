"""The certificate as plain data, and its HTML (the input of the PDF renderer).

Pure: no database, and no Flask request needed. The HTML comes from a Jinja environment of
its own with autoescaping on, so a learner named ``<img src=...>`` is printed as those
characters. Its words go through gettext and its dates through ``lms.i18n.formatting``:
render it inside ``speaking_to(language=document.language)`` (``publishing`` does) to have
them in the certificate's language; outside an application they are English.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import segno
from babel import dates
from flask_babel import get_translations
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from lms.certificates.assets import asset_url
from lms.certificates.fonts import Fit, fit_text
from lms.i18n.formatting import format_day, format_list
from lms.i18n.languages import current_language, html_lang, text_direction

PAGE_SIZES = {"A4": "a4", "Letter": "letter"}
# The width inside the frame (certificate.css: --inner-width) per page size, in mm.
INNER_WIDTH_MM = {"A4": 247.0, "Letter": 229.4}
SERIF_BOLD, SANS = "DejaVuSerif-Bold.ttf", "DejaVuSans.ttf"
TEMPLATES = Path(__file__).parent / "templates" / "certificates" / "pdf"


@dataclass(frozen=True)
class CertificateDocument:
    organisation_name: str
    title: str
    statement: str
    learner_name: str
    track_title: str
    track_version: int
    cohort_name: str
    cohort_starts_on: date
    cohort_ends_on: date
    completed_on: date
    issued_on: date
    code: str  # grouped for display: 7K3M-9QXD-...
    verify_url: str
    signatory_name: str = ""
    signatory_title: str = ""
    skills: list[str] = field(default_factory=list)
    mentors: list[str] = field(default_factory=list)
    score: str | None = None
    page_size: str = "A4"
    # The language its words are in (lms.i18n.languages.LANGUAGES): sets lang and dir.
    language: str = "en"


def qr_svg(url: str) -> Markup:
    """The URL as a QR code in inline SVG (no fetch needed; sized by the stylesheet).

    Always with the same mask pattern: scoring all eight to pick the best took a
    twentieth of each render, and any reader reads every mask.
    """
    qr = segno.make(url, error="m", mask=0)
    return Markup(qr.svg_inline(scale=1, border=0, omitsize=True, dark="#1c2430"))


def long_date(value: date) -> str:
    """``28 May 2025`` (``28 de mayo de 2025``, ``28 مايو 2025``): in the language spoken now."""
    return format_day(value, long=True)


def date_range(start: date, end: date) -> str:
    """``1 March – 30 May 2025``: the year once when both days share it (CLDR intervals in
    the other languages: ``1 de marzo – 30 de mayo de 2025``)."""
    language = current_language()
    if language != "en":
        return dates.format_interval(start, end, "yMMMMd", locale=language)
    if start.year == end.year:
        return f"{start.day} {start:%B} – {long_date(end)}"
    return f"{long_date(start)} – {long_date(end)}"


def names(items: list[str], *, rtl: bool = False) -> str:
    """People's names in a line: ``Mia Mentor, Ben Byte`` in English (as it always read),
    ``Mia Mentor y Ben Byte`` in the other languages (CLDR lists)."""
    items = [_isolate(item, rtl=rtl) for item in items]
    return ", ".join(items) if current_language() == "en" else format_list(items)


# Unicode isolates: text of one direction inside a line of the other keeps its own order
# (a Latin name or a code on an Arabic certificate). Only on right-to-left certificates.
_ISOLATES = {"auto": ("\u2068", "\u2069"), "ltr": ("\u2066", "\u2069")}


def _isolate(text, direction: str = "auto", *, rtl: bool = False) -> str:
    if not rtl:
        return text
    start, end = _ISOLATES[direction]
    return f"{start}{text}{end}"


def text_sizes(document: CertificateDocument) -> dict[str, Fit]:
    """The font size of each text people typed, chosen so it fits its box on the page.

    The boxes' heights add up to what the body holds (certificate.css: --body-height)
    with every text at its longest, so a long name shrinks, then wraps, and never
    reaches the masthead, the footer or the QR code.
    """
    width = INNER_WIDTH_MM[document.page_size]
    cohort_line = f"{document.cohort_name} · {date_range(document.cohort_starts_on, document.cohort_ends_on)}"
    mentors = names(document.mentors)
    return {
        "issuer": fit_text(document.organisation_name, SERIF_BOLD, box_width_mm=width * 0.64 - 17, box_height_mm=12,
                           max_pt=14, min_pt=8, shrink_to_pt=10, letter_spacing_em=0.02),
        "title": fit_text(document.title, SERIF_BOLD, box_width_mm=width, box_height_mm=12, max_pt=25, min_pt=12,
                          shrink_to_pt=16, letter_spacing_em=0.14, upper=True),
        "learner": fit_text(document.learner_name, SERIF_BOLD, box_width_mm=width, box_height_mm=30, max_pt=30,
                            min_pt=12, shrink_to_pt=20),
        "statement": fit_text(document.statement, SANS, box_width_mm=185, box_height_mm=15, max_pt=11, min_pt=7,
                              line_height=1.35),
        "track": fit_text(document.track_title, SERIF_BOLD, box_width_mm=width, box_height_mm=14, max_pt=17,
                          min_pt=9, shrink_to_pt=13),
        "cohort": fit_text(cohort_line, SANS, box_width_mm=width, box_height_mm=9, max_pt=10, min_pt=6.5,
                           shrink_to_pt=8.5, line_height=1.35),
        "mentors": fit_text(f"MENTORS {mentors}", SANS, box_width_mm=width * 0.28, box_height_mm=8, max_pt=8.5,
                            min_pt=5.5, shrink_to_pt=7, line_height=1.35),
    }


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      extensions=["jinja2.ext.i18n"])
    # The application's catalogs in the language spoken now (English outside an application).
    env.install_gettext_callables(gettext=lambda s: get_translations().ugettext(s),
                                  ngettext=lambda s, p, n: get_translations().ungettext(s, p, n), newstyle=True)
    env.filters["long_date"] = long_date
    env.globals["names"] = names
    env.filters["isolate"] = _isolate
    env.globals["asset_url"] = asset_url
    env.globals["date_range"] = date_range
    return env


def render_html(document: CertificateDocument) -> str:
    """The certificate page as an HTML document, with its PDF metadata in ``<head>``;
    ``lms.certificates.pdf`` renders it with the certificate stylesheet."""
    if document.page_size not in PAGE_SIZES:
        raise ValueError(f"CERTIFICATE_PAGE_SIZE must be one of {', '.join(PAGE_SIZES)}")
    return _environment().get_template("certificate.html").render(
        doc=document, page_class=PAGE_SIZES[document.page_size], qr=qr_svg(document.verify_url),
        size=text_sizes(document), lang=html_lang(document.language), dir=text_direction(document.language),
        rtl=text_direction(document.language) == "rtl")
