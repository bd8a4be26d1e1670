"""Public pages: verifying a certificate, and the issuer's profile and keys."""
from __future__ import annotations

from flask import current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import lazy_gettext

from lms import ratelimit
from lms.certificates import publishing, services, signing
from lms.certificates.badges import issuer_id, skill_url
from lms.certificates.codes import format_code, normalise_code
from lms.certificates.evidence import goals_cited_by
from lms.certificates.forms import VerifyForm
from lms.certificates.verification import verification_data
from lms.certificates.views import bp
from lms.pagecache import cached_page

RATE_MESSAGE = lazy_gettext("You have checked many codes in a short time. Please wait a minute and try again.")


def _count_verification() -> None:
    limit = current_app.config["CERTIFICATE_VERIFY_LIMIT_PER_MINUTE"]
    ratelimit.limit(f"verify:address:{request.remote_addr}", limit, 60, message=RATE_MESSAGE)


@bp.route("/verify")
def verify_form():
    form = VerifyForm(request.args)
    if request.args and form.validate():
        code = normalise_code(form.code.data)
        if code is not None:
            return redirect(url_for("certificates.verify", code=format_code(code)))
        _count_verification()
        return render_template("certificates/verify.html", data={"status": "unknown"}, certificate=None,
                               form=form), 404
    return render_template("certificates/verify_form.html", form=form)


@bp.route("/verify/<code>")
def verify(code: str):
    if request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json":
        return verify_json(code)
    _count_verification()  # every asking counts, also when the page is served from the cache
    return _verify_page(code)


@cached_page
def _verify_page(code: str):
    certificate = services.find_by_code(code)
    data = verification_data(certificate)
    evidence = goals_cited_by(certificate) if certificate is not None and certificate.is_valid else []
    return render_template("certificates/verify.html", data=data, certificate=certificate, evidence=evidence,
                           form=VerifyForm(formdata=None, data=None if certificate else {"code": code})), \
        404 if certificate is None else 200


@bp.route("/verify/<code>.json")
def verify_json(code: str):
    _count_verification()
    data = verification_data(services.find_by_code(code))
    response = jsonify(data)
    response.headers["Cache-Control"] = "no-store"
    return response, 404 if data["status"] == "unknown" else 200


@bp.route("/issuer")
def issuer():
    response = jsonify(publishing.issuer_profile())
    response.mimetype = "application/ld+json"
    return response


@bp.route("/issuer/keys/<kid>.json")
def issuer_key(kid: str):
    """The key a credential's ``kid`` names (``kid`` here is its thumbprint)."""
    public_key = signing.signing_key().public_key()
    if kid != signing.thumbprint(public_key):
        return jsonify(error="No such key.", status=404), 404
    return jsonify(signing.public_jwk(public_key, current_app.config["LMS_BASE_URL"]))


@bp.route("/.well-known/jwks.json")
def jwks():
    return jsonify(keys=[signing.public_jwk(signing.signing_key().public_key(), current_app.config["LMS_BASE_URL"])])


@bp.route("/credentials/status/<int:number>")
def status_list(number: int):
    """A revocation list (Bitstring Status List) as a signed VC-JWT; verifiers fetch it
    for every credential they check, so it is cached briefly and never for long."""
    token = publishing.signed_status_list(number)
    if token is None:
        return jsonify(error="No such status list.", status=404), 404
    response = current_app.response_class(token, mimetype="application/vc+jwt")
    response.headers["Cache-Control"] = "public, max-age=60"
    return response


@bp.route("/issuer/skills/<skill>")
def issuer_skill(skill: str):
    """The alignment target a credential names for a skill (a stable URL per skill tag)."""
    base_url = current_app.config["LMS_BASE_URL"]
    return jsonify({"id": skill_url(base_url, skill), "name": skill, "issuer": issuer_id(base_url)})
