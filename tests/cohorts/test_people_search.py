"""The people page's picker: search existing users by name or email (page and JSON), tick, enrol."""
from __future__ import annotations

from lms.cohorts.models import EnrollmentRole
from lms.cohorts.people_search import LIMIT
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol


def _search(client, cohort, q) -> dict:
    response = client.get(f"/cohorts/{cohort.id}/people/search.json", query_string={"q": q})
    assert response.status_code == 200 and response.is_json
    return response.get_json()


def test_the_search_finds_people_by_name_or_email_and_leaves_out_enrolled_and_inactive(client, auth, admin, cohort):
    ana = make_user(name="Ana Lima", email="ana@example.org")
    by_email = make_user(name="Someone", email="lima.s@example.org")
    enrolled = make_user(name="Lima Enrolled")
    enrol(cohort, enrolled)
    make_user(name="Lima Gone", is_active=False)
    auth.login_as(admin)
    data = _search(client, cohort, "LIMA")
    assert [r["id"] for r in data["results"]] == [ana.id, by_email.id]
    assert data["results"][0] == {"id": ana.id, "name": "Ana Lima", "email": "ana@example.org"}
    assert (data["query"], data["min_chars"], data["limit"]) == ("LIMA", 2, LIMIT)
    page = client.get(f"/cohorts/{cohort.id}/people?q=lima").get_data(as_text=True)
    assert f'name="users" value="{ana.id}"' in page and f'name="users" value="{by_email.id}"' in page
    assert "Lima Enrolled" not in page.split('id="people-results"')[1].split("</ul>")[0]
    assert "Lima Gone" not in page


def test_the_search_needs_two_characters_and_treats_wildcards_literally(client, auth, admin, cohort):
    make_user(name="Ana")
    auth.login_as(admin)
    assert _search(client, cohort, "a")["results"] == []
    assert _search(client, cohort, "%%")["results"] == []
    assert _search(client, cohort, "__")["results"] == []
    assert _search(client, cohort, "x" * 5000)["results"] == []


def test_the_search_returns_at_most_the_limit(client, auth, admin, cohort):
    for n in range(LIMIT + 5):
        make_user(name=f"Many {n:02d}", commit=False)
    make_user(name="Many last")
    auth.login_as(admin)
    assert len(_search(client, cohort, "many")["results"]) == LIMIT
    page = client.get(f"/cohorts/{cohort.id}/people?q=many").get_data(as_text=True)
    assert page.count('name="users"') == LIMIT


def test_only_admins_may_search(client, auth, cohort, mentor_enrollment, mentor, user):
    enrol(cohort, user)
    url = f"/cohorts/{cohort.id}/people/search.json?q=ma"
    assert client.get(url).status_code == 302  # to the sign-in page
    auth.login_as(mentor)
    assert client.get(url).status_code == 403
    assert client.get("/cohorts/999999/people/search.json?q=ma").status_code == 404


def test_ticked_people_are_enrolled_as_the_chosen_role(client, auth, admin, cohort):
    ana, ben = make_user(name="Ana"), make_user(name="Ben")
    auth.login_as(admin)
    response = client.post(f"/cohorts/{cohort.id}/people",
                           data={"users": [str(ana.id), str(ben.id)], "emails": "", "role": "mentor"})
    assert response.status_code == 302
    page = client.get(f"/cohorts/{cohort.id}/people").get_data(as_text=True)
    assert "2 people enrolled" in page and "Mentors (2)" in page
    assert all(e.role == EnrollmentRole.MENTOR for e in cohort.enrollments)


def test_a_refused_form_keeps_the_ticked_people_ticked(client, auth, admin, cohort):
    ana = make_user(name="Ana")
    auth.login_as(admin)
    response = client.post(f"/cohorts/{cohort.id}/people",
                           data={"users": [str(ana.id)], "emails": "not an email", "role": "learner"})
    assert response.status_code in (400, 409)
    assert f'value="{ana.id}" data-label="Ana" checked' in response.get_data(as_text=True)
    bad = client.post(f"/cohorts/{cohort.id}/people", data={"users": ["x1", "99999999999"], "role": "learner"})
    assert bad.status_code == 400


def test_the_search_json_is_rate_limited(client, auth, admin, cohort, monkeypatch):
    from lms.cohorts.views import people_search
    monkeypatch.setattr(people_search, "SEARCHES_PER_MINUTE", 2)
    auth.login_as(admin)
    answers = [client.get(f"/cohorts/{cohort.id}/people/search.json?q=an").status_code for _ in range(3)]
    assert answers == [200, 200, 429]
