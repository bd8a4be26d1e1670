"""Revocation is published: each credential names its bit in a Bitstring Status List that
the site serves as a signed VC-JWT, and a revoked certificate's bit is set, so a verifier
that checks status refuses the credential (the verify page and JSON say revoked too)."""
from __future__ import annotations

import gzip
import json

import jwt
import pytest
from jwcrypto import jwk as jose_jwk, jwt as jose_jwt
from sqlalchemy import select

from lms.certificates import services, status_list
from lms.certificates.models import Certificate
from lms.certificates.publishing import signed_credential_of
from lms.extensions import db
from tests.certificates.test_badges import _errors
from tests.factories.auth import make_user
from tests.factories.certificates import certified_learner


def test_bits_count_from_the_left_in_a_gzipped_base64url_multibase_list():
    encoded = status_list.encode([0, 9, status_list.LIST_SIZE - 1])
    assert encoded.startswith("u") and "=" not in encoded and "+" not in encoded and "/" not in encoded
    bits = status_list.decode(encoded)
    assert len(bits) == status_list.LIST_SIZE // 8 == 16_384
    assert bits[0] == 0b1000_0000 and bits[1] == 0b0100_0000 and bits[-1] == 0b0000_0001
    assert [status_list.is_set(bits, i) for i in (0, 1, 8, 9, 10)] == [True, False, False, True, False]
    assert gzip.decompress(jwt.utils.base64url_decode(encoded[1:])) == bits
    assert status_list.encode([]) == status_list.encode([])  # the same bits, the same text
    assert status_list.locate(status_list.LIST_SIZE + 5) == (2, 5)


def _verified(client, token: str) -> dict:
    """Claims of a VC-JWT, verified as an outside verifier would: key by ``kid`` from the JWKS."""
    keyset = jose_jwk.JWKSet.from_json(client.get("/.well-known/jwks.json").get_data(as_text=True))
    return json.loads(jose_jwt.JWT(jwt=token, key=keyset, algs=["EdDSA"]).claims)


def _revoked_per_status_list(client, credential: dict) -> bool:
    """What a verifier following the Bitstring Status List specification concludes."""
    entry = credential["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry" and entry["statusPurpose"] == "revocation"
    response = client.get(entry["statusListCredential"].removeprefix("http://localhost"))
    assert response.status_code == 200 and response.mimetype == "application/vc+jwt"
    assert "max-age" in response.headers["Cache-Control"]
    status = _verified(client, response.get_data(as_text=True))
    assert status["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert status["id"] == entry["statusListCredential"] and status["issuer"]["id"] == credential["issuer"]["id"]
    subject = status["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "revocation"
    return status_list.is_set(status_list.decode(subject["encodedList"]), int(entry["statusListIndex"]))


def test_a_revoked_certificates_credential_no_longer_verifies_as_valid(client, auth, cohort, admin, fake_pdf):
    learner = make_user(name="Lea Learner")
    certificate = certified_learner(cohort, learner)
    other = certified_learner(cohort, make_user(name="Ole Other"))
    auth.login_as(learner)
    credential = _verified(client, client.get(f"/certificates/{certificate.id}/badge.jwt").get_data(as_text=True))
    assert credential["credentialStatus"] == client.get(f"/certificates/{certificate.id}/badge.json").get_json()[
        "credentialStatus"]
    assert credential["credentialStatus"]["statusListCredential"] == "http://localhost/credentials/status/1"
    assert not _revoked_per_status_list(client, credential)

    services.revoke(certificate, "Plagiarised the capstone", admin)
    db.session.commit()
    assert _revoked_per_status_list(client, credential)
    assert not _revoked_per_status_list(client, _verified(client, signed_credential_of(other)))
    assert client.get(f"/verify/{certificate.code}.json").get_json()["status"] == "revoked"
    assert "revoked" in client.get(f"/verify/{certificate.code}").get_data(as_text=True)


def test_the_credential_with_its_status_still_validates_against_the_open_badges_schema(
        client, auth, cohort, fake_pdf):
    learner = make_user()
    certificate = certified_learner(cohort, learner)
    auth.login_as(learner)
    credential = client.get(f"/certificates/{certificate.id}/badge.json").get_json()
    assert _errors(credential) == []
    position = str(certificate.status_list_index)
    assert credential["credentialStatus"] == {
        "id": f"http://localhost/credentials/status/1#{position}", "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation", "statusListIndex": position,
        "statusListCredential": "http://localhost/credentials/status/1"}


def test_each_certificate_takes_its_own_index_once(cohort, admin, fake_pdf):
    first = certified_learner(cohort, make_user())
    second = certified_learner(cohort, make_user())
    assert (first.status_list_index, second.status_list_index) == (0, 1)
    replacement = services.reissue(first, admin)
    db.session.commit()
    db.session.refresh(first)
    assert first.status_list_index == 0 and replacement.status_list_index == 2


def test_an_index_taken_meanwhile_is_skipped(cohort, fake_pdf, monkeypatch):
    certified_learner(cohort, make_user())
    real = services.next_status_list_index
    calls = []

    def stale_index():
        calls.append(1)
        return 0 if len(calls) == 1 else real()  # the first look ran before the other certificate's commit

    monkeypatch.setattr(services, "next_status_list_index", stale_index)
    certificate = certified_learner(cohort, make_user())
    assert certificate.status_list_index == 1 and len(calls) == 2
    assert sorted(db.session.scalars(select(Certificate.status_list_index))) == [0, 1]


def test_only_lists_in_use_are_served(client, app):
    assert client.get("/credentials/status/1").status_code == 200  # the first list exists from the start
    assert client.get("/credentials/status/2").status_code == 404
    assert client.get("/credentials/status/0").status_code == 404


@pytest.mark.parametrize("index", [0, status_list.LIST_SIZE - 1, status_list.LIST_SIZE])
def test_an_index_names_its_list_and_bit(index):
    entry = status_list.status_entry("https://learn.example.org/", index)
    number, position = divmod(index, status_list.LIST_SIZE)
    assert entry["statusListCredential"] == f"https://learn.example.org/credentials/status/{number + 1}"
    assert entry["statusListIndex"] == str(position) and entry["id"].endswith(f"#{position}")
