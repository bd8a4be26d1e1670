"""Self-registration: off by default (404, no link); when on, people create their own account."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.auth.passwords import verify_password
from lms.extensions import db
from tests.auth.conftest import link_path
from tests.auth.helpers import flashes, past_welcome, signed_in_name
from tests.factories.auth import PASSWORD, make_user

FORM = {"email": "self@example.org", "name": "Sam Self", "new_password": "long enough pass",
        "confirm": "long enough pass"}


@pytest.fixture
def open_registration(app):
    app.config["SELF_REGISTRATION"] = True


def test_registration_is_off_by_default(client):
    assert client.get("/register").status_code == 404
    assert client.post("/register", data=FORM).status_code == 404
    assert b"/register" not in client.get("/login").data


def test_login_page_links_to_registration_when_on(client, open_registration):
    assert b'href="/register"' in client.get("/login").data


REGISTERED = ("Almost done: we sent an email to the address you gave. "
              "Open the link in it to start using your account.")


def _confirmation_path(mailbox, email="self@example.org") -> str:
    [message] = mailbox.to(email)
    assert message["Subject"].startswith("Confirm your email address")
    return link_path(message, "register/confirm")


def _register(client, **fields):
    response = client.post("/register", data={**FORM, **fields})
    response.close()  # the email goes out once the response is finished
    return response


def test_registering_emails_a_confirmation_link_and_the_account_waits_for_it(client, auth, mailbox,
                                                                           open_registration):
    response = _register(client)
    assert response.status_code == 302 and response.location == "/login"
    assert flashes(client.get("/login").get_data(as_text=True)) == [REGISTERED]
    assert signed_in_name(client) is None
    refused = auth.login("self@example.org", "long enough pass")
    assert refused.status_code == 200 and b"Confirm your email address first" in refused.data
    assert signed_in_name(client) is None, "an unconfirmed account cannot sign in"

    path = _confirmation_path(mailbox)
    assert b"Confirm my email address" in client.get(path).data
    assert signed_in_name(client) is None, "opening the link (a mail scanner may) confirms nothing"
    confirmed = client.post(path)
    assert past_welcome(confirmed.location) == "/profile"
    assert signed_in_name(client) == "Sam Self"
    auth.logout()
    assert past_welcome(auth.login("self@example.org", "long enough pass").location) == "/"
    assert client.get(path).status_code == 410, "the link works once"


def test_a_known_address_gets_the_same_answer_and_its_owner_an_email(client, mailbox, open_registration):
    owner = make_user(email="self@example.org", name="Owner")
    known = _register(client, email="SELF@example.org")
    known_page = client.get(known.location).get_data(as_text=True)
    new = _register(client, email="new@example.org")
    new_page = client.get(new.location).get_data(as_text=True)
    assert (known.status_code, known.location) == (new.status_code, new.location) == (302, "/login")
    assert flashes(known_page) == flashes(new_page) == [REGISTERED]
    [note] = mailbox.to("self@example.org")
    assert "tried to create an account" in note["Subject"]
    assert "/password/forgot" in mailbox.text_of(note)
    db.session.refresh(owner)
    assert owner.name == "Owner" and verify_password(owner.password_hash, PASSWORD), "nothing changed"


def test_a_password_reset_confirms_the_address_and_cancels_the_registrants_link(client, auth, mailbox,
                                                                              open_registration):
    _register(client)
    path = _confirmation_path(mailbox)
    client.post("/password/forgot", data={"email": "self@example.org"}).close()
    reset = link_path(mailbox.to("self@example.org")[-1], "password/reset")
    client.post(reset, data={"new_password": "the owner's password", "confirm": "the owner's password"})
    assert signed_in_name(client) == "Sam Self"
    auth.logout()
    assert client.get(path).status_code in (404, 410), "the registration's link no longer works"
    assert auth.login("self@example.org", "long enough pass").status_code == 200


def test_enrolling_an_unconfirmed_address_invites_its_owner_not_the_registrant(app, client, auth, mailbox,
                                                                             admin, open_registration):
    from lms.cohorts.enrolment import enrol_list
    from lms.cohorts.enrolment_csv import CsvRow
    from lms.cohorts.models import Enrollment, EnrollmentRole
    from tests.factories.cohorts import make_cohort

    _register(client, email="victim@example.org", name="Squatter", new_password="attacker pass",
              confirm="attacker pass")
    squatter_link = _confirmation_path(mailbox, "victim@example.org")
    cohort = make_cohort(capacity=1)
    [row] = enrol_list(cohort, [CsvRow(1, "victim@example.org", "Vic Victim")], EnrollmentRole.LEARNER, actor=admin)
    db.session.commit()
    assert row.action == "invite"

    assert client.get(squatter_link).status_code == 404, "the registrant's link is cancelled"
    assert auth.login("victim@example.org", "attacker pass").status_code == 200
    assert signed_in_name(client) is None, "the registrant's password is gone"
    invitation = link_path(mailbox.to("victim@example.org")[-1], "invite")
    client.post(invitation, data={"new_password": "the real owner", "confirm": "the real owner"})
    assert signed_in_name(client) == "Vic Victim"
    [enrolment] = db.session.scalars(select(Enrollment)).all()
    assert enrolment.user.email == "victim@example.org" and enrolment.user.is_confirmed


def test_registration_checks_the_password(client, open_registration):
    short = client.post("/register", data={**FORM, "new_password": "short", "confirm": "short"})
    assert short.status_code == 400 and b"Use at least 10 characters." in short.data
    mismatch = client.post("/register", data={**FORM, "confirm": "something different"})
    assert mismatch.status_code == 400 and b"The passwords do not match." in mismatch.data
