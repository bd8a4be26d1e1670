""""Submit and open next": after the decision is saved, the oldest free item of the same queue filter."""
from __future__ import annotations

from datetime import timedelta

from lms.cohorts.models import EnrollmentRole
from lms.database import utcnow
from lms.extensions import db
from lms.reviews.models import Review
from tests.factories.ask_queue_rows import make_ask
from tests.factories.auth import make_user
from tests.factories.submissions import enroll, hand_in, make_cohort
from tests.reviews.helpers import review_form_values, review_post


def _waiting(enrollment, lesson, hours):
    submission = hand_in(enrollment, lesson).submission
    submission.waiting_since = utcnow() - timedelta(hours=hours)
    db.session.commit()
    return submission


def _decide_and_next(client, submission, query=""):
    page = client.get(f"/reviews/{submission.id}{query}")
    assert page.status_code == 200
    assert b'name="then" value="next"' in page.data
    return client.post(f"/reviews/{submission.id}{query}",
                       data=review_post(review_form_values(page.data), then="next"))


def test_decide_and_next_saves_the_review_and_opens_the_oldest_waiting_work(client, auth, world):
    first = _waiting(world.enrollment, world.lesson, 10)
    second = _waiting(world.other_enrollment, world.lesson, 5)
    auth.login_as(world.mentor)
    response = _decide_and_next(client, first)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/reviews/{second.id}")
    assert db.session.query(Review).filter_by(submission_id=first.id).count() == 1


def test_decide_and_next_skips_work_someone_else_claimed(client, auth, world):
    first = _waiting(world.enrollment, world.lesson, 10)
    claimed = _waiting(world.other_enrollment, world.lesson, 8)
    free = _waiting(enroll(world.cohort, make_user(name="Fay Free")), world.lesson, 1)
    colleague = make_user(name="Cole League")
    enroll(world.cohort, colleague, EnrollmentRole.MENTOR)
    auth.login_as(colleague)
    assert client.post(f"/reviews/{claimed.id}/claim").status_code == 302
    auth.logout()
    auth.login_as(world.mentor)
    response = _decide_and_next(client, first)
    assert response.headers["Location"].endswith(f"/reviews/{free.id}")


def test_decide_and_next_keeps_the_queue_filter(client, auth, world):
    other_track_cohort = make_cohort(world.track, name="Autumn cohort")
    enroll(other_track_cohort, world.mentor, EnrollmentRole.MENTOR)
    elsewhere = _waiting(enroll(other_track_cohort, make_user(name="Eli Elsewhere")), world.lesson, 20)
    first = _waiting(world.enrollment, world.lesson, 10)
    second = _waiting(world.other_enrollment, world.lesson, 5)
    auth.login_as(world.mentor)
    queue = client.get(f"/reviews/?cohort={world.cohort.id}&kind=reviews").data.decode()
    assert f'href="/reviews/{first.id}?kind=reviews&amp;cohort={world.cohort.id}"' in queue
    response = _decide_and_next(client, first, f"?kind=reviews&cohort={world.cohort.id}")
    location = response.headers["Location"]
    assert f"/reviews/{second.id}?" in location and f"cohort={world.cohort.id}" in location
    assert f"/reviews/{elsewhere.id}" not in location


def test_decide_and_next_opens_an_ask_when_it_is_the_oldest(client, auth, world):
    first = _waiting(world.enrollment, world.lesson, 10)
    ask = make_ask(world.other_enrollment, title="Pricing?", hours_waiting=3)
    auth.login_as(world.mentor)
    response = _decide_and_next(client, first)
    assert response.headers["Location"].endswith(f"/asks/{ask.id}")


def test_decide_and_next_with_an_empty_queue_goes_back_to_it_with_a_message(client, auth, world):
    only = _waiting(world.enrollment, world.lesson, 10)
    make_ask(world.other_enrollment, title="Held by a colleague", mentor=world.admin, claimed_minutes_ago=5)
    auth.login_as(world.mentor)
    response = _decide_and_next(client, only)
    assert response.headers["Location"].endswith("/reviews/")
    assert "Nothing else in the queue waits for you" in client.get("/reviews/").data.decode()


def test_plain_submit_still_returns_to_the_queue(client, auth, world):
    first = _waiting(world.enrollment, world.lesson, 10)
    _waiting(world.other_enrollment, world.lesson, 5)
    auth.login_as(world.mentor)
    page = client.get(f"/reviews/{first.id}")
    response = client.post(f"/reviews/{first.id}", data=review_post(review_form_values(page.data)))
    assert response.headers["Location"].endswith("/reviews/")
