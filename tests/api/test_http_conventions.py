"""The API's HTTP conventions, through the tracks: cursor pages (stable under inserts, a
``Link`` to the next), conditional reads (``ETag``/``If-None-Match``), rate-limit headers,
problem+json for every error under /api/, and no cookie ever authenticating."""
from __future__ import annotations

from datetime import timedelta

import pytest

from lms.api.pagination import MAX_LIMIT, encode_cursor
from lms.database import utcnow
from lms.extensions import db
from tests.factories.api import make_token
from tests.factories.auth import make_admin, make_user
from tests.factories.cohorts import make_track

TRACKS = "/api/v1/tracks/"


@pytest.fixture
def admin_api(api_as):
    return api_as(make_admin())


def _walk(caller, url):
    """Every page from ``url`` on: the slugs of each page, in order."""
    pages = []
    while url:
        response = caller.get(url)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        pages.append([track["slug"] for track in body["data"]])
        url = body["next_cursor"] and f"{TRACKS}?limit=2&cursor={body['next_cursor']}"
    return pages


def test_pages_follow_each_other_in_id_order_and_the_last_has_no_cursor(app, admin_api):
    slugs = [make_track().slug for _ in range(5)]
    assert _walk(admin_api, f"{TRACKS}?limit=2") == [slugs[0:2], slugs[2:4], slugs[4:5]]


def test_a_walk_through_the_pages_is_stable_under_inserts(app, admin_api):
    slugs = [make_track().slug for _ in range(4)]
    first = admin_api.get(f"{TRACKS}?limit=2").get_json()
    added = make_track().slug          # lands after everything the walk has not reached yet
    rest = _walk(admin_api, f"{TRACKS}?limit=2&cursor={first['next_cursor']}")
    seen = [track["slug"] for track in first["data"]] + [slug for page in rest for slug in page]
    assert seen == slugs + [added]


def test_the_link_header_names_the_next_page_and_keeps_the_other_arguments(app, admin_api):
    for _ in range(3):
        make_track()
    response = admin_api.get(f"{TRACKS}?limit=2&updated_since=2000-01-01T00:00:00Z")
    link = response.headers["Link"]
    assert link.startswith("<http") and link.endswith('>; rel="next"')
    assert f"cursor={response.get_json()['next_cursor']}" in link and "limit=2" in link and "updated_since=" in link
    last = admin_api.get(link[1:link.index(">")].replace("http://localhost", ""))
    assert last.status_code == 200 and len(last.get_json()["data"]) == 1 and "Link" not in last.headers


@pytest.mark.parametrize("cursor", ["nonsense", "e30", encode_cursor(1)[:-2] + "!!", "eyJhZnRlciI6IC0xfQ",
                                    "eyJhZnRlciI6ICJ4In0", "eyJhZnRlciI6IHRydWV9"])
def test_a_cursor_the_api_did_not_give_is_a_422_problem_on_the_cursor(app, admin_api, cursor):
    response = admin_api.get(f"{TRACKS}?cursor={cursor}")
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert response.get_json()["errors"] == {"cursor": ["Not a cursor from this API."]}


@pytest.mark.parametrize("limit", ["0", "-1", str(MAX_LIMIT + 1), "ten", "1.5"])
def test_a_limit_out_of_bounds_is_a_422_naming_the_field(app, admin_api, limit):
    response = admin_api.get(f"{TRACKS}?limit={limit}")
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert "limit" in response.get_json()["errors"]


def test_the_largest_limit_is_accepted(app, admin_api):
    assert admin_api.get(f"{TRACKS}?limit={MAX_LIMIT}").status_code == 200


def test_updated_since_needs_a_time_zone(app, admin_api):
    response = admin_api.get(f"{TRACKS}?updated_since=2026-01-01T00:00:00")
    assert response.status_code == 422 and "updated_since" in response.get_json()["errors"]


def test_updated_since_lists_only_what_changed_at_or_after_it(app, admin_api):
    old, new = make_track(), make_track()
    old.updated_at = utcnow() - timedelta(days=2)
    new.updated_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    since = (utcnow() - timedelta(days=1)).isoformat().replace("+", "%2B")
    assert [t["slug"] for t in admin_api.get(f"{TRACKS}?updated_since={since}").get_json()["data"]] == [new.slug]


def test_a_read_has_an_etag_and_if_none_match_answers_304_until_it_changes(app, admin_api):
    track = make_track()
    url = f"{TRACKS}{track.slug}"
    first = admin_api.get(url)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and etag
    unchanged = admin_api.get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.get_data() == b""
    track.title = "Renamed"
    db.session.commit()
    changed = admin_api.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.get_json()["title"] == "Renamed"


def test_every_answer_with_a_token_carries_rate_limit_headers_errors_included(app, admin_api):
    for response in (admin_api.get(TRACKS), admin_api.get(f"{TRACKS}no-such-track"),
                     admin_api.get(f"{TRACKS}?limit=0")):
        assert response.headers["RateLimit-Limit"] == str(app.config["API_RATE_LIMIT"])
        assert int(response.headers["RateLimit-Remaining"]) >= 0 and "RateLimit" in response.headers
        assert "Authorization" in response.headers["Vary"]


@pytest.mark.parametrize("method, url, status", [
    ("GET", "/api/v1/no-such-thing", 404),
    ("GET", "/api/v1/tracks/a/b/c", 404),
    ("DELETE", TRACKS, 405),
    ("POST", "/api/v1/tracks/some-slug", 405),
])
def test_routing_errors_under_the_api_are_problems(app, client, method, url, status):
    response = client.open(url, method=method, csrf=False)
    assert response.status_code == status and response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"]


def test_a_missing_object_is_a_404_problem(app, admin_api):
    response = admin_api.get(f"{TRACKS}no-such-track")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_a_session_never_authenticates_even_beside_a_token(app, client, auth, api_as):
    learner, admin = make_user(), make_admin()
    hidden = make_track()                      # only an admin may read a track outside their cohorts
    auth.login_as(admin)
    assert client.get(TRACKS).status_code == 401
    assert client.get(f"{TRACKS}{hidden.slug}").status_code == 401
    as_learner = client.get(f"{TRACKS}{hidden.slug}", headers={"Authorization": f"Bearer {make_token(learner)}"})
    assert as_learner.status_code == 404       # the token's person decides, not the signed-in admin


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer lms_nope", "Token abc",
                                    "Bearer " + "x" * 5000])
def test_a_malformed_authorization_header_is_a_401(app, client, header):
    response = client.get(TRACKS, headers={"Authorization": header})
    assert response.status_code == 401 and response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_missing_or_stale_if_match_says_what_to_send(app, admin_api):
    from tests.factories.cohorts import make_cohort
    cohort = make_cohort()
    missing = admin_api.patch(f"/api/v1/cohorts/{cohort.id}", json={"name": "Renamed"})
    stale = admin_api.patch(f"/api/v1/cohorts/{cohort.id}", json={"name": "Renamed"}, headers={"If-Match": '"old"'})
    assert missing.status_code == 428 and "If-Match" in missing.get_json()["detail"]
    assert stale.status_code == 412 and "ETag" in stale.get_json()["detail"]
