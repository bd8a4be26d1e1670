"""Certificates: list, read, issue (admins), revoke (admins) and verify a code.

The rules are the pages': a learner sees their own certificates, admins every one
(``can_view_certificate``); issuing and revoking go through ``lms.certificates.services``
exactly as the admin pages do, so eligibility, the override reason and the one valid
certificate per learner and cohort (a unique index) hold here too.
"""
from __future__ import annotations

import marshmallow as ma
from flask import current_app, url_for
from flask_login import current_user
from sqlalchemy import select

from lms.api.blueprint import ApiBlueprint
from lms.api.idempotency import idempotent
from lms.api.pagination import PageArgs, page_schema, paginate
from lms.api.problems import ApiProblem, invalid
from lms.certificates import services
from lms.certificates.codes import format_code
from lms.certificates.models import Certificate, CertificateStatus, InvalidTransition
from lms.certificates.publishing import verify_url
from lms.certificates.verification import verification_data
from lms.cohorts.models import Enrollment
from lms.errors import DomainError
from lms.extensions import db
from lms.permissions import can_manage_certificates, can_view_certificate, can_view_every_certificate

blp = ApiBlueprint("certificates", __name__, url_prefix="/api/v1/certificates",
                   description="Certificates of completion: list, issue, revoke, verify")

STATUSES = [status.value for status in CertificateStatus]
AN_ID = ma.validate.Range(min=1, max=2**31 - 1)  # what an id column holds


class CertificateSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    user_id = ma.fields.Integer(required=True)
    cohort_id = ma.fields.Integer(required=True)
    track_id = ma.fields.Integer(required=True, allow_none=True)
    status = ma.fields.String(required=True, metadata={"description": " | ".join(STATUSES)})
    code = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    learner_name = ma.fields.String(required=True)
    track_slug = ma.fields.String(required=True)
    track_title = ma.fields.String(required=True)
    track_version = ma.fields.Integer(required=True)
    cohort_name = ma.fields.String(required=True)
    completed_at = ma.fields.AwareDateTime(required=True)
    created_at = ma.fields.AwareDateTime(required=True)
    issued_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    revoked_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    revocation_reason = ma.fields.String(required=True, allow_none=True)
    verify_url = ma.fields.String(required=True, allow_none=True,
                                  metadata={"description": "The public verification page (absent while pending)"})
    pdf_url = ma.fields.String(required=True, allow_none=True,
                               metadata={"description": "The PDF, once issued and rendered"})
    badge_url = ma.fields.String(required=True, allow_none=True,
                                 metadata={"description": "The Open Badges 3.0 credential (JSON-LD), once issued"})
    badge_jwt_url = ma.fields.String(required=True, allow_none=True,
                                     metadata={"description": "The same credential signed as a VC-JWT"})


class CertificateFilters(PageArgs):
    cohort_id = ma.fields.Integer(validate=AN_ID)
    user_id = ma.fields.Integer(validate=AN_ID)
    status = ma.fields.String(validate=ma.validate.OneOf(STATUSES))
    issued_since = ma.fields.AwareDateTime(metadata={"description": "Issued at or after (ISO 8601 with a zone)"})


class IssueSchema(ma.Schema):
    enrollment_id = ma.fields.Integer(required=True, validate=AN_ID,
                                      metadata={"description": "The learner's enrolment"})
    override_reason = ma.fields.String(validate=ma.validate.Length(max=1000), metadata={
        "description": "Required when the learner has not completed the track (recorded in the audit trail)"})


class RevokeSchema(ma.Schema):
    reason = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=1000))


class VerificationSchema(ma.Schema):
    """The public verification JSON (``/verify/{code}.json``), field for field."""
    status = ma.fields.String(required=True, metadata={"description": "valid | revoked"})
    code = ma.fields.String(required=True)
    learner = ma.fields.String(required=True)
    certificate = ma.fields.String(required=True)
    track = ma.fields.Dict(required=True)
    cohort = ma.fields.Dict(required=True)
    completed_on = ma.fields.String(required=True)
    issued_at = ma.fields.String(required=True, allow_none=True)
    revoked_at = ma.fields.String(required=True, allow_none=True)
    issuer = ma.fields.Dict(required=True)
    verification_url = ma.fields.String(required=True)


CertificatePage = page_schema(CertificateSchema)


def _absolute(endpoint: str, **values) -> str:
    return current_app.config["LMS_BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def _certificate(certificate: Certificate) -> dict:
    issued = certificate.status == CertificateStatus.ISSUED
    return {
        "id": certificate.id, "user_id": certificate.user_id, "cohort_id": certificate.cohort_id,
        "track_id": certificate.track_id, "status": certificate.status.value, "code": format_code(certificate.code),
        "title": certificate.title, "learner_name": certificate.learner_name, "track_slug": certificate.track_slug,
        "track_title": certificate.track_title, "track_version": certificate.track_version,
        "cohort_name": certificate.cohort_name, "completed_at": certificate.completed_at,
        "created_at": certificate.created_at, "issued_at": certificate.issued_at,
        "revoked_at": certificate.revoked_at, "revocation_reason": certificate.revocation_reason,
        "verify_url": None if certificate.status == CertificateStatus.PENDING_APPROVAL
        else verify_url(certificate.code),
        "pdf_url": _absolute("certificates.download_pdf", certificate_id=certificate.id)
        if issued and certificate.pdf_key else None,
        "badge_url": _absolute("certificates.badge_json", certificate_id=certificate.id) if issued else None,
        "badge_jwt_url": _absolute("certificates.badge_jwt", certificate_id=certificate.id) if issued else None,
    }


def _visible(certificate_id: int) -> Certificate:
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or not can_view_certificate(current_user, certificate):
        raise ApiProblem(404, "No such certificate, or you may not read it.", code="not-found")
    return certificate


def _must_manage() -> None:
    if not can_manage_certificates(current_user):
        raise ApiProblem(403, "Only admins issue and revoke certificates.", code="forbidden")


@blp.route("/")
@blp.scoped("certificates")
@blp.arguments(CertificateFilters, location="query", as_kwargs=True)
@blp.response(200, CertificatePage)
def list_certificates(**args):
    """Your own certificates (admins: every one), filtered by cohort, person, status and issue time."""
    query = select(Certificate)
    if not can_view_every_certificate(current_user):
        query = query.where(Certificate.user_id == current_user.id)
    if args.get("cohort_id"):
        query = query.where(Certificate.cohort_id == args["cohort_id"])
    if args.get("user_id"):
        query = query.where(Certificate.user_id == args["user_id"])
    if args.get("status"):
        query = query.where(Certificate.status == CertificateStatus(args["status"]))
    if args.get("issued_since"):
        query = query.where(Certificate.issued_at >= args["issued_since"])
    return paginate(db.session, query, Certificate.id, args).answer(_certificate)


@blp.route("/", methods=["POST"])
@idempotent
@blp.scoped("certificates", write=True)
@blp.arguments(IssueSchema)
@blp.response(201, CertificateSchema)
@blp.alt_response(409, response="PROBLEM", description="The learner already has a certificate for this cohort")
@blp.alt_response(422, response="PROBLEM", description="Not a learner's enrolment, or not complete without a reason")
def issue_certificate(data):
    """Issue a learner's certificate now (admins), as the cohort's certificates page does.

    A learner who has not completed the track gets one only with an ``override_reason``.
    """
    _must_manage()
    enrollment = db.session.get(Enrollment, data["enrollment_id"])
    if enrollment is None:
        raise invalid("enrollment_id", "No such enrolment.")
    try:
        outcome = services.issue_manually(enrollment.user, enrollment.cohort, current_user,
                                          override_reason=data.get("override_reason"))
    except services.NotComplete as error:
        raise invalid("override_reason", str(error)) from error
    except DomainError as error:
        raise invalid("enrollment_id", str(error)) from error
    if not outcome.created:
        location = url_for("api_certificates.get_certificate", certificate_id=outcome.certificate.id)
        raise ApiProblem(409, f"{enrollment.user.name} already has a certificate for {enrollment.cohort.name}.",
                         code="already-issued", headers={"Location": location})
    db.session.commit()
    certificate = outcome.certificate
    return _certificate(certificate), 201, {
        "Location": url_for("api_certificates.get_certificate", certificate_id=certificate.id)}


@blp.route("/<int:certificate_id>")
@blp.scoped("certificates")
@blp.etag
@blp.response(200, CertificateSchema)
def get_certificate(certificate_id: int):
    """One certificate with its code, verification URL, PDF and Open Badge links."""
    return _certificate(_visible(certificate_id))


@blp.route("/<int:certificate_id>/revoke", methods=["POST"])
@blp.scoped("certificates", write=True)
@blp.arguments(RevokeSchema)
@blp.response(200, CertificateSchema)
@blp.alt_response(409, response="PROBLEM", description="Already revoked")
def revoke_certificate(data, certificate_id: int):
    """Revoke a certificate with a reason (admins). Its code then verifies as revoked."""
    certificate = _visible(certificate_id)
    _must_manage()
    try:
        services.revoke(certificate, data["reason"], current_user)
    except InvalidTransition as error:
        raise ApiProblem(409, "This certificate is already revoked.", code="already-revoked") from error
    except DomainError as error:
        raise invalid("reason", str(error)) from error
    db.session.commit()
    return _certificate(certificate)


@blp.route("/verify/<code>")
@blp.scoped("certificates")
@blp.response(200, VerificationSchema)
def verify_certificate(code: str):
    """What the public verification page says about a code (valid or revoked); 404 for any other code."""
    data = verification_data(services.find_by_code(code))
    if data["status"] == "unknown":
        raise ApiProblem(404, "No certificate has this code.", code="not-found")
    return data
