"""The cohort settings say whether learners may request mentors and how many days a mentor
has to answer (1 to 30)."""
from __future__ import annotations

from lms.cohorts.models import Cohort
from lms.extensions import db


def _form(cohort, **overrides) -> dict:
    data = {"name": cohort.name, "track_id": str(cohort.track_id), "starts_on": str(cohort.starts_on),
            "ends_on": str(cohort.ends_on), "timezone": "UTC", "review_policy": "any_mentor",
            "review_turnaround_hours": "48", "description": "", "version": str(cohort.version),
            "request_response_days": "3"}
    data.update(overrides)
    return data


def test_admins_let_learners_request_mentors_and_set_the_days_to_answer(client, auth, admin, world):
    world.cohort.learners_request_mentors = False
    db.session.commit()
    auth.login_as(admin)
    page = client.get(f"/cohorts/{world.cohort.id}/edit").get_data(as_text=True)
    assert "Learners may request mentors" in page and "Days a mentor has to answer a request" in page
    response = client.post(f"/cohorts/{world.cohort.id}/edit", data=_form(
        world.cohort, learners_request_mentors="y", request_response_days="7"))
    assert response.status_code == 302
    db.session.expire_all()
    cohort = db.session.get(Cohort, world.cohort.id)
    assert (cohort.learners_request_mentors, cohort.request_response_days) == (True, 7)
    client.post(f"/cohorts/{cohort.id}/edit", data=_form(cohort))  # the box left unticked
    db.session.expire_all()
    assert db.session.get(Cohort, cohort.id).learners_request_mentors is False


def test_days_to_answer_outside_1_to_30_are_refused_with_a_message(client, auth, admin, world):
    auth.login_as(admin)
    for days in ("0", "31", "many"):
        response = client.post(f"/cohorts/{world.cohort.id}/edit", data=_form(world.cohort, request_response_days=days))
        assert response.status_code == 200, days
        assert "field--error" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Cohort, world.cohort.id).request_response_days == 3
