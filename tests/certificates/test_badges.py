"""Open Badges 3.0: the credential validates against the official schema and its VC-JWT
verifies with the key the site publishes."""
from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timezone

import jwt
import pytest
from jsonschema import Draft201909Validator
from jwcrypto import jwk as jose_jwk, jwt as jose_jwt
from jwcrypto.common import JWException

from lms.certificates import signing
from lms.certificates.badges import BadgeInput, build_credential, describe_rule, identity_hash
from tests.corpus import corpus_path
from tests.factories.auth import make_user
from tests.factories.certificates import certified_learner


def _validator():
    schema = json.loads(corpus_path("openbadges-3.0", "achievementcredential.schema.json").read_text())
    return Draft201909Validator(schema)  # every $ref is internal (#/$defs/...): nothing is fetched


def _errors(credential) -> list[str]:
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in _validator().iter_errors(credential)]


def test_identity_hash_follows_the_spec_example():
    assert identity_hash("a@example.com", "Kosher") == \
        "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"


def test_completion_rule_reads_as_criteria():
    assert describe_rule({"lessons": "all", "assignments": "all", "quizzes": "all"}) == (
        "The learner completed every lesson of the track, had every assignment approved by a mentor "
        "against its rubric, and passed every quiz.")
    assert describe_rule({"lessons": "none", "assignments": "all", "quizzes": "none"}) == (
        "The learner had every assignment approved by a mentor against its rubric.")


def test_pure_credential_validates_against_the_schema():
    credential = build_credential(BadgeInput(
        base_url="https://learn.example.org", organisation_name="Skill Tracks",
        credential_id="https://learn.example.org/verify/ABCD", learner_name="Lea",
        identity_hash=identity_hash("lea@example.org", "salt"), identity_salt="salt", track_slug="web",
        track_title="Web", track_version=1, certificate_title="Certificate of Completion", statement="",
        criteria="", issued_at=datetime(2025, 5, 29, 10, 0, tzinfo=timezone.utc), skills=["html", "client calls"]))
    assert _errors(credential) == []
    assert credential["validFrom"] == "2025-05-29T10:00:00Z"
    assert credential["credentialSubject"]["achievement"]["alignment"][1]["targetUrl"] == \
        "https://learn.example.org/issuer/skills/client%20calls"


def test_learner_downloads_a_valid_credential_and_a_jwt_that_verifies_with_the_published_key(
        client, auth, cohort, fake_pdf):
    learner = make_user(email="Lea@Example.org", name="Lea Learner")
    certificate = certified_learner(cohort, learner)
    auth.login_as(learner)

    response = client.get(f"/certificates/{certificate.id}/badge.json")
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    credential = response.get_json()
    assert _errors(credential) == []
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"] == "http://localhost/issuer"
    subject = credential["credentialSubject"]
    identifier = subject["identifier"][0]
    assert identifier["identityHash"] == identity_hash("lea@example.org", identifier["salt"])
    assert identifier["hashed"] is True and identifier["identityType"] == "emailAddress"
    assert "lea@example.org" not in json.dumps(credential).lower()
    achievement = subject["achievement"]
    assert achievement["achievementType"] == "Certificate" and achievement["name"] == "Web Foundations"
    assert [a["targetName"] for a in achievement["alignment"]] == ["html", "css", "accessibility"]
    assert "approved by a mentor" in achievement["criteria"]["narrative"]

    token = client.get(f"/certificates/{certificate.id}/badge.jwt").get_data(as_text=True)
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA" and header["kid"].startswith("http://localhost/issuer/keys/")
    key_response = client.get(header["kid"].removeprefix("http://localhost"))
    assert key_response.status_code == 200
    public_key = jwt.PyJWK(key_response.get_json()).key
    claims = jwt.decode(token, public_key, algorithms=["EdDSA"])
    assert claims["iss"] == "http://localhost/issuer" and claims["jti"] == credential["id"]
    assert claims["credentialSubject"] == credential["credentialSubject"]
    header_part, payload_part, signature_part = token.split(".")
    forged = json.loads(jwt.utils.base64url_decode(payload_part))
    forged["credentialSubject"]["name"] = "Mallory"
    forged_part = jwt.utils.base64url_encode(json.dumps(forged).encode()).decode()
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(f"{header_part}.{forged_part}.{signature_part}", public_key, algorithms=["EdDSA"])


def test_jwks_and_issuer_profile_publish_the_same_key(client, app):
    jwks = client.get("/.well-known/jwks.json").get_json()
    (key,) = jwks["keys"]
    profile = client.get("/issuer").get_json()
    assert profile["id"] == "http://localhost/issuer" and profile["type"] == ["Profile"]
    method = profile["verificationMethod"][0]
    thumbprint = signing.thumbprint(signing.signing_key().public_key())
    assert method["id"] == key["kid"] == f"http://localhost/issuer/keys/{thumbprint}.json"
    assert method["publicKeyJwk"]["x"] == key["x"]
    assert client.get(key["kid"].removeprefix("http://localhost")).get_json() == key
    assert client.get("/issuer/keys/not-our-key.json").status_code == 404
    assert "d" not in key, "the private part is never published"


def test_an_independent_jose_library_finds_the_key_by_kid_in_the_served_jwks(client, auth, cohort, fake_pdf):
    """jwcrypto, given only the served JWKS, picks the key named by the token's ``kid`` and verifies."""
    learner = make_user(name="Lea Learner")
    certificate = certified_learner(cohort, learner)
    auth.login_as(learner)
    token = client.get(f"/certificates/{certificate.id}/badge.jwt").get_data(as_text=True)
    keyset = jose_jwk.JWKSet.from_json(client.get("/.well-known/jwks.json").get_data(as_text=True))
    kid = jwt.get_unverified_header(token)["kid"]
    assert keyset.get_key(kid) is not None, "the header's kid names a key of the JWKS"
    verified = jose_jwt.JWT(jwt=token, key=keyset, algs=["EdDSA"])
    claims = json.loads(verified.claims)
    assert claims["iss"] == "http://localhost/issuer" and claims["credentialSubject"]["name"] == "Lea Learner"
    header_part, payload_part, signature_part = token.split(".")
    forged = json.loads(jwt.utils.base64url_decode(payload_part))
    forged["credentialSubject"]["name"] = "Mallory"
    forged_part = jwt.utils.base64url_encode(json.dumps(forged).encode()).decode()
    with pytest.raises(JWException):
        jose_jwt.JWT(jwt=f"{header_part}.{forged_part}.{signature_part}", key=keyset, algs=["EdDSA"])


def test_signing_key_is_created_once_with_owner_only_permissions(app):
    path = signing.key_path(app)
    first = signing.thumbprint(signing.signing_key(app).public_key())
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    app.extensions.pop("lms_credential_keys")
    assert signing.thumbprint(signing.signing_key(app).public_key()) == first


def test_a_configured_key_path_is_used(app_factory, tmp_path):
    app = app_factory(CREDENTIAL_SIGNING_KEY_PATH=str(tmp_path / "shared" / "issuer.pem"))
    with app.app_context():
        signing.signing_key(app)
    assert (tmp_path / "shared" / "issuer.pem").exists()
