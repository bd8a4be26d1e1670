"""The matches page with suggestions and excluded pairs: accessible, and usable on a phone."""
from __future__ import annotations

from lms.cohorts.models import EnrollmentRole, MatchExclusion
from lms.extensions import db
from tests.browser.conftest import axe_violations
from tests.factories.auth import PASSWORD, make_admin, make_user
from tests.factories.cohorts import enrol, make_cohort


def _cohort_with_suggestions():
    cohort = make_cohort(name="Matching cohort")
    mentors = [make_user(name=f"Mentor {n}", skills=["python", "client calls"]) for n in range(2)]
    for mentor in mentors:
        enrol(cohort, mentor, EnrollmentRole.MENTOR, max_mentees=1)
    learners = [make_user(name=f"Learner {n}", skills=["python"]) for n in range(3)]
    for learner in learners:
        enrol(cohort, learner, goals="better client calls")
    db.session.add(MatchExclusion(learner_id=learners[0].id, mentor_id=mentors[0].id, reason="a client"))
    db.session.commit()
    return cohort


def test_matches_page_is_accessible_and_fits_a_phone(page, sign_in, app):
    cohort = _cohort_with_suggestions()
    make_admin(email="matcher@example.org", name="Mat Admin")
    sign_in("matcher@example.org", PASSWORD)
    page.goto(f"/cohorts/{cohort.id}/matches")
    assert "no mentor has room left" in page.content()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(f"/cohorts/{cohort.id}/matches")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
