"""The certificate document and its PDF (pure: no database, no Flask)."""
from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from lms.certificates.assets import Asset, asset_url, resolve_asset
from lms.certificates.document import CertificateDocument, render_html
from lms.certificates.pdf import render_pdf

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "certificates"
CODE = "7K3M-9QXD-4HPA-2WRT-8BNV-6CJE-5FGS-1ZYK"

DOCUMENT = CertificateDocument(
    organisation_name="Skill Tracks", title="Certificate of Completion",
    statement="has completed the Web Foundations track, demonstrating the ability to build an accessible site.",
    learner_name="Zoë Ångström", track_title="Web Foundations", track_version=3,
    cohort_name="Spring 2025 cohort", cohort_starts_on=date(2025, 3, 1), cohort_ends_on=date(2025, 5, 30),
    completed_on=date(2025, 5, 28), issued_on=date(2025, 5, 29), code=CODE,
    verify_url=f"https://learn.example.org/verify/{CODE}", signatory_name="Ada Admin",
    signatory_title="Program director", skills=["html", "css", "accessibility"], mentors=["Mia Mentor"],
    score="42 / 48 points (88%)")


def _logo():
    return {"logo": resolve_asset(asset_url("img/logo.svg"))}


def _render(document, seen=None):
    def spy(url, extras):
        if seen is not None:
            seen.append(url)
        return resolve_asset(url, extras)

    return render_pdf(render_html(document), _logo(), resolve=spy)


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return _render(DOCUMENT)


def test_pdf_states_learner_track_cohort_and_code(pdf):
    text = _text(pdf)
    for expected in ("Zoë Ångström", "Web Foundations", "Spring 2025 cohort", CODE, "28 May 2025",
                     "Mia Mentor", "Ada Admin", "Program director", "42 / 48 points", "accessibility"):
        assert expected in text, expected
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_pdf_carries_metadata_and_embeds_the_packaged_fonts(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    meta = reader.metadata
    assert meta.title == "Certificate of Completion: Zoë Ångström, Web Foundations"
    assert meta.author == "Skill Tracks"
    assert "Spring 2025 cohort" in meta.subject
    assert "accessibility" in reader.metadata["/Keywords"]
    fonts = {str(font["/BaseFont"]) for page in reader.pages for font in _fonts(page)}
    assert any("Cert-Serif" in name for name in fonts) and any("Cert-Sans" in name for name in fonts)


def _fonts(page):
    resources = page["/Resources"]
    return [f.get_object() for f in resources.get("/Font", {}).values()]


@pytest.mark.parametrize("size, points", [("A4", (842, 595)), ("Letter", (792, 612))])
def test_page_is_landscape_in_the_configured_size(size, points):
    pdf = _render(replace(DOCUMENT, page_size=size))
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == points


def test_unknown_page_size_is_refused():
    with pytest.raises(ValueError):
        render_html(replace(DOCUMENT, page_size="A3"))


def test_hostile_text_is_printed_and_never_fetched():
    hostile = replace(
        DOCUMENT, learner_name='<img src="file:///etc/passwd"> Eve',
        track_title="Evil url(http://attacker.example/x.css) track",
        cohort_name='</style><link rel="stylesheet" href="http://attacker.example/c.css">',
        statement='<style>@import "file:///etc/shadow";</style> done', skills=["<script>x</script>"])
    html = render_html(hostile)
    assert "<img src=" not in html and "&lt;img src=" in html
    seen: list[str] = []
    text = _text(_render(hostile, seen))
    assert '<img src="file:///etc/passwd"> Eve' in text
    assert "url(http://attacker.example/x.css)" in text
    assert seen and all(url.startswith("lms-asset:") for url in seen), seen
    assert not any("passwd" in url or "attacker" in url or "shadow" in url for url in seen)


def test_the_printed_qr_code_reads_as_the_verify_url_even_at_screen_resolution(pdf, tmp_path):
    if not shutil.which("pdftoppm") or not shutil.which("zbarimg"):
        pytest.skip("pdftoppm (poppler-utils) and zbarimg (zbar-tools) read the printed code")
    (tmp_path / "certificate.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", str(tmp_path / "certificate.pdf"),
                    str(tmp_path / "page")], check=True)
    read = subprocess.run(["zbarimg", "--quiet", "--raw", str(tmp_path / "page.png")], capture_output=True,
                          text=True, check=False)
    assert read.stdout.strip() == f"https://learn.example.org/verify/{CODE}"


def test_a_url_inside_a_configured_logo_is_refused_and_nothing_is_read():
    hostile_logo = Asset(b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                         b'<image xlink:href="file:///etc/passwd" width="10" height="10"/></svg>', "image/svg+xml")
    seen: list[str] = []

    def spy(url, extras):
        seen.append(url)
        return resolve_asset(url, extras)  # raises AssetRefused for the file: URL

    pdf = render_pdf(render_html(DOCUMENT), {"logo": hostile_logo}, resolve=spy)
    assert "file:///etc/passwd" in seen
    assert b"root:" not in pdf and "root:" not in _text(pdf)


def test_first_page_image_is_kept_for_review(pdf, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "certificate.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                    str(ARTIFACTS / "certificate.pdf"), str(ARTIFACTS / "certificate")], check=True)
    image = ARTIFACTS / "certificate.png"
    assert image.stat().st_size > 10_000


def test_warm_up_renders_a_sample_so_forked_workers_start_warm(monkeypatch):
    from lms.certificates import pdf as pdf_module

    rendered: list[bytes] = []
    real_render = pdf_module.render_pdf

    def spy(html, extras=None, resolve=resolve_asset):
        rendered.append(real_render(html, extras, resolve))
        return rendered[-1]

    monkeypatch.setattr(pdf_module, "render_pdf", spy)
    pdf_module._font_config.cache_clear()  # start cold, as a worker process does
    pdf_module.warm_up()
    assert len(rendered) == 1, "one sample certificate is rendered"
    assert rendered[0].startswith(b"%PDF") and len(PdfReader(io.BytesIO(rendered[0])).pages) == 1
    assert "Warm-up" in _text(rendered[0])
    # What a forked work horse inherits: WeasyPrint imported, the fonts loaded once.
    assert pdf_module._weasyprint.cache_info().currsize == 1
    assert pdf_module._font_config.cache_info().currsize == 1
    loaded_fonts = pdf_module._font_config()
    _render(DOCUMENT)
    assert pdf_module._font_config() is loaded_fonts, "the next render reuses the loaded fonts"


def test_the_stylesheet_is_parsed_once_and_reused_by_the_next_renders(pdf):
    from lms.certificates import pdf as pdf_module

    parsed = pdf_module._stylesheets(pdf_module._font_config(), False)
    _render(replace(DOCUMENT, learner_name="Another Learner"))
    assert pdf_module._stylesheets(pdf_module._font_config(), False) is parsed


@pytest.mark.parametrize("text, needed", [
    ("Zoë Ångström-Łukasiewicz Çelik Dvořák Øystein – · “”", False), ("Александра Верещагина", False),
    ("Αικατερίνη Παπαδοπούλου", False), ("Ana\u200dMaria", False), ("محمد بن عبد الله", True), ("अनुराधा", True),
    ("山田太郎", True)])
def test_the_noto_fallbacks_are_declared_only_for_text_dejavu_cannot_set(text, needed):
    from lms.certificates.fonts import needs_system_fonts

    assert needs_system_fonts(render_html(replace(DOCUMENT, learner_name=text))) is needed
