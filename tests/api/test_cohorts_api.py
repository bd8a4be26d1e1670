"""Cohorts through the API: members list and read their cohorts; admins create and change
them through the cohort services, with the form's refusals as field errors and the
version check behind If-Match."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.cohorts.models import Cohort, CohortStatus, EnrollmentStatus
from lms.extensions import db
from tests.factories.auth import make_admin, make_user
from tests.factories.cohorts import enrol, make_cohort, make_track
from tests.querycount import count_queries

NEW = {"name": "Autumn 2031", "starts_on": "2031-09-01", "ends_on": "2031-11-30", "timezone": "Europe/Berlin",
       "capacity": 12, "description": "Welcome **all**<script>x</script>"}


@pytest.fixture
def admin_api(app, api_as):
    return api_as(make_admin())


def test_an_admin_creates_a_draft_cohort_and_reads_it_back(admin_api):
    track = make_track()
    response = admin_api.post("/api/v1/cohorts/", json={**NEW, "track": track.slug})
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "draft" and body["track"] == track.slug and body["capacity"] == 12
    assert body["description"] == NEW["description"] and "<script>" not in body["description_html"]
    assert "<strong>all</strong>" in body["description_html"]
    assert response.headers["Location"].endswith(f"/api/v1/cohorts/{body['id']}")
    assert admin_api.get(response.headers["Location"]).get_json() == body


@pytest.mark.parametrize("change, field", [
    ({"ends_on": "2031-08-01"}, "ends_on"),
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"name": "   "}, "name"),
    ({"track": "no-such-track"}, "track"),
    ({"ask_nudge_days": "9,5"}, "ask_nudge_days"),
    ({"request_response_days": 31}, "request_response_days"),
    ({"capacity": -1}, "capacity"),
    ({"surprise": 1}, "surprise"),
    ({"starts_on": "yesterday"}, "starts_on"),
    ({"description": "nul \0 here"}, "description"),
])
def test_refused_values_are_422_problems_naming_the_field(admin_api, change, field):
    track = make_track()
    response = admin_api.post("/api/v1/cohorts/", json={**NEW, "track": track.slug, **change})
    assert response.status_code == 422, response.get_json()
    assert response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"]
    assert db.session.scalar(select(func.count(Cohort.id))) == 0


def test_a_retried_create_with_the_same_idempotency_key_makes_one_cohort(admin_api):
    track = make_track()
    headers = {"Idempotency-Key": "create-autumn"}
    first = admin_api.post("/api/v1/cohorts/", json={**NEW, "track": track.slug}, headers=headers)
    again = admin_api.post("/api/v1/cohorts/", json={**NEW, "track": track.slug}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true" and again.get_json() == first.get_json()
    assert db.session.scalar(select(func.count(Cohort.id))) == 1


def test_members_list_and_read_only_their_cohorts(app, api_as):
    mine, other, withdrawn_from = make_cohort(), make_cohort(), make_cohort()
    learner = make_user()
    enrol(mine, learner)
    enrol(withdrawn_from, learner, status=EnrollmentStatus.WITHDRAWN)
    caller = api_as(learner)
    ids = [c["id"] for c in caller.get("/api/v1/cohorts/").get_json()["data"]]
    assert ids == [mine.id, withdrawn_from.id]  # learners keep read access after withdrawing, as on the pages
    assert caller.get(f"/api/v1/cohorts/{other.id}").status_code == 404
    assert caller.patch(f"/api/v1/cohorts/{mine.id}", json={"name": "x"}, headers={"If-Match": "*"}).status_code == 403
    assert caller.post("/api/v1/cohorts/", json={**NEW, "track": mine.track.slug}).status_code == 403


def test_the_list_filters_by_status_and_track(admin_api):
    running, draft = make_cohort(), make_cohort(status=CohortStatus.DRAFT)
    data = admin_api.get("/api/v1/cohorts/?status=draft").get_json()["data"]
    assert [c["id"] for c in data] == [draft.id]
    data = admin_api.get(f"/api/v1/cohorts/?track={running.track.slug}").get_json()["data"]
    assert [c["id"] for c in data] == [running.id]
    assert admin_api.get("/api/v1/cohorts/?status=sleeping").status_code == 422


def test_pages_walk_every_cohort_once_even_when_cohorts_are_added_meanwhile(admin_api):
    made = [make_cohort().id for _ in range(5)]
    first = admin_api.get("/api/v1/cohorts/?limit=2")
    assert 'rel="next"' in first.headers["Link"]
    seen = [c["id"] for c in first.get_json()["data"]]
    make_cohort()
    cursor = first.get_json()["next_cursor"]
    while cursor:
        page = admin_api.get(f"/api/v1/cohorts/?limit=2&cursor={cursor}").get_json()
        seen += [c["id"] for c in page["data"]]
        cursor = page["next_cursor"]
    assert seen[:5] == made and len(seen) == len(set(seen)) == 6
    assert admin_api.get("/api/v1/cohorts/?cursor=garbage").status_code == 422


def test_a_change_needs_if_match_and_a_stale_one_is_refused(admin_api):
    cohort = make_cohort()
    url = f"/api/v1/cohorts/{cohort.id}"
    read = admin_api.get(url)
    etag = read.headers["ETag"]
    assert admin_api.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert admin_api.patch(url, json={"name": "Renamed"}).status_code == 428
    changed = admin_api.patch(url, json={"name": "Renamed", "status": "finished"}, headers={"If-Match": etag})
    assert changed.status_code == 200 and changed.get_json()["name"] == "Renamed"
    assert changed.get_json()["status"] == "finished" and changed.get_json()["version"] > read.get_json()["version"]
    stale = admin_api.patch(url, json={"name": "Mine wins"}, headers={"If-Match": etag})
    assert stale.status_code == 412 and stale.mimetype == "application/problem+json"
    db.session.expire_all()
    assert db.session.get(Cohort, cohort.id).name == "Renamed"


def test_an_edit_racing_another_is_refused_by_the_version_column(admin_api, monkeypatch):
    """Between the If-Match check and the write another admin saves: the UPDATE's version check refuses."""
    from lms.cohorts import services
    cohort = make_cohort()
    url = f"/api/v1/cohorts/{cohort.id}"
    etag = admin_api.get(url).headers["ETag"]
    real = services.update_cohort

    def meanwhile(target, data, **kwargs):
        with db.engine.begin() as other:
            other.execute(Cohort.__table__.update().where(Cohort.__table__.c.id == target.id)
                          .values(name="Theirs", version=Cohort.__table__.c.version + 1))
        return real(target, data, **kwargs)

    monkeypatch.setattr(services, "update_cohort", meanwhile)
    response = admin_api.patch(url, json={"name": "Mine"}, headers={"If-Match": etag})
    assert response.status_code == 412
    db.session.expire_all()
    assert db.session.get(Cohort, cohort.id).name == "Theirs"


def test_an_impossible_status_change_is_a_422_on_status(admin_api):
    cohort = make_cohort(status=CohortStatus.DRAFT)
    url = f"/api/v1/cohorts/{cohort.id}"
    etag = admin_api.get(url).headers["ETag"]
    response = admin_api.patch(url, json={"status": "archived"}, headers={"If-Match": etag})
    assert response.status_code == 422 and "status" in response.get_json()["errors"]


def test_capacity_below_the_seats_taken_is_refused_on_capacity(admin_api):
    cohort = make_cohort(capacity=5)
    enrol(cohort, make_user())
    enrol(cohort, make_user())
    url = f"/api/v1/cohorts/{cohort.id}"
    response = admin_api.patch(url, json={"capacity": 1}, headers={"If-Match": admin_api.get(url).headers["ETag"]})
    assert response.status_code == 422 and "capacity" in response.get_json()["errors"]


@pytest.mark.parametrize("as_admin", [True, False])
def test_listing_cohorts_costs_the_same_queries_for_3_and_30(app, api_as, as_admin):
    person = make_admin() if as_admin else make_user()
    caller = api_as(person)

    def cost(count: int) -> int:
        for _ in range(count):
            cohort = make_cohort(make_track(items=()), commit=False)
            if not as_admin:
                db.session.flush()
                enrol(cohort, person, commit=False)
        db.session.commit()
        caller.get("/api/v1/cohorts/?limit=200")  # warm: a token's first use is recorded (once a minute)
        with count_queries() as queries:
            response = caller.get("/api/v1/cohorts/?limit=200")
        assert response.status_code == 200
        return queries.count

    small = cost(3)
    assert cost(27) == small
