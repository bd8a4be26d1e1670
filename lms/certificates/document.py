"""The certificate as plain data, and its HTML (the input of the PDF renderer).

Pure: no database, no Flask. The HTML comes from a Jinja environment of its own with
autoescaping on, so a learner named ``<img src=...>`` is printed as those characters.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import segno
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from lms.certificates.assets import asset_url

PAGE_SIZES = {"A4": "a4", "Letter": "letter"}
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


def qr_svg(url: str) -> Markup:
    """The URL as a QR code in inline SVG (no fetch needed; sized by the stylesheet)."""
    qr = segno.make(url, error="m")
    return Markup(qr.svg_inline(scale=1, border=0, omitsize=True, dark="#1c2430"))


def long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def date_range(start: date, end: date) -> str:
    if start.year == end.year:
        return f"{start.day} {start:%B} – {long_date(end)}"
    return f"{long_date(start)} – {long_date(end)}"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["long_date"] = long_date
    env.globals["asset_url"] = asset_url
    env.globals["date_range"] = date_range
    return env


def render_html(document: CertificateDocument) -> str:
    """The certificate page as an HTML document, with its PDF metadata in ``<head>``."""
    if document.page_size not in PAGE_SIZES:
        raise ValueError(f"CERTIFICATE_PAGE_SIZE must be one of {', '.join(PAGE_SIZES)}")
    return _environment().get_template("certificate.html").render(
        doc=document, page_class=PAGE_SIZES[document.page_size], qr=qr_svg(document.verify_url))
