"""Protections not covered by a feature's own tests: password storage, headers on every
response, redirects that stay on the site. See docs/security.md for the full list."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from flask import url_for
from sqlalchemy import select

from lms.auth.models import User
from lms.extensions import db
from lms.notifications.models import Notification
from tests.factories.auth import PASSWORD
from tests.factories.scenario import TwoCohorts, two_cohorts
from tests.security.conftest import sign_in_as
from tests.security.test_authorization_matrix import MATRIX


@pytest.fixture
def world(app) -> TwoCohorts:
    return two_cohorts()


def test_passwords_are_stored_as_argon2id_hashes_only(client, world):
    sign_in_as(client, world, "learner_a")
    new = "a passphrase nobody guesses"
    client.post("/profile/password", data={"current_password": PASSWORD, "new_password": new, "confirm": new})
    stored = db.session.scalar(select(User.password_hash).where(User.id == world.learner_a))
    assert stored.startswith("$argon2id$") and new not in stored
    assert PasswordHasher().verify(stored, new)


def test_signing_in_upgrades_a_hash_made_with_weaker_parameters(client, world):
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    db.session.execute(db.update(User).where(User.id == world.learner_b).values(password_hash=weak))
    db.session.commit()
    assert client.post("/login", data={"email": world.email(world.learner_b), "password": PASSWORD}).status_code == 302
    upgraded = db.session.scalar(select(User.password_hash).where(User.id == world.learner_b))
    assert upgraded != weak and not PasswordHasher().check_needs_rehash(upgraded)


@pytest.mark.parametrize("actor", ["anon", "learner_b", "admin"])
def test_every_response_carries_the_security_headers(app, client, world, actor):
    """Pages, downloads, refusals and errors alike, for every GET route of the matrix."""
    sign_in_as(client, world, actor)
    with app.test_request_context():
        urls = [url_for(endpoint, **row.values(world)) for (endpoint, method), row in MATRIX.items() if method == "GET"]
    for url in urls + ["/no/such/page"]:
        response = client.get(url)
        headers = response.headers
        assert "script-src 'self'" in headers["Content-Security-Policy"] or "default-src 'none'" in \
            headers["Content-Security-Policy"] or headers["Content-Security-Policy"] == "sandbox", url
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["X-Frame-Options"] == "DENY", url
        if response.mimetype == "text/html":
            assert "no-store" in headers["Cache-Control"], url


def test_a_notification_never_redirects_off_the_site(client, world):
    sign_in_as(client, world, "learner_a")
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        note = Notification(user_id=world.learner_a, kind="test", title="Go", url=target)
        db.session.add(note)
        db.session.commit()
        location = client.post(f"/notifications/{note.id}/open").headers["Location"]
        assert _stays_on_site(location), (target, location)


def test_the_approve_form_never_redirects_off_the_site(client, world):
    sign_in_as(client, world, "admin")
    response = client.post(f"/admin/certificates/{world.certificate_a}/approve", data={"next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def _stays_on_site(location: str) -> bool:
    """How a browser reads a Location: backslashes count as slashes."""
    from urllib.parse import urlsplit

    normalised = location.replace("\\", "/")
    return not urlsplit(normalised).netloc and normalised.startswith("/") and not normalised.startswith("//")


def test_docs_security_names_only_tests_that_exist():
    """docs/security.md cites ``file::test``; each must exist (a renamed test breaks the doc)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    text = (root / "docs" / "security.md").read_text()
    missing, current = [], None
    for path, names in re.findall(r"`(tests/[\w/]+\.py)((?:::\w+)*)", text):
        current = path
        assert (root / path).exists(), path
        for name in filter(None, names.split("::")):
            if f"def {name}(" not in (root / current).read_text():
                missing.append(f"{path}::{name}")
    for name in re.findall(r"`::(\w+)`", text):
        if not any(f"def {name}(" in p.read_text() for p in (root / "tests").rglob("test_*.py")):
            missing.append(name)
    assert missing == []


def test_pages_may_load_images_only_from_the_site(client):
    policy = client.get("/login").headers["Content-Security-Policy"]
    assert "img-src 'self' data:;" in policy and "https:" not in policy
