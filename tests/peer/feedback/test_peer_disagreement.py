"""Peers who disagree widely flag the work: it moves up the mentor queue with a badge."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.peer.agreement import disagreement_condition, peers_disagree
from lms.peer.feedback import reviews_of_submission
from lms.reviews.next_item import next_item
from lms.reviews.queries import QueueFilters, review_queue
from lms.submissions.models import Submission
from tests.factories.peer_rows import ask_for_peers, make_peer_learner, make_peer_review
from tests.factories.submissions import hand_in

# The world's rubric has 8 points: (0, 0) is 8 (100 %), (1, 1) 5 (62.5 %), (2, 2) 1 (12.5 %).
WIDE, NARROW = ((0, 0), (2, 2)), ((0, 0), (1, 1))


def _reviewed(world, enrollment, levels_list, *, hours_ago=0):
    submission = hand_in(enrollment, world.lesson).submission
    submission.waiting_since = submission.waiting_since - timedelta(hours=hours_ago)
    for levels in levels_list:
        make_peer_review(submission, make_peer_learner(world.cohort)[1], levels=levels, commit=False)
    db.session.commit()
    return submission


def _flagged_in_sql(submission_id) -> bool:
    return bool(db.session.scalar(select(disagreement_condition()).where(Submission.id == submission_id)))


@pytest.mark.parametrize("levels, flagged", [
    (WIDE, True), (NARROW, False), (((0, 0),), False), ((), False), (((0, 0), (1, 1), (2, 2)), True)])
def test_python_and_sql_agree_on_which_work_peers_disagree_about(world, levels, flagged):
    ask_for_peers(world.lesson)
    submission = _reviewed(world, world.enrollment, levels)
    latest = db.session.get(Submission, submission.id).attempts[-1]
    in_python = peers_disagree(reviews_of_submission(submission.id), latest.id, 40)
    assert in_python is flagged
    assert _flagged_in_sql(submission.id) is flagged


def test_the_spread_is_a_setting(app, world):
    submission = _reviewed(world, world.enrollment, NARROW)   # 37.5 points apart
    assert not _flagged_in_sql(submission.id)
    app.config["PEER_DISAGREEMENT_SPREAD"] = 30
    assert _flagged_in_sql(submission.id)


def test_reviews_of_an_earlier_attempt_do_not_flag_the_new_one(world):
    submission = _reviewed(world, world.enrollment, WIDE)
    first = submission.attempts[-1]
    assert _flagged_in_sql(submission.id)
    submission.attempt_count = 2   # as if a second attempt arrived
    db.session.add(type(first)(submission_id=submission.id, number=2, text="Again", submitted_at=first.submitted_at,
                               idempotency_key="second-attempt-key"))
    db.session.commit()
    assert not _flagged_in_sql(submission.id)


def test_flagged_work_comes_first_in_the_queue_with_a_badge(client, auth, world):
    older = _reviewed(world, world.enrollment, NARROW, hours_ago=5)
    flagged = _reviewed(world, world.other_enrollment, WIDE, hours_ago=1)
    page = review_queue(world.mentor, QueueFilters(), older.waiting_since + timedelta(hours=6), 30, 30)
    assert [item.submission_id for item in page.items][:2] == [flagged.id, older.id]
    assert page.items[0].flags == ("Peers disagree",) and page.items[1].flags == ()
    auth.login_as(world.mentor)
    html = client.get("/reviews/").get_data(as_text=True)
    assert html.count("Peers disagree") == 1
    assert html.index(f"/reviews/{flagged.id}") < html.index(f"/reviews/{older.id}")


def test_open_next_takes_flagged_work_first(world):
    older = _reviewed(world, world.enrollment, NARROW, hours_ago=5)
    flagged = _reviewed(world, world.other_enrollment, WIDE, hours_ago=1)
    found = next_item(world.mentor, QueueFilters(kind="reviews"), older.waiting_since + timedelta(hours=6), 30, 30)
    assert (found.kind, found.id) == ("review", flagged.id)
    found = next_item(world.mentor, QueueFilters(kind="reviews"), older.waiting_since + timedelta(hours=6), 30, 30,
                      after_submission_id=flagged.id)
    assert found.id == older.id
