"""Sharing a certificate: LinkedIn's add-to-profile link (built here, no network call)."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app

from lms.certificates.codes import format_code
from lms.certificates.models import Certificate
from lms.certificates.publishing import verify_url

# LinkedIn's documented "Add to profile" link for certifications.
LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


def linkedin_name(certificate: Certificate) -> str:
    return f"{certificate.track_title} – {certificate.title}"


def linkedin_url(certificate: Certificate) -> str:
    """The add-to-profile link, its fields filled in; ``None`` fields (never issued) left out."""
    issued = certificate.issued_at or certificate.completed_at
    fields = {
        "startTask": "CERTIFICATION_NAME",
        "name": linkedin_name(certificate),
        "organizationName": current_app.config["ORGANISATION_NAME"],
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": verify_url(certificate.code),
        "certId": format_code(certificate.code),
    }
    return f"{LINKEDIN_ADD_TO_PROFILE}?{urlencode(fields)}"
