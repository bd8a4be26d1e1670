"""The issuer's Ed25519 signing key and VC-JWT signatures of credentials.

The key is a PEM file, created on first use with mode 0600 in ``instance/keys/``.
With several servers, every one must sign with the same key: create it once
(``flask certificates key``) and point ``CREDENTIAL_SIGNING_KEY_PATH`` at a copy of
that file on each machine (or a shared secret mount). Its public half is published as a
JWK at ``/issuer/keys/<thumbprint>.json`` and in ``/.well-known/jwks.json``, named by its
RFC 7638 thumbprint, so it stays the same for as long as the key does.

The key's ``kid`` is that URL, the same string in the JWT header, in the JWKS, in the
served JWK and as the issuer profile's verification method: a verifier that follows
Open Badges dereferences the header's ``kid``; a JOSE library finds the key by ``kid``
in the JWKS.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
from datetime import datetime
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import Flask, current_app

from lms.certificates.badges import issuer_id, key_url

DEFAULT_KEY_FILE = "credential-signing-ed25519.pem"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def key_path(app: Flask) -> Path:
    configured = app.config.get("CREDENTIAL_SIGNING_KEY_PATH")
    return Path(configured) if configured else Path(app.instance_path) / "keys" / DEFAULT_KEY_FILE


def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    """Read the PEM key at ``path``, creating it (0600, in a 0700 folder) when absent."""
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first; use theirs
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return key


def signing_key(app: Flask | None = None) -> Ed25519PrivateKey:
    """The application's signing key, loaded once per process."""
    app = app or current_app._get_current_object()
    path = key_path(app)
    cache = app.extensions.setdefault("lms_credential_keys", {})
    if path not in cache:
        cache[path] = load_or_create_key(path)
    return cache[path]


def _x(public_key: Ed25519PublicKey) -> str:
    return _b64url(public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def thumbprint(public_key: Ed25519PublicKey) -> str:
    """The key's RFC 7638 JWK thumbprint (SHA-256): the last part of its URL."""
    canonical = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": _x(public_key)}, separators=(",", ":"),
                           sort_keys=True)
    return _b64url(hashlib.sha256(canonical.encode("ascii")).digest())


def public_jwk(public_key: Ed25519PublicKey, base_url: str) -> dict:
    """The public key as a JWK whose ``kid`` is the URL it is published at."""
    return {"kty": "OKP", "crv": "Ed25519", "x": _x(public_key), "kid": key_url(base_url, thumbprint(public_key)),
            "alg": "EdDSA", "use": "sig"}


def verification_method(base_url: str, jwk: dict) -> dict:
    """How the issuer profile names its key (a JSON Web Key, controlled by the issuer)."""
    return {"id": jwk["kid"], "type": "JsonWebKey",
            "controller": issuer_id(base_url), "publicKeyJwk": {k: jwk[k] for k in ("kty", "crv", "x")}}


def sign_credential(credential: dict, key: Ed25519PrivateKey, base_url: str) -> str:
    """The credential as a VC-JWT (Open Badges 3.0 §8.2): the payload is the credential
    with the registered claims ``iss``, ``jti`` and ``nbf``; ``kid`` is the key's URL, the
    ``kid`` of the key in the JWKS. Ed25519 signatures are deterministic, so the same
    credential always gives the same JWT."""
    issuer = credential["issuer"]
    payload = dict(credential)
    payload.update({
        "iss": issuer["id"] if isinstance(issuer, dict) else issuer,
        "jti": credential["id"],
        "nbf": int(datetime.fromisoformat(credential["validFrom"].replace("Z", "+00:00")).timestamp()),
    })
    headers = {"kid": public_jwk(key.public_key(), base_url)["kid"], "typ": "JWT"}
    return jwt.encode(payload, key, algorithm="EdDSA", headers=headers)

