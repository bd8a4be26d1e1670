"""What anyone may learn about a certificate from its code: the public verification page,
its JSON and the API's ``/certificates/verify/{code}`` all answer this one dictionary."""
from __future__ import annotations

from flask import current_app

from lms.certificates import publishing
from lms.certificates.badges import issuer_id
from lms.certificates.codes import format_code
from lms.certificates.models import Certificate, CertificateStatus


def verification_data(certificate: Certificate | None) -> dict:
    """What anyone may learn from a code: the status and what the certificate states."""
    if certificate is None:
        return {"status": "unknown"}
    base_url = current_app.config["LMS_BASE_URL"]
    return {
        "status": "valid" if certificate.status == CertificateStatus.ISSUED else "revoked",
        "code": format_code(certificate.code),
        "learner": certificate.learner_name,
        "certificate": certificate.title,
        "track": {"title": certificate.track_title, "version": certificate.track_version},
        "cohort": {"name": certificate.cohort_name, "starts_on": certificate.cohort_starts_on.isoformat(),
                   "ends_on": certificate.cohort_ends_on.isoformat()},
        "completed_on": certificate.completed_at.date().isoformat(),
        "issued_at": certificate.issued_at.isoformat() if certificate.issued_at else None,
        "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
        "issuer": {"name": current_app.config["ORGANISATION_NAME"], "url": base_url, "id": issuer_id(base_url)},
        "verification_url": publishing.verify_url(certificate.code),
    }
