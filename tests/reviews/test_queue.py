"""The review queue: what a mentor sees, in which order, with which filters."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from lms.cohorts.models import EnrollmentRole
from lms.database import utcnow
from lms.extensions import db
from lms.submissions.models import Submission
from tests.factories.auth import make_user
from tests.factories.submissions import enroll, hand_in, make_cohort, make_track


def _age(attempt, hours):
    attempt.submission.waiting_since = utcnow() - timedelta(hours=hours)
    db.session.commit()


def test_queue_lists_oldest_waiting_first_with_details(client, auth, world):
    _age(hand_in(world.enrollment, world.lesson), 5)
    _age(hand_in(world.other_enrollment, world.lesson), 60)
    auth.login_as(world.mentor)
    page = client.get("/reviews/").data.decode()
    assert page.index("Otto Other") < page.index("Lea Learner")
    assert re.search(r">[23] days<", page) and "5 hours" in page  # 60 h: rounded to whole days
    assert "Overdue" in page  # 60 h > the 48 h target
    assert "Build your first site" in page and "Spring cohort" in page


def test_filters_by_cohort_assignment_mentees_and_overdue_and_keeps_them(client, auth, world):
    _age(hand_in(world.enrollment, world.lesson), 60)
    unassigned = make_user(name="Una Unassigned")
    _age(hand_in(enroll(world.cohort, unassigned), world.lesson), 1)
    track2, lesson2 = make_track()
    cohort2 = make_cohort(track2, name="Autumn cohort")
    enroll(cohort2, world.mentor, EnrollmentRole.MENTOR)
    far = make_user(name="Fay Far")
    hand_in(enroll(cohort2, far, mentor=world.mentor), lesson2)
    auth.login_as(world.mentor)

    def names(query):
        html = client.get("/reviews/" + query).data.decode()
        return {n for n in ("Lea Learner", "Una Unassigned", "Fay Far") if n in html}, html

    assert names("")[0] == {"Lea Learner", "Una Unassigned", "Fay Far"}
    assert names(f"?cohort={cohort2.id}")[0] == {"Fay Far"}
    assert names(f"?assignment={world.lesson.id}")[0] == {"Lea Learner", "Una Unassigned"}
    assert names("?mine=1")[0] == {"Lea Learner", "Fay Far"}
    found, html = names(f"?overdue=1&cohort={world.cohort.id}")
    assert found == {"Lea Learner"}
    assert f'<option value="{world.cohort.id}" selected>' in html and 'name="overdue" value="1" checked' in html


def test_overdue_uses_each_cohorts_own_turnaround(client, auth, world):
    world.cohort.review_turnaround_hours = 2
    db.session.commit()
    _age(hand_in(world.enrollment, world.lesson), 3)
    auth.login_as(world.mentor)
    assert b"Lea Learner" in client.get("/reviews/?overdue=1").data


def test_decided_work_leaves_the_queue(client, auth, world):
    from lms.reviews.services import Decision, ReviewData, review_attempt

    attempt = hand_in(world.enrollment, world.lesson)
    submission = attempt.submission
    review_attempt(submission, ReviewData(attempt.id, submission.version, Decision.APPROVE, [0, 0], ["", ""]),
                   world.mentor)
    db.session.commit()
    auth.login_as(world.mentor)
    assert b"Nothing is waiting for review" in client.get("/reviews/").data


def test_queue_nav_link_only_for_mentors_and_admins(client, auth, world):
    auth.login_as(world.learner)
    assert b'href="/reviews/"' not in client.get("/notifications/").data
    auth.login_as(world.mentor)
    assert b'href="/reviews/"' in client.get("/notifications/").data


def test_waiting_page_for_the_learner_shows_the_target(client, auth, world):
    attempt = hand_in(world.enrollment, world.lesson)
    _age(attempt, 3)
    auth.login_as(world.learner)
    page = client.get(f"/submissions/{attempt.submission_id}").data
    assert b"Waiting for review for <strong>3 hours</strong>" in page
    assert db.session.scalar(select(Submission.id)) == attempt.submission_id
