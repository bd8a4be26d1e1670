"""The mentee page (/mentees/<id>): progress, work, goals and this mentor's history with the
learner; only their active mentors and admins may open it (404 for anyone else)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from lms.cohorts.models import EnrollmentRole
from lms.database import utcnow
from lms.extensions import db
from lms.reviews.models import Decision
from tests.factories.ask_rows import make_ask, make_reply
from tests.factories.auth import make_user
from tests.factories.meetings import make_booking
from tests.factories.plans import end_mentorship, make_goal, plan_world, reviewed
from tests.factories.submissions import enroll, hand_in
from tests.querycount import count_queries


@pytest.fixture
def world(app):
    return plan_world()


def _history(world):
    reviewed(world.enrollment, world.lesson, [0, 0], world.mentor, decision=Decision.REQUEST_CHANGES)
    ask = make_ask(world.enrollment, title="Where do I <start>?", mentor=world.mentor)
    make_reply(ask, world.mentor)
    make_booking(world.enrollment, world.mentor, utcnow() - timedelta(days=2))
    make_goal(world.learner, "Ship a portfolio")
    return ask


def test_the_mentee_page_shows_progress_work_goals_and_history_with_this_mentor(client, auth, world):
    ask = _history(world)
    auth.login_as(world.mentor)
    response = client.get(f"/mentees/{world.learner.id}")
    assert response.status_code == 200
    html = response.data.decode()
    assert "<h1>Lea Learner</h1>" in html
    assert world.cohort.name in html and 'aria-label="Progress in ' in html
    assert "Build your first site" in html and "Changes requested" in html
    assert "Ship a portfolio" in html and f'href="/people/{world.learner.id}/plan"' in html
    assert f'href="/asks/{ask.id}"' in html and "Where do I &lt;start&gt;?" in html
    assert "Sessions" in html and "/meetings/" in html and "No sessions booked with you." not in html


def test_the_history_is_only_this_mentors(client, auth, world):
    _history(world)
    auth.login_as(world.admin)
    html = client.get(f"/mentees/{world.learner.id}").data.decode()
    assert "Ship a portfolio" in html            # admins read the plan
    assert "No sessions booked with you." in html and "Where do I" not in html


@pytest.mark.parametrize("who", ["other_mentor", "other_learner", "learner"])
def test_others_get_404(client, auth, world, who):
    auth.login_as(getattr(world, who))
    assert client.get(f"/mentees/{world.learner.id}").status_code == 404


def test_a_former_mentor_loses_the_page(client, auth, world):
    end_mentorship(world.mentorship)
    auth.login_as(world.mentor)
    assert client.get(f"/mentees/{world.learner.id}").status_code == 404


def test_an_unknown_learner_is_404_and_anonymous_users_log_in(client, auth, world):
    assert client.get(f"/mentees/{world.learner.id}").status_code == 302
    auth.login_as(world.admin)
    assert client.get("/mentees/999999").status_code == 404


def test_the_queue_and_review_page_link_names_to_the_mentee_page(client, auth, world):
    submission = reviewed(world.enrollment, world.lesson, [0, 0], world.other_mentor).submission
    db.session.commit()
    # Lea hands in again after the requested changes: her work waits in the queue.
    hand_in(world.enrollment, world.lesson)
    auth.login_as(world.mentor)
    link = f'href="/mentees/{world.learner.id}"'
    assert link in client.get("/reviews/").data.decode()
    assert link in client.get(f"/reviews/{submission.id}").data.decode()
    auth.logout()
    auth.login_as(world.other_mentor)  # a mentor of the cohort, not Lea's
    assert link not in client.get("/reviews/").data.decode()


def test_the_mentee_page_queries_do_not_grow(client, auth, world):
    auth.login_as(world.mentor)
    _history(world)
    counts = []
    for extra in (1, 20):
        for n in range(extra):
            ask = make_ask(world.enrollment, title=f"Ask {n}", mentor=world.mentor, commit=False)
            db.session.flush()
            make_reply(ask, world.mentor, commit=False)
            make_goal(world.learner, f"Goal {n}", commit=False)
            make_booking(world.enrollment, world.mentor, utcnow() - timedelta(days=10 + n + 3 * extra), commit=False)
        cohort_learner = enroll(world.cohort, make_user(name=f"Another {extra}"))
        assert cohort_learner.role == EnrollmentRole.LEARNER
        db.session.commit()
        with count_queries() as counter:
            assert client.get(f"/mentees/{world.learner.id}").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_sessions_and_ask_threads_link_the_learner_to_the_mentee_page(client, auth, world):
    ask = _history(world)
    link = f'href="/mentees/{world.learner.id}"'
    auth.login_as(world.mentor)
    assert link in client.get("/meetings/").data.decode()
    assert link in client.get(f"/asks/{ask.id}").data.decode()
    auth.logout()
    auth.login_as(world.learner)
    assert link not in client.get("/meetings/").data.decode()
    assert link not in client.get(f"/asks/{ask.id}").data.decode()


def test_your_mentees_links_current_mentees_to_their_page(client, auth, world):
    auth.login_as(world.mentor)
    assert f'href="/mentees/{world.learner.id}"' in client.get("/mentees").data.decode()
