"""Pages served again while nothing they read has changed, and never after a change."""
from __future__ import annotations

import re

import pytest

from lms.cohorts.models import EnrollmentRole, EnrollmentStatus
from lms.extensions import db
from lms.pagecache import EXTENSION, HEADER, pages as pages_module
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol, make_cohort, make_track
from tests.querycount import count_queries


@pytest.fixture
def learning(app, user):
    track = make_track(title="Web Basics")
    cohort = make_cohort(track)
    enrollment = enrol(cohort, user, EnrollmentRole.LEARNER)
    return track, cohort, enrollment


def _get(client, path: str):
    response = client.get(path)
    return response.status_code, response.headers.get(HEADER), response.get_data(as_text=True)


def test_the_second_asking_is_served_from_the_cache_with_the_same_page(client, auth, user, learning):
    track, *_ = learning
    auth.login_as(user)
    first = _get(client, f"/tracks/{track.slug}")
    second = _get(client, f"/tracks/{track.slug}")
    assert first[:2] == (200, "miss") and second[:2] == (200, "hit")
    assert second[2] == first[2] and "Web Basics" in second[2]


def test_a_change_to_what_the_page_read_is_shown_at_once(client, auth, user, learning):
    track, *_ = learning
    auth.login_as(user)
    _get(client, f"/tracks/{track.slug}")
    track.title = "Web Foundations"
    db.session.commit()
    status, outcome, body = _get(client, f"/tracks/{track.slug}")
    assert (status, outcome) == (200, "miss") and "Web Foundations" in body and "Web Basics" not in body


def test_a_change_made_through_another_app_server_is_shown_at_once(app_factory, client, auth, user, learning):
    """Two apps on one database: each keeps its own pages, and they share the versions."""
    track, *_ = learning
    auth.login_as(user)
    _get(client, f"/tracks/{track.slug}")
    other = app_factory()
    with other.app_context():
        db.session.execute(db.text("UPDATE track SET title = 'Changed Elsewhere' WHERE id = :id"), {"id": track.id})
        db.session.commit()
    status, outcome, body = _get(client, f"/tracks/{track.slug}")
    assert outcome == "miss" and "Changed Elsewhere" in body


def test_access_ends_the_moment_the_role_ends(client, auth, user, learning):
    _, cohort, enrollment = learning
    page = f"/meetings/book/{enrollment.id}"
    auth.login_as(user)
    assert _get(client, page)[:2] == (200, "miss")
    assert _get(client, page)[:2] == (200, "hit")
    enrollment.status = EnrollmentStatus.WITHDRAWN
    db.session.commit()
    assert client.get(page).status_code in {403, 404}


def test_nobody_is_served_another_persons_page(client, auth, user, learning):
    track, cohort, _ = learning
    other = make_user(email="other@example.org", name="Olga Other")
    enrol(cohort, other, EnrollmentRole.LEARNER)
    auth.login_as(user)
    mine = _get(client, "/dashboard")[2]
    auth.login_as(other)
    status, outcome, theirs = _get(client, "/dashboard")
    assert outcome == "miss" and "Olga Other" in theirs and "Lea Learner" not in theirs and theirs != mine


def test_a_change_to_the_readers_own_account_draws_the_page_afresh(client, auth, user, learning):
    auth.login_as(user)
    _get(client, "/dashboard")
    user.language = "es"
    db.session.commit()
    status, outcome, body = _get(client, "/dashboard")
    assert outcome == "miss" and '<html lang="es"' in body


def test_each_session_gets_its_own_csrf_token_in_a_kept_page(app, client, auth, user, learning):
    page = "/plan"
    auth.login_as(user)
    first = _get(client, page)[2]
    second_browser = app.test_client()
    with second_browser.session_transaction() as session:
        session["_user_id"] = user.get_id()
    answer = second_browser.get(page)
    assert answer.headers[HEADER] == "hit"
    tokens = set(re.findall(r'name="csrf_token" value="([^"]+)"', first))
    theirs = set(re.findall(r'name="csrf_token" value="([^"]+)"', answer.get_data(as_text=True)))
    assert tokens and theirs and not tokens & theirs
    assert b"\x00" not in answer.get_data()
    with second_browser.session_transaction() as session:
        raw = session["csrf_token"]
    from itsdangerous import URLSafeTimedSerializer
    assert URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").loads(theirs.pop()) == raw


def test_a_page_with_a_message_to_show_is_drawn_afresh(client, auth, user, learning):
    track, *_ = learning
    auth.login_as(user)
    _get(client, f"/tracks/{track.slug}")
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Saved, really.")]
    status, outcome, body = _get(client, f"/tracks/{track.slug}")
    assert outcome != "hit" and "Saved, really." in body
    assert _get(client, f"/tracks/{track.slug}")[1] == "hit"


def test_a_page_is_drawn_afresh_after_the_time_limit(client, auth, user, learning, monkeypatch):
    track, *_ = learning
    auth.login_as(user)
    _get(client, f"/tracks/{track.slug}")
    now = pages_module.time.monotonic()
    monkeypatch.setattr(pages_module.time, "monotonic", lambda: now + client.application.config["PAGE_CACHE_SECONDS"])
    assert _get(client, f"/tracks/{track.slug}")[1] == "miss"


def test_refusals_and_missing_pages_are_never_kept(client, auth, user, learning):
    auth.login_as(user)
    for _ in range(2):
        response = client.get("/tracks/no-such-track")
        assert response.status_code == 404 and HEADER not in response.headers
    assert client.application.extensions[EXTENSION].pages.bytes >= 0


def test_a_view_that_changes_data_while_drawing_is_not_kept(app, client, auth, user, learning):
    from lms.pagecache.pages import cached_page

    @cached_page
    def noting():
        db.session.execute(db.text("UPDATE track SET title = title"))
        db.session.commit()
        return "<p>noted</p>"

    app.add_url_rule("/test-noting", "test_noting", noting)
    assert [client.get("/test-noting").headers[HEADER] for _ in range(2)] == ["pass", "pass"]


def test_the_certificate_check_counts_every_asking_even_from_the_cache(app_factory):
    from lms.certificates.models import Certificate  # noqa: F401 (the public page needs no certificate)
    from tests.conftest import in_app_context

    with in_app_context(app_factory(CERTIFICATE_VERIFY_LIMIT_PER_MINUTE=3)) as app:
        browser = app.test_client()
        answers = [browser.get("/verify/ABCD-EFGH-JKLM") for _ in range(4)]
        assert [answer.status_code for answer in answers] == [404, 404, 404, 429]


def test_a_kept_page_costs_two_statements_however_big_the_page(client, auth, user, learning):
    track, cohort, _ = learning
    auth.login_as(user)
    _get(client, "/dashboard")
    with count_queries(drawn=False) as statements:
        assert _get(client, "/dashboard")[1] == "hit"
    assert statements.count == 2, statements  # the signed-in person, the versions


def test_a_page_that_reads_an_unversioned_table_is_not_kept(app, client):
    from lms.pagecache.pages import cached_page

    @cached_page
    def counters():
        return f"<p>{db.session.execute(db.text('SELECT count(*) FROM rate_limit_counter')).scalar()}</p>"

    app.add_url_rule("/test-counters", "test_counters", counters)
    assert [client.get("/test-counters").headers[HEADER] for _ in range(2)] == ["pass", "pass"]


def test_what_the_session_holds_is_part_of_whose_page_it_is(app, client):
    from flask import session

    from lms.pagecache.pages import cached_page

    @cached_page
    def choice():
        return f"<p>{session.get('choice')}</p>"

    app.add_url_rule("/test-choice", "test_choice", choice)
    with client.session_transaction() as stored:
        stored["choice"] = "tea"
    assert client.get("/test-choice").get_data(as_text=True) == "<p>tea</p>"
    with client.session_transaction() as stored:
        stored["choice"] = "coffee"
    assert client.get("/test-choice").get_data(as_text=True) == "<p>coffee</p>"


def test_the_host_asked_is_part_of_whose_page_it_is(app, client):
    from flask import request

    from lms.pagecache.pages import cached_page

    @cached_page
    def where():
        return f"<p>{request.host}</p>"

    app.add_url_rule("/test-where", "test_where", where)
    assert client.get("/test-where", base_url="http://one.example").get_data(as_text=True) == "<p>one.example</p>"
    assert client.get("/test-where", base_url="http://two.example").get_data(as_text=True) == "<p>two.example</p>"


def test_an_admin_page_is_refused_the_moment_the_admin_role_ends(client, auth, admin):
    auth.login_as(admin)
    assert _get(client, "/admin/users/")[:2] == (200, "miss")
    assert _get(client, "/admin/users/")[:2] == (200, "hit")
    admin.is_admin = False
    db.session.commit()
    assert client.get("/admin/users/").status_code in {403, 404}


def test_a_signed_out_session_is_not_served_its_kept_page(client, auth, user, learning):
    auth.login_as(user)
    assert _get(client, "/dashboard")[:2] == (200, "miss")
    client.post("/logout")
    answer = client.get("/dashboard")
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]
