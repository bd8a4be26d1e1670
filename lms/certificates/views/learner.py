"""A learner's certificates: the list, the PDF, the Open Badge (JSON-LD and VC-JWT)."""
from __future__ import annotations

from flask import abort, current_app, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from lms.certificates import publishing
from lms.certificates.evidence import goals_cited_by
from lms.certificates.models import Certificate, CertificateStatus
from lms.certificates.queries import certificates_of
from lms.certificates.views import bp
from lms.downloads import attachment_response
from lms.extensions import db
from lms.permissions import can_view_certificate, require
from lms.plans.queries import cited_goals


def _issued_certificate(certificate_id: int) -> Certificate:
    certificate = db.session.get(Certificate, certificate_id)
    require(certificate is not None and can_view_certificate(current_user, certificate), hide=True)
    if certificate.status == CertificateStatus.REVOKED:
        abort(410, description=gettext("This certificate was revoked and can no longer be downloaded."))
    if certificate.status != CertificateStatus.ISSUED:
        abort(404, description=gettext("This certificate is waiting for approval."))
    return certificate


@bp.route("/certificates")
@login_required
def mine():
    cited = cited_goals(current_user.id)
    return render_template("certificates/mine.html", certificates=certificates_of(current_user), cited=cited,
                           evidence_of=lambda certificate: goals_cited_by(certificate, cited))


@bp.route("/certificates/<int:certificate_id>/certificate.pdf")
@login_required
def download_pdf(certificate_id: int):
    certificate = _issued_certificate(certificate_id)
    pdf = publishing.pdf_of(certificate)
    if pdf is None:
        flash(gettext("Your PDF is still being prepared. Please try again in a minute."), "info")
        return redirect(url_for("certificates.mine"))
    name = f"certificate-{certificate.track_slug}-{certificate.code[:8].lower()}.pdf"
    return attachment_response(pdf, name, "application/pdf", cache_control="private, no-cache",
                               etag=certificate.pdf_sha256)


@bp.route("/certificates/<int:certificate_id>/status.json")
@login_required
def pdf_status(certificate_id: int):
    """Is the PDF ready? Polled by the certificates page while it is being prepared."""
    certificate = db.session.get(Certificate, certificate_id)
    require(certificate is not None and can_view_certificate(current_user, certificate), hide=True)
    ready = certificate.status == CertificateStatus.ISSUED and bool(certificate.pdf_key)
    response = jsonify(status=certificate.status.value, pdf_ready=ready,
                       download_url=url_for("certificates.download_pdf", certificate_id=certificate.id)
                       if ready else None)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/certificates/<int:certificate_id>/badge.json")
@login_required
def badge_json(certificate_id: int):
    credential = publishing.credential_of(_issued_certificate(certificate_id))
    return attachment_response(current_app.json.dumps(credential), f"open-badge-{certificate_id}.json",
                               "application/ld+json")


@bp.route("/certificates/<int:certificate_id>/badge.jwt")
@login_required
def badge_jwt(certificate_id: int):
    token = publishing.signed_credential_of(_issued_certificate(certificate_id))
    return attachment_response(token, f"open-badge-{certificate_id}.jwt", "application/vc+jwt")
