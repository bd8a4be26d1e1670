"""The admins' home: the organisation's figures (the same as /health), the cohorts that need
attention and why, draft cohorts about to start, and the latest certificates."""
from __future__ import annotations

from datetime import timedelta

import pytest

from lms.certificates import services as certificates
from lms.cohorts.models import CohortStatus, EnrollmentRole
from lms.dashboard import views
from lms.extensions import db
from lms.health.figures import program_health
from tests.factories.cohorts import enrol, make_cohort, make_track
from tests.health.conftest import NOW, build_world


@pytest.fixture
def world(app, monkeypatch):
    monkeypatch.setattr(views, "utcnow", lambda: NOW)
    return build_world()


def _home(client, auth, who) -> str:
    auth.login_as(who)
    response = client.get("/dashboard")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_admin_without_cohorts_lands_on_the_overview(client, auth, world):
    auth.login_as(world.admin)
    assert client.get("/").headers["Location"].endswith("/dashboard")
    assert "Your organisation" in _home(client, auth, world.admin)


def test_the_overview_shows_the_figures_of_program_health(client, auth, world):
    total = program_health([world.cohort, world.empty], NOW).total
    page = _home(client, auth, world.admin)
    # Hand-worked in tests/health/conftest.py: Ann's and Ben's work waits (Ben's past the 48 h target),
    # Dan's two asks wait (one past 24 h), Ann, Ben, Cleo and Dan are stuck, 4 of 5 learners matched.
    assert (total.review_waits.open, len(total.reviews_past_target), total.ask_waits.open, len(total.stuck)) \
        == (2, 1, 2, 4)
    assert '<span class="stat__value">2</span>\n      <span class="stat__label">reviews waiting · 1 past target' in page
    assert '<span class="stat__value">2</span><span class="stat__label">asks waiting for a mentor' in page
    assert '<span class="stat__value">4</span><span class="stat__label">learners stuck' in page
    assert "active learners · 80% matched" in page


def test_cohorts_needing_attention_say_why_and_a_cohort_on_track_is_not_listed(client, auth, world):
    page = _home(client, auth, world.admin)
    assert ("4 learners stuck · 1 review past its target · 1 ask past its target · 1 learner without a mentor"
            in page)
    assert f'href="/cohorts/{world.cohort.id}/health">Spring cohort</a>' in page
    assert "Autumn cohort" not in page


def test_draft_cohorts_starting_within_two_weeks_are_listed_and_later_ones_not(client, auth, world):
    make_cohort(make_track(), name="Summer draft", status=CohortStatus.DRAFT, starts_on=NOW.date() + timedelta(days=5))
    make_cohort(make_track(), name="Winter draft", status=CohortStatus.DRAFT, starts_on=NOW.date() + timedelta(days=60))
    page = _home(client, auth, world.admin)
    assert "Summer draft" in page and "starts on 15 Mar 2026" in page
    assert "Winter draft" not in page


def test_the_latest_certificates_are_listed(client, auth, world):
    certificates.issue_manually(world.learners["Eve"], world.cohort, world.admin, override_reason="finished early")
    db.session.commit()
    page = _home(client, auth, world.admin)
    assert "Recent certificates" in page and ">Eve</a>" in page and "Spring cohort" in page


def test_learners_and_mentors_do_not_get_the_overview(client, auth, world):
    assert "Your organisation" not in _home(client, auth, world.learners["Ann"])
    assert "Your organisation" not in _home(client, auth, world.marco)


def test_an_admin_who_also_mentors_sees_the_overview_above_their_mentoring(client, auth, world):
    enrol(world.empty, world.admin, EnrollmentRole.MENTOR)
    page = _home(client, auth, world.admin)
    assert page.index("Your organisation") < page.index("Your mentoring")
