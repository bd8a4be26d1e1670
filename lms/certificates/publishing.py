"""A certificate's outputs: the stored PDF (rendered once, by a job) and its Open Badge.

Rendering is handed to a job (``render_certificate``, below) when the issuing
transaction commits (``lms.jobs``), and is idempotent: a job that finds a PDF already stored returns; storing it is one
conditional UPDATE, so two runs of the same job never leave two PDFs behind.
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from flask import current_app
from flask_babel import gettext
from sqlalchemy import update

from lms import storage
from lms.certificates import badges, evidence, queries, signing
from lms.certificates.assets import load_logo
from lms.certificates.codes import format_code
from lms.certificates.document import CertificateDocument, render_html
from lms.certificates.models import Certificate, CertificateStatus
from lms.certificates.pdf import render_pdf
from lms.database import utcnow
from lms.extensions import db
from lms.i18n.formatting import format_number, format_percent
from lms.i18n.languages import supported
from lms.i18n.recipients import speaking_to
from lms.jobs import enqueue

log = logging.getLogger(__name__)


def verify_url(code: str) -> str:
    return f"{current_app.config['LMS_BASE_URL'].rstrip('/')}/verify/{format_code(code)}"


def schedule_render(certificate: Certificate) -> None:
    """Render this certificate's PDF in a job, handed over when the transaction commits."""
    db.session.flush()  # the job needs the certificate's id
    enqueue(render_certificate, certificate.id, job_id=f"certificate-pdf-{certificate.id}")


def language_of_certificate(certificate: Certificate) -> str:
    """The language its PDF and badge are written in: the one fixed when it was issued
    (certificates from before languages existed are English)."""
    return supported(certificate.language) or "en"


def document_for(certificate: Certificate) -> CertificateDocument:
    """The certificate's document, its words in the language spoken now (call it inside
    ``speaking_to(language=language_of_certificate(certificate))``)."""
    config = current_app.config
    score = None
    if certificate.score_max:
        score = gettext("%(points)s / %(max)s points (%(percent)s)",
                        points=format_number(certificate.score_points or 0), max=format_number(certificate.score_max),
                        percent=format_percent(certificate.score_percent / 100))
    return CertificateDocument(
        organisation_name=config["ORGANISATION_NAME"],
        title=certificate.title, statement=certificate.statement,
        learner_name=certificate.learner_name, track_title=certificate.track_title,
        track_version=certificate.track_version, cohort_name=certificate.cohort_name,
        cohort_starts_on=certificate.cohort_starts_on, cohort_ends_on=certificate.cohort_ends_on,
        completed_on=certificate.completed_at.date(), issued_on=(certificate.issued_at or utcnow()).date(),
        code=format_code(certificate.code), verify_url=verify_url(certificate.code),
        signatory_name=config.get("CERTIFICATE_SIGNATORY_NAME") or "",
        signatory_title=config.get("CERTIFICATE_SIGNATORY_TITLE") or "",
        skills=list(certificate.skills or []), mentors=list(certificate.mentor_names or []),
        score=score, page_size=config.get("CERTIFICATE_PAGE_SIZE", "A4"),
        language=language_of_certificate(certificate),
    )


def render_certificate_pdf(certificate: Certificate) -> bytes:
    """Render (not store) the PDF of a certificate in its language: pure apart from reading
    configuration."""
    app = current_app
    logo = load_logo(app.config.get("CERTIFICATE_LOGO_PATH"),
                     [Path(app.instance_path), Path(app.root_path)])
    with speaking_to(language=language_of_certificate(certificate)):
        html = render_html(document_for(certificate))
    return render_pdf(html, {"logo": logo})


def render_and_store(certificate_id: int, *, force: bool = False) -> bool:
    """Render and store the PDF unless one exists (or ``force``); True when stored now."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.status != CertificateStatus.ISSUED:
        return False
    previous_key = certificate.pdf_key
    if previous_key and not force:
        return False
    pdf = render_certificate_pdf(certificate)
    key = storage.put(pdf)
    condition = (Certificate.pdf_key.is_(None) if previous_key is None else Certificate.pdf_key == previous_key)
    stored = db.session.execute(
        update(Certificate).where(Certificate.id == certificate_id, condition)
        .values(pdf_key=key, pdf_sha256=hashlib.sha256(pdf).hexdigest(), pdf_rendered_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount == 1
    if not stored:  # another run stored one first; keep theirs
        storage.delete(key)
        return False
    if previous_key:
        storage.delete(previous_key)
    db.session.expire(certificate)
    return True


def render_certificate(certificate_id: int) -> None:
    """The job: render and store one certificate's PDF, unless it is already stored."""
    render_and_store(certificate_id)


def pdf_of(certificate: Certificate) -> bytes | None:
    """The stored PDF (never rendered here), or None while the job has not run yet."""
    if not certificate.pdf_key:
        return None
    try:
        return storage.get(certificate.pdf_key)
    except storage.FileMissing:
        log.error("certificate %s: stored PDF %s is missing", certificate.id, certificate.pdf_key)
        return None


def credential_of(certificate: Certificate) -> dict:
    """The certificate's OpenBadgeCredential (JSON-LD), its words in the certificate's language."""
    config = current_app.config
    language = language_of_certificate(certificate)
    with speaking_to(language=language):
        return _credential(certificate, config, language)


def _credential(certificate: Certificate, config, language: str) -> dict:
    return badges.build_credential(badges.BadgeInput(
        base_url=config["LMS_BASE_URL"], organisation_name=config["ORGANISATION_NAME"],
        credential_id=verify_url(certificate.code),
        learner_name=certificate.learner_name, identity_hash=certificate.identity_hash,
        identity_salt=certificate.identity_salt, track_slug=certificate.track_slug,
        track_title=certificate.track_title, track_version=certificate.track_version,
        certificate_title=certificate.title, statement=certificate.statement,
        criteria=certificate.criteria, issued_at=certificate.issued_at, skills=list(certificate.skills or []),
        status_list_index=certificate.status_list_index,
        evidence=evidence.evidence_items(certificate, verify_url(certificate.code)),
        language=language,
    ))


def signed_credential_of(certificate: Certificate) -> str:
    """The credential as a VC-JWT signed with the issuer's key."""
    return signing.sign_credential(credential_of(certificate), signing.signing_key(),
                                   current_app.config["LMS_BASE_URL"])


def signed_status_list(number: int) -> str | None:
    """Revocation list ``number`` as a VC-JWT signed with the issuer's key, as it is now;
    None when no certificate has an index in it (list 1 always exists)."""
    if not 1 <= number <= queries.status_list_count():
        return None
    config = current_app.config
    credential = badges.status_list_credential(config["LMS_BASE_URL"], config["ORGANISATION_NAME"], number,
                                               queries.revoked_positions(number), utcnow())
    return signing.sign_credential(credential, signing.signing_key(), config["LMS_BASE_URL"])


def issuer_profile() -> dict:
    config = current_app.config
    jwk = signing.public_jwk(signing.signing_key().public_key(), config["LMS_BASE_URL"])
    return badges.issuer_profile(config["LMS_BASE_URL"], config["ORGANISATION_NAME"],
                                 [signing.verification_method(config["LMS_BASE_URL"], jwk)])
