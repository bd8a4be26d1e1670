"""Certificates in the learner's language, or in the one an admin chose for the cohort (issue 19).

A certificate's language is fixed when it is issued (``Certificate.language``): its default
wording, its PDF (rendered inside ``speaking_to`` that language) and its Open Badge text are
in it. Arabic certificates are right to left and set in Noto Arabic. The PDFs are read back
with ``pdftotext``; the Arabic one is kept as a PNG for review in test-artifacts/certificates.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lms.certificates import fonts, publishing, services
from lms.certificates.document import render_html
from lms.certificates.fonts import needs_system_fonts
from lms.certificates.models import CohortCertificateSettings
from lms.certificates.publishing import render_certificate_pdf  # the real one: fake_pdf patches the module's name
from lms.cohorts.models import EnrollmentRole
from lms.extensions import db
from lms.i18n.recipients import speaking_to
from tests.factories.auth import make_user
from tests.factories.certificates import certified_learner, enrol, make_cohort, make_track

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "certificates"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
                                   reason="pdftotext/pdftoppm (poppler-utils) are not installed")

# The words each language's certificate must show (from its catalog), and the date of 28 May 2025.
WORDS = {
    "en": ["Certificate of Completion", "This certifies that", "Verify this certificate", "Track version"],
    "es": ["Certificado de finalización", "Se certifica que", "Verifica este certificado", "Versión del itinerario"],
    "pt_BR": ["Certificado de conclusão", "Certificamos que", "Verifique este certificado", "Versão da trilha"],
    "ar": ["شهادة", "إتمام", "نشهد", "بأن", "هذه", "الشهادة", "إصدار", "المسار", "النتيجة", "النهائية"],
}


@pytest.fixture
def plain_track(app):
    """A track without its own certificate wording: the certificate's default words are translated."""
    return make_track(title="Web Foundations", certificate={})


@pytest.fixture
def plain_cohort(plain_track):
    cohort = make_cohort(plain_track, name="Spring 2025 cohort")
    enrol(cohort, make_user(name="Mia Mentor"), role=EnrollmentRole.MENTOR)
    return cohort


def _pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return out.stdout.decode()


_HARAKAT = re.compile(r"[\u064B-\u065F\u0670]")  # vowel marks and shadda: their order in the text layer varies


def _bare(word: str) -> str:
    return _HARAKAT.sub("", word)


def _arabic_words(text: str) -> set[str]:
    # pdftotext may give right-to-left text in logical or visual order: compare words either way.
    words = {_bare(word) for word in re.findall(r"[\u0600-\u06FF\u0750-\u077F]+", text)}
    return words | {word[::-1] for word in words}


def _needs_arabic_font():
    reason = fonts.missing_font_reason("arabic-bold") or fonts.missing_font_reason("arabic-sans")
    if reason:
        pytest.skip(f"Arabic certificates need Noto Arabic: {reason}")


def test_a_certificate_takes_the_learners_language_and_keeps_it(plain_cohort, fake_pdf):
    learner = make_user(name="Lucía López", language="es")
    certificate = certified_learner(plain_cohort, learner)
    assert certificate.language == "es"
    assert certificate.title == "Certificado de finalización"
    assert certificate.statement == "ha completado con éxito el itinerario Web Foundations."
    assert certificate.criteria.startswith("La persona participante completó todas las lecciones")
    learner.language = "pt_BR"  # a later change of profile does not change an issued certificate
    db.session.commit()
    assert publishing.language_of_certificate(certificate) == "es"


def test_a_learner_without_a_language_gets_the_organisations_default(app, plain_cohort, fake_pdf):
    app.config["DEFAULT_LANGUAGE"] = "pt_BR"
    certificate = certified_learner(plain_cohort, make_user(name="Paulo Pinto"))
    assert certificate.language == "pt_BR" and certificate.title == "Certificado de conclusão"


def test_the_cohorts_chosen_language_wins_over_each_learners(plain_cohort, fake_pdf):
    db.session.add(CohortCertificateSettings(cohort_id=plain_cohort.id, language="ar"))
    db.session.commit()
    certificate = certified_learner(plain_cohort, make_user(name="Lea Learner", language="es"))
    assert certificate.language == "ar" and certificate.title == "شهادة إتمام"


def test_admin_chooses_the_cohorts_certificate_language_on_the_settings_form(client, auth, admin, plain_cohort):
    auth.login_as(admin)
    page = client.get(f"/admin/certificates/cohorts/{plain_cohort.id}").get_data(as_text=True)
    assert 'name="language"' in page and "own language" in page and "العربية" in page
    response = client.post(f"/admin/certificates/cohorts/{plain_cohort.id}/settings",
                           data={"language": "es", "csrf_token": client.csrf_token()})
    assert response.status_code == 302
    assert services.cohort_language(plain_cohort.id) == "es"
    assert services.requires_approval(plain_cohort.id) is False
    client.post(f"/admin/certificates/cohorts/{plain_cohort.id}/settings",
                data={"language": "", "csrf_token": client.csrf_token()})
    assert services.cohort_language(plain_cohort.id) is None


@needs_poppler
@pytest.mark.parametrize("language", ["en", "es", "pt_BR", "ar"])
def test_the_pdf_is_written_in_the_certificates_language(plain_cohort, fake_pdf, language):
    if language == "ar":
        _needs_arabic_font()
    certificate = certified_learner(plain_cohort, make_user(name="Zoë Ångström", language=language))
    pdf = _real_render(certificate)  # fake_pdf replaced publishing's own renderer for the issuing job
    text = _pdf_text(pdf)
    assert "Zoë Ångström" in text and "Web Foundations" in text
    if language == "ar":
        found = _arabic_words(text)
        missing = [word for word in WORDS["ar"] if _bare(word) not in found]
        assert not missing, (missing, text)
        _keep_png(pdf, "certificate-ar")
    else:
        flat = " ".join(text.split())
        squeezed = "".join(text.split()).upper()  # the title is set in spaced capitals
        for words in WORDS[language]:
            assert words in flat or "".join(words.split()).upper() in squeezed, (words, flat)
    if language == "es":
        assert "28 de mayo de 2025" in " ".join(text.split()) or "de 2025" in text


def _real_render(certificate) -> bytes:
    return render_certificate_pdf(certificate)


def _keep_png(pdf: bytes, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                    str(ARTIFACTS / f"{name}.pdf"), str(ARTIFACTS / name)], check=True)
    assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000


def test_an_arabic_certificate_is_right_to_left_and_set_in_noto_arabic(plain_cohort, fake_pdf):
    _needs_arabic_font()
    certificate = certified_learner(plain_cohort, make_user(name="محمد بن عبد الله", language="ar"))
    with speaking_to(language="ar"):
        html = render_html(publishing.document_for(certificate))
    assert '<html lang="ar" dir="rtl">' in html
    assert needs_system_fonts(html)
    pdf = _real_render(certificate)
    fonts_used = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True).stdout.decode() \
        if shutil.which("pdffonts") else ""
    if fonts_used:
        assert "Arabic" in fonts_used, fonts_used


def test_latin_languages_never_load_the_noto_fallbacks(plain_cohort, fake_pdf):
    for language in ("en", "es", "pt_BR"):
        certificate = certified_learner(plain_cohort, make_user(name=f"Ana {language}", language=language))
        with speaking_to(language=language):
            html = render_html(publishing.document_for(certificate))
        assert not needs_system_fonts(html), language
        assert 'dir="ltr"' in html


def test_the_open_badge_is_in_the_certificates_language(client, auth, plain_cohort, fake_pdf):
    learner = make_user(name="Lucía López", language="es")
    certificate = certified_learner(plain_cohort, learner)
    auth.login_as(learner)
    credential = client.get(f"/certificates/{certificate.id}/badge.json").get_json()
    assert credential["name"] == "Certificado de finalización: Web Foundations"
    assert credential["description"] == "Lucía López completó el itinerario Web Foundations con Skill Tracks." \
        or credential["description"].startswith("Lucía López completó el itinerario Web Foundations con ")
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["inLanguage"] == "es"
    assert achievement["description"] == "ha completado con éxito el itinerario Web Foundations."
    assert "aprobación de un mentor" in achievement["criteria"]["narrative"]


def test_an_english_readers_badge_download_of_a_spanish_certificate_stays_spanish(client, auth, plain_cohort,
                                                                                 fake_pdf):
    learner = make_user(name="Lucía López", language="es")
    certificate = certified_learner(plain_cohort, learner)
    learner.language = "en"  # the reader now reads English; the certificate stays Spanish
    db.session.commit()
    auth.login_as(learner)
    credential = client.get(f"/certificates/{certificate.id}/badge.json").get_json()
    assert credential["name"].startswith("Certificado de finalización")
    page = client.get("/certificates").get_data(as_text=True)
    assert "My certificates" in page and "Certificado de finalización" in page


def test_the_verify_page_speaks_the_readers_language(client, cohort, fake_pdf):
    certificate = certified_learner(cohort, make_user(name="Lea Learner"))
    page = client.get(f"/verify/{certificate.code}", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Este certificado es auténtico y válido." in page
    assert "Otorgado a" in page and "Lea Learner" in page
    assert re.search(r"\d{1,2} de [a-z]+ de 20\d\d", page)  # dates in Spanish
    form = client.get("/verify", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Verificar un certificado" in form and "Código de verificación" in form
    arabic = client.get(f"/verify/{certificate.code}", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'dir="rtl"' in arabic and "هذه الشهادة أصلية وسارية." in arabic


def test_learner_and_admin_pages_in_arabic_and_spanish(client, auth, admin, cohort, fake_pdf):
    learner = make_user(name="Lea Learner", language="ar")
    certified_learner(cohort, learner)
    auth.login_as(learner)
    page = client.get("/certificates").get_data(as_text=True)
    assert 'dir="rtl"' in page and "شهاداتي" in page and "تنزيل PDF" in page or "رابط التحقق" in page
    auth.logout()
    admin.language = "es"
    db.session.commit()
    auth.login_as(admin)
    listing = client.get("/admin/certificates").get_data(as_text=True)
    assert "Certificados" in listing and "Filtrar" in listing and "Participante" in listing
    cohort_page = client.get(f"/admin/certificates/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Idioma de los certificados" in cohort_page and "Emitir todos los certificados pendientes" in cohort_page


def test_completion_csv_headers_are_in_the_readers_language(client, auth, admin, cohort, fake_pdf):
    certified_learner(cohort, make_user(name="Lea Learner"))
    admin.language = "pt_BR"
    db.session.commit()
    auth.login_as(admin)
    body = client.get(f"/cohorts/{cohort.id}/completions.csv").get_data(as_text=True)
    header = body.lstrip("\ufeff").splitlines()[0]
    assert header.startswith("nome,e-mail,trilha,título da trilha,turma")
