"""Names of any length and script stay inside their box on the certificate (pure: no database).

Each name is rendered to PDF and read back with ``pdftotext -bbox``: its words must be
there, between "This certifies that" and the statement, inside the body's width, and the
body must stay clear of the masthead and the footer (signature, facts, QR code).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from io import BytesIO

import pytest
from pypdf import PdfReader

from lms.certificates import fonts
from lms.certificates.document import INNER_WIDTH_MM, text_sizes
from tests.certificates.test_pdf import CODE, DOCUMENT, _fonts, _render

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")

MM = 72 / 25.4
FRAME_INSET_PT = 9 * MM + 2.2 + 16 * MM  # frame inset, its border, the body's side margin

# A sample of each script, repeated to the length wanted: (text, font key needed or None for DejaVu).
SCRIPTS = {
    "latin": ("Zoë Ångström-Łukasiewicz Çelik Dvořák Øystein ", None),
    "cyrillic": ("Александра Константиновна Верещагина ", None),
    "greek": ("Αικατερίνη Παπαδοπούλου Χατζηγεωργίου ", None),
    "arabic": ("محمد بن عبد الله الهاشمي القرشي ", "arabic-bold"),
    "devanagari": ("अनुराधा श्रीनिवासन चतुर्वेदी ", "devanagari-bold"),
    "cjk": ("山田太郎佐藤花子王小明", "cjk-bold"),
}
LENGTHS = (1, 12, 40, 120, 200)


def name_of(script: str, length: int) -> str:
    sample = SCRIPTS[script][0]
    text = (sample * (length // len(sample) + 1))[:length].strip()
    while unicodedata.combining(text[-1]) or unicodedata.category(text[-1]) == "Mn":
        text = text[:-1]  # do not end on a lone mark
    return text or sample[0]


def needs_font(script: str):
    key = SCRIPTS[script][1]
    if key is not None and fonts.system_font_path(key) is None:
        path = next(font.path for font in fonts.SYSTEM_FONTS if font.key == key)
        pytest.skip(f"{path} is missing (Debian: apt-get install fonts-noto-core fonts-noto-cjk): "
                    f"{script} names need it")


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def words_of(pdf: bytes) -> list[Word]:
    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return [Word(text, float(x0), float(y0), float(x1), float(y1))
            for x0, y0, x1, y1, text in _WORD.findall(out.decode())]


def _letters(text: str) -> Counter:
    return Counter(char for char in text if unicodedata.category(char).startswith("L"))


@lru_cache(maxsize=None)
def rendered(script: str, length: int, page_size: str = "A4") -> tuple[str, list[Word]]:
    name = name_of(script, length)
    return name, words_of(_render(replace(DOCUMENT, learner_name=name, page_size=page_size)))


def check_layout(name: str, words: list[Word], page_size: str) -> None:
    texts = [w.text for w in words]
    lead = texts.index("that")
    statement = texts.index("has", lead)
    name_words = words[lead + 1:statement]
    # Present: every letter (complex scripts reorder marks and RTL words when extracted).
    extracted = "".join(w.text for w in name_words)
    assert _letters(name) <= _letters(extracted), (name, extracted)
    if not re.search(r"[\u0600-\u06ff\u0900-\u097f]", name):
        assert extracted == "".join(name.split()), "the name, in order"
    # Inside its box: the body's width, between the lead and the statement.
    left = FRAME_INSET_PT
    right = left + INNER_WIDTH_MM[page_size] * MM
    for word in name_words:
        assert left - 1 <= word.x0 and word.x1 <= right + 1, (word, left, right)
        assert words[lead].middle < word.y0 and word.y1 < words[statement].middle, (word, words[lead], words[statement])
    # The body stays clear of the masthead above and the footer below.
    title = texts.index(CODE) + 1  # the masthead ends with the certificate number
    masthead_bottom = max(w.y1 for w in words[:title])
    footer = texts.index(DOCUMENT.skills[-1], statement) + 1  # the body ends with the last skill
    body_top, body_bottom = min(w.y0 for w in words[title:footer]), max(w.y1 for w in words[title:footer])
    footer_top, footer_bottom = min(w.y0 for w in words[footer:]), max(w.y1 for w in words[footer:])
    qr_top = footer_bottom - 24 * MM - 1  # the 24 mm QR code stands on the footer's baseline
    assert masthead_bottom < body_top
    assert body_bottom < min(footer_top, qr_top), "clear of the footer and its QR code"


@pytest.mark.parametrize("length", LENGTHS)
@pytest.mark.parametrize("script", list(SCRIPTS))
def test_a_name_of_any_length_and_script_stays_in_its_box(script, length):
    needs_font(script)
    name, words = rendered(script, length)
    assert len(name) >= min(length, 1)
    check_layout(name, words, "A4")


@pytest.mark.parametrize("script", ["latin", "cjk"])
def test_the_longest_names_fit_a_letter_page_too(script):
    needs_font(script)
    name, words = rendered(script, 200, "Letter")
    check_layout(name, words, "Letter")


@pytest.mark.parametrize("script, family", [("arabic", "Cert-Arabic"), ("devanagari", "Cert-Devanagari"),
                                            ("cjk", "Cert-CJK")])
def test_other_scripts_are_set_in_the_embedded_noto_fonts(script, family):
    needs_font(script)
    pdf = _render(replace(DOCUMENT, learner_name=name_of(script, 40)))
    embedded = {str(font["/BaseFont"]) for page in PdfReader(BytesIO(pdf)).pages for font in _fonts(page)}
    assert any(family in name for name in embedded), embedded


def test_without_the_noto_fonts_the_certificate_still_renders_every_name(monkeypatch):
    gone = tuple(replace(font, path=font.path.with_name("missing-" + font.path.name)) for font in fonts.SYSTEM_FONTS)
    monkeypatch.setattr(fonts, "SYSTEM_FONTS", gone)
    monkeypatch.setattr(fonts, "_BY_KEY", {font.key: font for font in gone})
    name = name_of("latin", 200)
    words = words_of(_render(replace(DOCUMENT, learner_name=name)))
    check_layout(name, words, "A4")


def test_a_longer_name_never_gets_a_larger_size():
    sizes = [text_sizes(replace(DOCUMENT, learner_name=name_of("latin", n)))["learner"].size_pt
             for n in range(1, 201, 7)]
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] == 30 and sizes[-1] >= 12
