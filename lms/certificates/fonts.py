"""The certificate's fonts: DejaVu from the package, Noto from the system for other scripts.

DejaVu (packaged in ``static/fonts``) covers Latin, Greek and Cyrillic. Arabic,
Devanagari and CJK text needs Noto, which Debian packages (``fonts-noto-core``,
``fonts-noto-cjk``): each is referenced by its path below. A font that is not installed
is left out of the stylesheet (and logged once), and the renderer falls back to what the
system has (boxes at worst); the layout never depends on it. Pure: no Flask, no database.

Arabic (names, and whole certificates in Arabic) is set in Noto Naskh Arabic (serif
texts) and Noto Sans Arabic (sans texts), even where DejaVu Sans has Arabic letters: the
Arabic faces come first in both font stacks, limited by ``unicode-range`` to the Arabic
blocks, so Latin words beside them stay in DejaVu.
"""
from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

PACKAGED = Path(__file__).parent / "static" / "fonts"
PACKAGED_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf",
                  "DejaVuSerif-Italic.ttf")
NOTO = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
DEBIAN_PACKAGES = "fonts-noto-core fonts-noto-cjk"
# The Arabic blocks (letters, supplement, extended-A, presentation forms A and B).
ARABIC_RANGES = ("U+0600-06FF", "U+0750-077F", "U+0870-08FF", "U+FB50-FDFF", "U+FE70-FEFF")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SystemFont:
    key: str        # its asset URL is lms-asset:system-fonts/<key>
    family: str     # the CSS family the stylesheet lists after DejaVu
    bold: bool
    path: Path
    # Code points it sets (CSS ``unicode-range``); empty: whatever it has glyphs for.
    ranges: tuple[str, ...] = ()
    # It comes first in these stacks ("sans", "serif") rather than after DejaVu.
    first_in: tuple[str, ...] = ()


SYSTEM_FONTS = (
    SystemFont("arabic", "Cert Arabic", False, NOTO / "NotoNaskhArabic-Regular.ttf", ARABIC_RANGES, ("serif",)),
    SystemFont("arabic-bold", "Cert Arabic", True, NOTO / "NotoNaskhArabic-Bold.ttf", ARABIC_RANGES, ("serif",)),
    SystemFont("arabic-sans", "Cert Arabic Sans", False, NOTO / "NotoSansArabic-Regular.ttf", ARABIC_RANGES,
               ("sans",)),
    SystemFont("arabic-sans-bold", "Cert Arabic Sans", True, NOTO / "NotoSansArabic-Bold.ttf", ARABIC_RANGES,
               ("sans",)),
    SystemFont("devanagari", "Cert Devanagari", False, NOTO / "NotoSansDevanagari-Regular.ttf"),
    SystemFont("devanagari-bold", "Cert Devanagari", True, NOTO / "NotoSansDevanagari-Bold.ttf"),
    SystemFont("cjk", "Cert CJK", False, NOTO_CJK / "NotoSansCJK-Regular.ttc"),
    SystemFont("cjk-bold", "Cert CJK", True, NOTO_CJK / "NotoSansCJK-Bold.ttc"),
)
FALLBACK_FAMILIES = tuple(dict.fromkeys(font.family for font in SYSTEM_FONTS))
_BY_KEY = {font.key: font for font in SYSTEM_FONTS}


def installed_system_fonts() -> list[SystemFont]:
    installed = [font for font in SYSTEM_FONTS if font.path.is_file()]
    _log_missing(tuple(font.path for font in SYSTEM_FONTS if font not in installed))
    return installed


@lru_cache(maxsize=4)
def _log_missing(paths: tuple[Path, ...]) -> None:
    """Say once per process which Noto fonts are missing: their scripts print as boxes."""
    if paths:
        log.warning("certificate fonts missing: %s; Arabic, Devanagari or CJK text on certificates will "
                    "not render properly (Debian: apt-get install %s)",
                    ", ".join(str(path) for path in paths), DEBIAN_PACKAGES)


def missing_font_reason(key: str) -> str | None:
    """Why text needing the system font ``key`` cannot be set properly here, or None when it can."""
    font = _BY_KEY[key]
    if font.path.is_file():
        return None
    return f"{font.path} is missing (Debian: apt-get install {DEBIAN_PACKAGES})"


def system_font_path(key: str) -> Path | None:
    """The file of an allowed system font, or None (unknown key, or not installed)."""
    font = _BY_KEY.get(key)
    return font.path if font is not None and font.path.is_file() else None


def font_face_css(url_of) -> str:
    """``@font-face`` rules for the installed system fonts; ``url_of(key)`` gives each URL."""
    return "\n".join(
        f'@font-face {{ font-family: "{font.family}"; font-weight: {"bold" if font.bold else "normal"}; '
        f'src: url("{url_of(font.key)}");{_range(font)} }}'
        for font in installed_system_fonts())


def _range(font: SystemFont) -> str:
    return f" unicode-range: {', '.join(font.ranges)};" if font.ranges else ""


def system_fonts_css(url_of) -> str:
    """The stylesheet for text the packaged fonts cannot set: the installed Noto fonts in the
    certificate's two font stacks (certificate.css), the Arabic ones before DejaVu (limited
    to Arabic letters), the others after it."""
    installed = installed_system_fonts()

    def stack(kind: str, packaged: str, generic: str) -> str:
        first = dict.fromkeys(f'"{font.family}"' for font in installed if kind in font.first_in)
        after = dict.fromkeys(f'"{font.family}"' for font in installed if kind not in font.first_in)
        return ", ".join([*first, f'"{packaged}"', *after, generic])

    return (font_face_css(url_of) + "\n"
            f':root {{ --sans: {stack("sans", "Cert Sans", "sans-serif")}; '
            f'--serif: {stack("serif", "Cert Serif", "serif")}; }}')


@lru_cache(maxsize=1)
def _packaged_coverage() -> frozenset[int]:
    """The code points every packaged font has a glyph for."""
    return frozenset.intersection(*(frozenset(_advances(name)[0]) for name in PACKAGED_FILES))


def needs_system_fonts(text: str) -> bool:
    """Whether some character of ``text`` is missing from a packaged font (so the Noto
    fallbacks must be declared); spaces, line breaks and marks such as joiners aside."""
    coverage = _packaged_coverage()
    return any(ord(char) not in coverage and not char.isspace() and unicodedata.category(char) != "Cf"
               for char in set(text))


# --- Measuring text, to choose a size that fits its box ---------------------------------

@lru_cache(maxsize=len(PACKAGED_FILES))
def _advances(file_name: str) -> tuple[dict[int, float], float]:
    """Advance widths in em per code point of a packaged font, and their median."""
    font = TTFont(PACKAGED / file_name, lazy=True)
    per_em = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    widths = {code: metrics[glyph][0] / per_em for code, glyph in font.getBestCmap().items()}
    ordered = sorted(w for w in widths.values() if w > 0)
    font.close()
    return widths, ordered[len(ordered) // 2]


def text_width_em(text: str, file_name: str, *, letter_spacing_em: float = 0.0, upper: bool = False) -> float:
    """About how wide ``text`` is, in em, set in the packaged font ``file_name``.

    Characters the font lacks are measured as their fallback would set them: a full em
    for wide (CJK) characters, a generous 0.7 em for others (Arabic, Devanagari), so an
    estimate errs on the narrow side of the box rather than past it.
    """
    widths, _ = _advances(file_name)
    total = 0.0
    for char in text.upper() if upper else text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width = widths.get(ord(char))
        if width is None:
            width = 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.7
        total += width + letter_spacing_em
    return total


@dataclass(frozen=True)
class Fit:
    size_pt: float
    lines: int


MM = 72 / 25.4  # points per millimetre


def fit_text(text: str, file_name: str, *, box_width_mm: float, box_height_mm: float, max_pt: float,
             min_pt: float, shrink_to_pt: float | None = None, line_height: float = 1.15,
             letter_spacing_em: float = 0.0, upper: bool = False) -> Fit:
    """The size and line count at which ``text`` fits a box, largest first.

    First shrink to fit one line, down to ``shrink_to_pt``; then wrap, from that size
    down to ``min_pt``, into as many lines as the box holds (a wrapped line is counted as
    85% full, since lines break between words). At ``min_pt`` the text takes the lines
    it needs: the caller's box must be tall enough for its longest allowed text.
    """
    em = max(text_width_em(text, file_name, letter_spacing_em=letter_spacing_em, upper=upper), 0.01)
    width, height = box_width_mm * MM, box_height_mm * MM
    shrink_to_pt = max(min_pt, shrink_to_pt if shrink_to_pt is not None else max_pt)
    one_line = min(max_pt, _half_points(width * 0.97 / em))
    if one_line >= shrink_to_pt:
        return Fit(one_line, 1)
    size = shrink_to_pt
    while size >= min_pt:
        lines = -int(-em * size // (width * 0.85))
        if lines * size * line_height <= height:
            return Fit(size, lines)
        size -= 0.5
    return Fit(min_pt, -int(-em * min_pt // (width * 0.85)))


def _half_points(size: float) -> float:
    return int(size * 2) / 2
