"""The cohort's status page: what now and next mean, the checks, one button per step, no browser dialog."""
from __future__ import annotations

from lms.cohorts.models import CohortStatus, EnrollmentRole
from lms.extensions import db
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol, make_cohort


def test_the_status_page_explains_the_next_step_and_shows_the_checks(client, auth, admin, track):
    cohort = make_cohort(track, status=CohortStatus.DRAFT)
    enrol(cohort, make_user(name="Ann"))
    auth.login_as(admin)
    page = client.get(f"/cohorts/{cohort.id}/status").get_data(as_text=True)
    assert "Next: open for enrolment" in page and "enrolled learners can already work" in page
    assert "0 active mentors" in page and "1 learner has no mentor yet" in page
    assert "1 of 1 learner has no goals" in page
    assert page.count('name="to"') == 1 and 'value="open"' in page
    assert "data-confirm" not in page


def test_the_cohort_page_links_to_the_status_page_instead_of_confirm_dialogs(client, auth, admin, track):
    cohort = make_cohort(track, status=CohortStatus.DRAFT)
    auth.login_as(admin)
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert f'href="/cohorts/{cohort.id}/status">Next step: open for enrolment' in page
    assert "data-confirm" not in page.split("<h1>")[1].split("</nav>")[0]


def test_each_button_moves_the_cohort_one_step_and_comes_back_to_the_page(client, auth, admin, track):
    cohort = make_cohort(track, status=CohortStatus.DRAFT)
    mentor = make_user()
    enrol(cohort, mentor, EnrollmentRole.MENTOR)
    enrol(cohort, make_user(), mentor=mentor)
    auth.login_as(admin)
    for step in ("open", "running", "finished", "archived"):
        response = client.post(f"/cohorts/{cohort.id}/status", data={"to": step})
        assert response.status_code == 302 and response.location.endswith(f"/cohorts/{cohort.id}/status")
        db.session.refresh(cohort)
        assert cohort.status.value == step
    page = client.get(f"/cohorts/{cohort.id}/status").get_data(as_text=True)
    assert "The cohort is now archived." in page and "does not change any more" in page
    assert 'name="to"' not in page


def test_the_status_page_is_for_admins_only(client, auth, cohort, mentor, mentor_enrollment):
    assert client.get(f"/cohorts/{cohort.id}/status").status_code == 302
    auth.login_as(mentor)
    assert client.get(f"/cohorts/{cohort.id}/status").status_code == 403
