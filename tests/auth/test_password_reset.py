"""Password reset: the same answer for every address, an emailed single-use link, sessions end."""
from __future__ import annotations

from pathlib import Path

from lms.extensions import db
from tests.auth.conftest import link_path
from tests.auth.helpers import signed_in_name
from tests.factories.auth import PASSWORD, make_user

SENT = b"If an account exists for that address, we sent a link"
NEW_PASSWORD = "a fresh new password"


def _request_reset(client, email, address="10.0.0.1"):
    response = client.post("/password/forgot", data={"email": email}, environ_base={"REMOTE_ADDR": address})
    response.close()  # the email goes out once the response is finished
    return response


def _set_password(client, path, password=NEW_PASSWORD):
    return client.post(path, data={"new_password": password, "confirm": password})


def test_login_page_links_to_the_reset_form(client):
    assert b'href="/password/forgot"' in client.get("/login").data
    page = client.get("/password/forgot")
    assert page.status_code == 200 and b"Forgot your password?" in page.data


def test_reset_link_sets_a_new_password_signs_in_and_ends_other_sessions(app, client, auth, mailbox, user):
    elsewhere = app.test_client()
    type(auth)(elsewhere).login(user.email)
    assert signed_in_name(elsewhere) == "Lea Learner"

    _request_reset(client, user.email)
    [message] = mailbox.to(user.email)
    assert message["Subject"] == "Choose a new password for Skill Tracks"
    path = link_path(message, "password/reset")
    assert b"Choose a new password" in client.get(path).data

    assert _set_password(client, path).status_code == 302
    assert signed_in_name(client) == "Lea Learner", "signed in with the new password"
    assert signed_in_name(elsewhere) is None, "the other session ended"
    auth.logout()
    assert b"Email or password is not correct." in auth.login(user.email, PASSWORD).data
    assert signed_in_name(client) is None, "the old password no longer works"
    assert auth.login(user.email, NEW_PASSWORD).location == "/"
    assert signed_in_name(client) == "Lea Learner"


def test_unknown_address_gets_the_same_answer_and_no_email(client, mailbox, user):
    known = _request_reset(client, user.email, address="10.0.0.1")
    known_page = client.get(known.location).data
    unknown = _request_reset(client, "nobody@example.org", address="10.0.0.2")
    unknown_page = client.get(unknown.location).data

    assert known.status_code == unknown.status_code == 302
    assert known.location == unknown.location
    assert SENT in known_page and SENT in unknown_page
    assert [m["To"] for m in mailbox.messages] == [user.email]


def test_deactivated_account_gets_no_email(client, mailbox):
    make_user(email="gone@example.org", is_active=False)
    _request_reset(client, "gone@example.org")
    assert mailbox.messages == []


def test_reset_link_works_once(client, mailbox, user):
    _request_reset(client, user.email)
    path = link_path(mailbox.messages[0], "password/reset")
    _set_password(client, path)
    client.post("/logout")
    response = client.get(path)
    assert response.status_code == 410
    assert b"This link was already used" in response.data
    assert b'href="/password/forgot"' in response.data, "offers a new link"


def test_reset_link_expires_after_two_hours(client, mailbox, user, clock):
    _request_reset(client, user.email)
    path = link_path(mailbox.messages[0], "password/reset")
    assert "until 5 March 2026 at 14:00 (UTC)" in mailbox.text_of(mailbox.messages[0])
    clock.advance(hours=2)
    response = client.get(path)
    assert response.status_code == 410
    assert b"This link expired on 5 March 2026 at 14:00 (UTC)" in response.data
    assert b"Request a new link" in response.data


def test_a_new_reset_request_cancels_the_earlier_link(client, mailbox, user):
    _request_reset(client, user.email)
    _request_reset(client, user.email)
    first, second = (link_path(m, "password/reset") for m in mailbox.messages)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_reset_requests_are_rate_limited_per_address(client, user):
    for n in range(5):
        assert _request_reset(client, f"someone{n}@example.org").status_code == 302
    refused = _request_reset(client, "someone-else@example.org")
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers


def test_reset_requests_are_rate_limited_per_email(client, user):
    for n in range(5):
        _request_reset(client, user.email, address=f"10.1.0.{n}")
    assert _request_reset(client, user.email, address="10.2.0.1").status_code == 429


def test_without_mail_server_the_reset_email_is_written_to_a_file(app, client, user):
    _request_reset(client, user.email)
    files = list((Path(app.instance_path) / "mail").glob("*.eml"))
    assert len(files) == 1
    assert b"/password/reset/" in files[0].read_bytes()


def test_forgot_form_requires_a_valid_email(client):
    response = client.post("/password/forgot", data={"email": "not an email"})
    assert response.status_code == 400
    assert b'value="not an email"' in response.data, "keeps what was typed"


def test_user_without_password_can_use_reset_to_set_one(client, mailbox):
    make_user(email="invited@example.org", name="Ivy Invited", password=False)
    _request_reset(client, "invited@example.org")
    path = link_path(mailbox.messages[0], "password/reset")
    assert _set_password(client, path).status_code == 302
    db.session.expire_all()
    client.post("/logout")
    assert client.post("/login", data={"email": "invited@example.org", "password": NEW_PASSWORD}).location == "/"
    assert signed_in_name(client) == "Ivy Invited"


def test_changing_the_password_cancels_every_emailed_link(client, auth, mailbox, user):
    from lms.auth import tokens
    from lms.auth.models import TokenPurpose

    _request_reset(client, user.email)
    reset_path = link_path(mailbox.messages[0], "password/reset")
    signed, _ = tokens.issue_token(user, TokenPurpose.INVITE)
    db.session.commit()
    auth.login(user.email)
    client.post("/profile/password", data={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    auth.logout()
    assert client.get(reset_path).status_code == 404
    assert client.get(f"/invite/{signed}").status_code == 404


def test_known_and_unknown_addresses_cost_the_request_the_same_work(client, mailbox, user, monkeypatch):
    from lms.auth import passwords, tokens
    from tests.querycount import count_queries

    work: list[str] = []
    monkeypatch.setattr(tokens, "issue_token", _recording(work, "token", tokens.issue_token))
    monkeypatch.setattr(passwords, "_hasher", _RecordingHasher(work, passwords._hasher))

    def request_work(email, address):
        work.clear()
        with count_queries() as queries:
            response = client.post("/password/forgot", data={"email": email}, environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 302
        done = (queries.statements, list(work))
        response.close()  # the real work happens after the response, for both
        return done

    known, unknown = request_work(user.email, "10.0.0.1"), request_work("nobody@example.org", "10.0.0.2")
    assert known == unknown
    statements, other_work = known
    assert [s.split("(")[0].strip() for s in statements if "password_reset_request" in s] == [
        "INSERT INTO password_reset_request"], "each request records itself with one INSERT, and looks nothing up"
    assert other_work == [], "no link issued, no password hashed while the request waits"
    assert [m["To"] for m in mailbox.messages] == [user.email]


def _recording(work, name, function):
    def record(*args, **kwargs):
        work.append(name)
        return function(*args, **kwargs)
    return record


class _RecordingHasher:
    def __init__(self, work, hasher):
        self.work, self.hasher = work, hasher

    def __getattr__(self, name):
        return _recording(self.work, f"argon2.{name}", getattr(self.hasher, name))
