"""HTML to PDF with WeasyPrint, fetching nothing but the package's own assets.

WeasyPrint is imported on first use (it is slow to import and only workers need it);
``flask worker`` imports it once at start.
"""
from __future__ import annotations

import threading
from datetime import date
from functools import lru_cache
from typing import Callable

from lms.certificates.assets import Asset, asset_url, resolve_asset
from lms.certificates.document import CertificateDocument, render_html


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


def render_pdf(html: str, extras: dict[str, Asset] | None = None, resolve: Callable = resolve_asset) -> bytes:
    """Render the HTML of a certificate to PDF bytes.

    ``resolve(url, extras)`` decides what each fetched URL returns; it defaults to the
    allow-list in ``lms.certificates.assets`` (tests pass a spy).
    """
    weasyprint = _weasyprint()
    with _render_lock:
        document = weasyprint.HTML(string=html, url_fetcher=make_fetcher(extras, resolve))
        return document.write_pdf(font_config=_font_config())


def warm_up() -> None:
    """Render a sample certificate once, so WeasyPrint and the fonts are loaded.

    ``flask worker`` calls this at start: every job runs in a forked work horse that
    inherits the loaded fonts and renders in a fraction of the cold time.
    """
    sample = CertificateDocument(
        organisation_name="Warm-up", title="Certificate", statement="Warm-up", learner_name="Warm-up",
        track_title="Warm-up", track_version=1, cohort_name="Warm-up", cohort_starts_on=date(2000, 1, 1),
        cohort_ends_on=date(2000, 1, 2), completed_on=date(2000, 1, 2), issued_on=date(2000, 1, 2),
        code="0000-0000", verify_url="https://example.org/verify/0000", skills=["warm-up"], mentors=["Warm-up"])
    render_pdf(render_html(sample), {"logo": resolve_asset(asset_url("img/logo.svg"))})
