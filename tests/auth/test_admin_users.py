"""The admin user list: search, add and invite, deactivate with confirmation, reactivate."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms import outbox
from lms.auth import services
from lms.auth.models import User
from lms.database import utcnow
from lms.extensions import db
from tests.auth.conftest import link_path
from tests.factories.auth import make_admin, make_user
from tests.querycount import count_queries


@pytest.fixture
def signed_in_admin(client, auth, admin):
    auth.login_as(admin)
    return admin


def _user(email):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def test_only_admins_reach_the_user_pages(client, auth, user):
    assert client.get("/admin/users/").status_code == 302, "anonymous: to the sign-in page"
    auth.login_as(user)
    assert client.get("/admin/users/").status_code == 403
    assert client.post("/admin/users/", data={"email": "x@example.org", "name": "X"}).status_code == 403
    assert b'href="/admin/users/"' not in client.get("/profile").data


def test_admins_see_the_users_link_and_everyone(client, signed_in_admin, user):
    assert b'href="/admin/users/"' in client.get("/profile").data
    page = client.get("/admin/users/")
    assert page.status_code == 200
    assert b"learner@example.org" in page.data and b"admin@example.org" in page.data


def test_search_and_filters(client, signed_in_admin):
    make_user(email="maria@example.org", name="Maria Lopez")
    make_user(email="tom@example.org", name="Tom Invited", password=False)
    make_user(email="old@example.org", name="Old Timer", is_active=False)

    assert b"maria@example.org" in client.get("/admin/users/?q=lopez").data
    assert b"tom@example.org" not in client.get("/admin/users/?q=lopez").data
    invited = client.get("/admin/users/?status=invited").data
    assert b"tom@example.org" in invited and b"maria@example.org" not in invited
    deactivated = client.get("/admin/users/?status=deactivated").data
    assert b"old@example.org" in deactivated and b"tom@example.org" not in deactivated
    admins = client.get("/admin/users/?role=admin").data
    assert b"admin@example.org" in admins and b"maria@example.org" not in admins
    assert b"No account matches these filters." in client.get("/admin/users/?q=%25").data, \
        "a typed % is not a wildcard"


def test_user_list_runs_a_constant_number_of_queries(client, signed_in_admin):
    make_user()
    with count_queries() as few:
        client.get("/admin/users/")
    for _ in range(30):
        make_user(password=False)
    with count_queries() as many:
        client.get("/admin/users/")
    assert many.count == few.count, many


def test_adding_a_person_emails_an_invitation(client, mailbox, signed_in_admin):
    response = client.post("/admin/users/", data={"email": "New@Example.org", "name": "Nia New",
                                                 "send_invitation": "y"})
    response.close()  # the email goes out once the response is finished
    assert response.status_code == 302
    assert b"new@example.org was added and invited by email." in client.get(response.location).data
    [message] = mailbox.to("new@example.org")
    assert client.get(link_path(message, "invite")).status_code == 200
    assert _user("new@example.org").password_hash is None


def test_adding_an_admin_without_email_shows_the_link_to_share(client, mailbox, signed_in_admin):
    response = client.post("/admin/users/", data={"email": "boss@example.org", "name": "Bo Boss", "is_admin": "y"})
    page = client.get(response.location).data.decode()
    assert "No email was sent: share this invitation link with them: http://localhost/invite/" in page
    assert mailbox.messages == []
    assert _user("boss@example.org").is_admin


def test_adding_a_taken_email_keeps_the_form(client, signed_in_admin, user):
    response = client.post("/admin/users/", data={"email": user.email, "name": "Someone Else"})
    assert response.status_code == 400
    assert b"already exists" in response.data
    assert b'value="Someone Else"' in response.data


def test_a_failed_invitation_email_still_adds_the_person_and_is_sent_later(app, client, mailbox, signed_in_admin):
    from tests.smtp import free_port

    app.config.update(MAIL_PORT=free_port(), MAIL_TIMEOUT=2)  # the mail server is down
    response = client.post("/admin/users/", data={"email": "new@example.org", "name": "Nia", "send_invitation": "y"})
    assert "new@example.org was added and invited by email." in client.get(response.location).data.decode()
    assert _user("new@example.org") is not None and mailbox.messages == []

    app.config["MAIL_PORT"] = mailbox.port
    assert outbox.deliver_due(now=utcnow() + timedelta(minutes=1)) == 1
    assert client.get(link_path(mailbox.to("new@example.org")[0], "invite")).status_code == 200


def test_resending_an_invitation_cancels_the_old_link(client, mailbox, signed_in_admin):
    client.post("/admin/users/", data={"email": "new@example.org", "name": "Nia", "send_invitation": "y"}).close()
    user = _user("new@example.org")
    client.post(f"/admin/users/{user.id}/invite").close()  # the email goes out once the response is finished
    first, second = (link_path(m, "invite") for m in mailbox.to("new@example.org"))
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_deactivation_asks_first_then_ends_sessions(app, client, signed_in_admin, user):
    other = app.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = user.get_id()
    assert other.get("/profile").status_code == 200

    confirm = client.get(f"/admin/users/{user.id}/deactivate")
    assert confirm.status_code == 200
    assert b"Deactivate <bdi>Lea Learner</bdi>?" in confirm.data and b"signed out everywhere" in confirm.data
    assert _user(user.email).is_active, "asking changes nothing"

    response = client.post(f"/admin/users/{user.id}/deactivate")
    assert response.status_code == 302
    assert not _user(user.email).is_active
    assert other.get("/profile").status_code == 302, "their session ended"
    assert b"Reactivate" in client.get("/admin/users/").data


def test_reactivation(client, signed_in_admin):
    gone = make_user(email="gone@example.org", is_active=False)
    client.post(f"/admin/users/{gone.id}/reactivate")
    assert _user("gone@example.org").is_active


def test_admins_cannot_deactivate_themselves(client, signed_in_admin):
    response = client.post(f"/admin/users/{signed_in_admin.id}/deactivate")
    assert b"You cannot deactivate your own account." in client.get(response.location).data
    assert _user(signed_in_admin.email).is_active


def test_the_last_active_admin_keeps_their_rights(app):
    only = make_admin(email="only@example.org")
    make_admin(email="retired@example.org", is_active=False)
    with pytest.raises(services.AccountError, match="last active admin"):
        services.set_active(only, False)
    with pytest.raises(services.AccountError, match="last active admin"):
        services.set_admin(only, False)
    make_admin(email="second@example.org")
    services.set_admin(only, False)
    assert not only.is_admin


def test_unknown_user_is_404(client, signed_in_admin):
    assert client.get("/admin/users/9999/deactivate").status_code == 404
    assert client.post("/admin/users/9999/reactivate").status_code == 404


def test_admin_can_add_a_demo_address_on_a_test_domain(client, auth, admin):
    auth.login_as(admin)
    response = client.post("/admin/users/", data={"email": "new.person@demo.test", "name": "New Person",
                                                   "send_invitation": ""})
    assert response.status_code == 302
    from lms.auth.services import find_user_by_email
    assert find_user_by_email("new.person@demo.test") is not None
