"""HTML to PDF with WeasyPrint, fetching nothing but the package's own assets.

WeasyPrint is imported on first use (it is slow to import and only workers need it);
``flask worker`` imports it once at start. What does not change from one certificate to
the next is prepared once per process: the font configuration and the parsed stylesheets.
"""
from __future__ import annotations

import threading
from datetime import date
from functools import lru_cache
from typing import Callable

from lms.certificates.assets import SYSTEM_FONTS, Asset, asset_url, resolve_asset
from lms.certificates.document import CertificateDocument, render_html
from lms.certificates.fonts import needs_system_fonts, system_fonts_css


@lru_cache(maxsize=1)
def _weasyprint():
    import weasyprint

    return weasyprint


@lru_cache(maxsize=1)
def _fetcher_class():
    weasyprint = _weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):
        """A WeasyPrint fetcher that serves allowed assets and raises for everything else."""

        def __init__(self, extras: dict[str, Asset], resolve: Callable):
            # fail_on_errors: a refused URL stops the render instead of being skipped.
            super().__init__(fail_on_errors=True)
            self._extras = extras
            self._resolve = resolve

        def fetch(self, url, headers=None):
            asset = self._resolve(url, self._extras)
            return URLFetcherResponse(url, asset.content, {"Content-Type": asset.media_type})

    del weasyprint
    return AssetFetcher


def make_fetcher(extras: dict[str, Asset] | None = None, resolve: Callable = resolve_asset):
    """The URL fetcher for one render: packaged assets plus ``extras`` (e.g. the logo)."""
    return _fetcher_class()(dict(extras or {}), resolve)


# One render at a time per process: the font configuration is shared and not thread-safe.
_render_lock = threading.Lock()


@lru_cache(maxsize=1)
def _font_config():
    # Loading fonts is the slow part of a render: keep one configuration per process.
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@lru_cache(maxsize=4)
def _stylesheets(font_config, system_fonts: bool) -> tuple:
    """The certificate's stylesheet, parsed once per font configuration (its ``@font-face``
    rules load the fonts into it), and with ``system_fonts`` the Noto fallbacks as well.

    Parsing it took a fifth of each render. Only packaged assets are fetched.
    """
    weasyprint = _weasyprint()
    fetcher = make_fetcher()
    sheets = [weasyprint.CSS(url=asset_url("pdf/certificate.css"), url_fetcher=fetcher, font_config=font_config)]
    if system_fonts:
        sheets.append(weasyprint.CSS(string=system_fonts_css(lambda key: asset_url(SYSTEM_FONTS + key)),
                                     url_fetcher=fetcher, font_config=font_config))
    return tuple(sheets)


def render_pdf(html: str, extras: dict[str, Asset] | None = None, resolve: Callable = resolve_asset) -> bytes:
    """Render the HTML of a certificate to PDF bytes, styled by the certificate stylesheet.

    ``resolve(url, extras)`` decides what each URL the HTML mentions returns; it defaults
    to the allow-list in ``lms.certificates.assets`` (tests pass a spy). The Noto fonts
    are declared only when the text has characters DejaVu lacks: every other certificate
    is laid out without looking through them.
    """
    weasyprint = _weasyprint()
    with _render_lock:
        font_config = _font_config()
        document = weasyprint.HTML(string=html, url_fetcher=make_fetcher(extras, resolve))
        return document.write_pdf(font_config=font_config,
                                  stylesheets=list(_stylesheets(font_config, needs_system_fonts(html))))


def warm_up() -> None:
    """Render a sample certificate once, so WeasyPrint and the fonts are loaded.

    ``flask worker`` calls this at start: every job runs in a forked work horse that
    inherits the loaded fonts and parsed stylesheets and renders in a fraction of the cold time.
    """
    sample = CertificateDocument(
        organisation_name="Warm-up", title="Certificate", statement="Warm-up", learner_name="Warm-up",
        track_title="Warm-up", track_version=1, cohort_name="Warm-up", cohort_starts_on=date(2000, 1, 1),
        cohort_ends_on=date(2000, 1, 2), completed_on=date(2000, 1, 2), issued_on=date(2000, 1, 2),
        code="0000-0000", verify_url="https://example.org/verify/0000", skills=["warm-up"], mentors=["Warm-up"])
    render_pdf(render_html(sample), {"logo": resolve_asset(asset_url("img/logo.svg"))})
    # The Noto fallbacks too, so that a forked work horse never loads them for one name.
    _stylesheets(_font_config(), True)
