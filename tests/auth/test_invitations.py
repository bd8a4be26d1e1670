"""Invitations: an emailed single-use, expiring link to choose a password and sign in."""
from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from lms import outbox
from lms.auth import services, tokens
from lms.auth.models import AccountToken, TokenPurpose, User
from lms.extensions import db
from lms.outbox import OutboxEmail, OutboxStatus
from tests.auth.conftest import link_path
from tests.auth.helpers import past_welcome, signed_in_name
from tests.factories.auth import PASSWORD, make_user

NEW_PASSWORD = "my own new password"


def _set_password(client, path, password=NEW_PASSWORD, confirm=None):
    return client.post(path, data={"new_password": password, "confirm": confirm or password})


def _invite(email="new@example.org", name="Nia New", **kwargs):
    user, url = services.invite_user(email, name, **kwargs)
    db.session.commit()
    return user, url


def test_invitation_email_links_to_a_page_that_sets_the_password_and_signs_in(client, mailbox, admin):
    _invite(invited_by=admin, cohort_name="Spring 2026 web foundations")

    [message] = mailbox.to("new@example.org")
    assert message["Subject"] == "Ada Admin invited you to Skill Tracks"
    assert 'the cohort "Spring 2026 web foundations"' in mailbox.text_of(message)
    path = link_path(message, "invite")

    page = client.get(path)
    assert page.status_code == 200
    assert b"Welcome, <bdi>Nia New</bdi>" in page.data and b"new@example.org" in page.data
    response = _set_password(client, path)
    assert response.status_code == 302
    assert signed_in_name(client) == "Nia New"
    client.post("/logout")
    signed_in = client.post("/login", data={"email": "new@example.org", "password": NEW_PASSWORD})
    assert past_welcome(signed_in.location) == "/"
    assert signed_in_name(client) == "Nia New", "the chosen password signs in"


def test_invitation_link_works_only_once(client, mailbox, admin):
    _, url = _invite(invited_by=admin)
    path = link_path(mailbox.messages[0], "invite")
    _set_password(client, path)
    client.post("/logout")

    again = client.get(path)
    assert again.status_code == 410
    assert b"This link was already used" in again.data
    assert b"Sign in" in again.data
    assert _set_password(client, path, "an attacker password").status_code == 410


def test_expired_invitation_says_when_it_expired(client, clock):
    make_user(email="late@example.org", name="Lou Late", password=False, timezone="Europe/Berlin")
    _, url = _invite("late@example.org", "Lou Late", invited_by=None)
    clock.advance(hours=72)

    response = client.get(url)
    assert response.status_code == 410
    assert b"This link expired on 8 March 2026 at 13:00 (Europe/Berlin)" in response.data
    assert b"ask the person who invited you" in response.data


def test_invitation_still_works_just_before_it_expires(client, clock):
    _, url = _invite(invited_by=None)
    clock.advance(hours=71, minutes=59)
    assert client.get(url).status_code == 200


def test_tampered_link_is_not_valid(client):
    _, url = _invite(invited_by=None)
    tampered = url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")
    response = client.get(tampered)
    assert response.status_code == 404
    assert b"This link is not valid" in response.data
    assert client.get("/invite/garbage").status_code == 404


def test_a_new_invitation_cancels_the_older_one(client):
    _, first = _invite(invited_by=None)
    _, second = _invite(invited_by=None)
    assert b"This link is not valid" in client.get(first).data
    assert client.get(second).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(AccountToken)) == 1


def test_reset_link_cannot_be_used_as_an_invitation(client, user):
    signed, _ = tokens.issue_token(user, TokenPurpose.RESET)
    db.session.commit()
    assert client.get(f"/invite/{signed}").status_code == 404
    assert client.get(f"/password/reset/{signed}").status_code == 200


def test_database_stores_only_a_hash_of_the_token(app):
    _, url = _invite(invited_by=None)
    token = db.session.scalar(select(AccountToken))
    assert len(token.token_hash) == 64
    assert token.token_hash not in url


def test_mismatched_passwords_keep_the_link_usable(client):
    _, url = _invite(invited_by=None)
    response = _set_password(client, url, NEW_PASSWORD, "something else entirely")
    assert response.status_code == 400
    assert b"The passwords do not match." in response.data
    assert _set_password(client, url).status_code == 302


def test_deactivated_account_cannot_use_its_invitation(client):
    user, url = _invite(invited_by=None)
    user.is_active = False
    db.session.commit()
    assert client.get(url).status_code == 404


def test_inviting_someone_who_has_a_password_sends_a_sign_in_note(app, mailbox, admin, user):
    invited, url = _invite(user.email, "ignored", invited_by=admin, cohort_name="Cohort B")
    assert invited.id == user.id and invited.name == "Lea Learner"
    assert url == "http://localhost/login"
    text = mailbox.text_of(mailbox.to(user.email)[0])
    assert "sign in with your usual password" in text and "http://localhost/login" in text
    assert db.session.scalar(select(func.count()).select_from(AccountToken)) == 0


def test_inviting_a_deactivated_account_is_refused(app):
    make_user(email="gone@example.org", is_active=False)
    with pytest.raises(services.AccountError, match="deactivated"):
        services.invite_user("gone@example.org", "Gone", invited_by=None)


def test_a_failed_invitation_email_stays_in_the_outbox_and_goes_out_later(app, client, mailbox):
    from tests.smtp import free_port

    app.config.update(MAIL_PORT=free_port(), MAIL_TIMEOUT=2)  # the mail server is down
    _, url = _invite(invited_by=None)
    assert url.startswith("http://localhost/invite/"), "the link is still returned"
    [email] = db.session.scalars(select(OutboxEmail)).all()
    assert email.status == OutboxStatus.PENDING and "MailError" in email.last_error
    assert mailbox.messages == []

    app.config["MAIL_PORT"] = mailbox.port
    assert outbox.deliver_due(now=email.next_attempt_at) == 1
    [message] = mailbox.to("new@example.org")
    assert link_path(message, "invite") == urlsplit(url).path
    assert client.get(url).status_code == 200


def test_a_link_is_consumed_once_even_by_racing_requests(app, user):
    signed, _ = tokens.issue_token(user, TokenPurpose.RESET)
    db.session.commit()
    first = tokens.resolve_token(signed, TokenPurpose.RESET)
    tokens.consume_token(first)
    db.session.commit()
    # A second request resolved the link before the first one committed.
    with pytest.raises(tokens.UsedLink):
        tokens.consume_token(first)


def test_using_a_link_cancels_the_other_unused_links(client, user):
    invite, _ = tokens.issue_token(user, TokenPurpose.INVITE)
    reset, _ = tokens.issue_token(user, TokenPurpose.RESET)
    db.session.commit()
    assert _set_password(client, f"/password/reset/{reset}").status_code == 302
    assert client.get(f"/invite/{invite}").status_code == 404


@pytest.mark.parametrize("used_at, now, state", [
    (None, datetime(2026, 1, 1, 11, 59, tzinfo=timezone.utc), tokens.LinkState.VALID),
    (None, datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc), tokens.LinkState.EXPIRED),
    (datetime(2026, 1, 1, 10, tzinfo=timezone.utc), datetime(2026, 1, 1, 11, tzinfo=timezone.utc),
     tokens.LinkState.USED),
    (datetime(2026, 1, 1, 10, tzinfo=timezone.utc), datetime(2026, 1, 2, tzinfo=timezone.utc),
     tokens.LinkState.USED),
])
def test_link_state(used_at, now, state):
    assert tokens.link_state(used_at, datetime(2026, 1, 1, 12, tzinfo=timezone.utc), now) is state


def test_describe_time_uses_the_zone_and_falls_back_to_utc():
    moment = datetime(2026, 3, 8, 12, 0, tzinfo=timezone.utc)
    assert tokens.describe_time(moment, "Asia/Kolkata") == "8 March 2026 at 17:30 (Asia/Kolkata)"
    assert tokens.describe_time(moment, "Not/AZone") == "8 March 2026 at 12:00 (UTC)"


def test_invited_user_exists_without_a_password_until_they_choose_one(app):
    user, _ = _invite(invited_by=None)
    assert db.session.get(User, user.id).password_hash is None
    assert services.authenticate("new@example.org", PASSWORD) is None
