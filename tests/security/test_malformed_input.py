"""Input no page can use (NUL characters, links that are not UTF-8) is a clear 400, never a 500.

PostgreSQL refuses NUL in text, so each of these was a 500 there before one check in
``lms/security.py`` refused them for every route; the fuzz test over every route is
``tests/security/test_no_server_errors.py``.
"""
from __future__ import annotations

import io

import pytest

from lms.auth import services as account_services
from lms.cohorts import calendar
from lms.extensions import db
from tests.factories.scenario import TwoCohorts, two_cohorts
from tests.security.conftest import sign_in_as

NUL_REFUSAL = "contains a NUL character"


@pytest.fixture
def world(app) -> TwoCohorts:
    return two_cohorts()


def _refused(response, text: str = NUL_REFUSAL) -> bool:
    return response.status_code == 400 and text in response.get_data(as_text=True)


def test_a_nul_in_the_sign_in_email_is_a_400_naming_the_field(client, world):
    response = client.post("/login", data={"email": world.email(world.learner_a) + "\0", "password": "x"})
    assert _refused(response, "“email” contains a NUL character")


def test_a_nul_in_a_calendar_token_is_refused(client, world):
    assert _refused(client.get("/calendar/abc%00def.ics"), "“The address” contains a NUL character")


def test_calendar_tokens_of_the_wrong_shape_are_not_looked_up(world):
    assert calendar.user_for_token("abc\0def") is None
    assert calendar.user_for_token("x" * 10_000) is None
    assert calendar.user_for_token(world.calendar_token_a) is not None


def test_a_nul_in_the_admin_user_search_is_refused(client, world):
    sign_in_as(client, world, "admin")
    assert _refused(client.get("/admin/users/", query_string={"q": "lea\0"}))


def test_an_invalid_user_search_is_shown_and_not_run(client, world, monkeypatch):
    sign_in_as(client, world, "admin")
    searched = []
    monkeypatch.setattr(account_services, "search_users",
                        lambda *args, **kwargs: searched.append(args) or db.select(account_services.User))
    response = client.get("/admin/users/", query_string={"q": "x" * 300, "status": "nonsense"})
    assert response.status_code == 200
    assert "Field cannot be longer than 254 characters." in response.get_data(as_text=True)
    assert searched == [("",)]


def test_a_nul_in_an_uploaded_file_name_is_refused(client, world):
    sign_in_as(client, world, "admin")
    response = client.post("/admin/tracks/upload", data={"archive": (io.BytesIO(b"PK"), "evil\0.zip")},
                           content_type="multipart/form-data")
    assert _refused(response, "“The name of an uploaded file” contains a NUL character")


@pytest.mark.parametrize("url", ["/login?next=%ff%fe", "/certificates/verify/%ff%fe", "/login?%c3=1"])
def test_a_link_that_is_not_utf8_is_refused(client, url):
    assert _refused(client.get(url), "The address is not valid UTF-8 text.")


def test_ordinary_text_passes(client, world):
    """Accents, emoji and a replacement character typed as such are text like any other."""
    response = client.post("/login", data={"email": "zoë😀\ufffd@example.org", "password": "x"})
    assert response.status_code == 200


def test_an_id_larger_than_any_column_holds_matches_no_route(client, world):
    sign_in_as(client, world, "admin")
    assert client.get("/submissions/" + "9" * 40).status_code == 404
    assert client.get(f"/submissions/{2**31}").status_code == 404


@pytest.mark.parametrize("url", ["/admin/users/?page=" + "9" * 40, "/reviews/?assignment=" + "9" * 40])
def test_a_number_too_large_for_the_database_is_a_400(client, world, url):
    sign_in_as(client, world, "admin")
    assert _refused(client.get(url), "A value in the request is out of range.")


def test_a_tampered_cohort_version_is_refused_not_a_crash(client, world):
    sign_in_as(client, world, "admin")
    response = client.post(f"/cohorts/{world.cohort_a}/edit", data={
        "name": "Cohort A", "track_id": "1", "starts_on": "2030-01-01", "ends_on": "2030-03-01",
        "timezone": "UTC", "review_policy": "any_mentor", "review_turnaround_hours": "48", "version": "x" * 5000})
    assert response.status_code == 200 and "Please correct the highlighted field" in response.get_data(as_text=True)
