"""The review page: what the mentor knows of the learner already (reviews, attempts, asks)."""
from __future__ import annotations

from lms.asks.models import AskState
from lms.cohorts.models import EnrollmentRole
from lms.extensions import db
from lms.reviews.models import Decision
from lms.reviews.services import ReviewData, review_attempt
from tests.factories.ask_queue_rows import make_ask
from tests.factories.auth import make_user
from tests.factories.submissions import enroll, hand_in, make_cohort, make_track
from tests.querycount import count_queries


def _review(attempt, mentor, decision=Decision.REQUEST_CHANGES):
    review_attempt(attempt.submission, ReviewData(attempt.id, attempt.submission.version, decision, [0, 0],
                                                  ["", ""]), mentor)
    db.session.commit()


def test_review_page_links_work_reviewed_before_and_the_learners_asks_in_this_cohort(client, auth, world):
    track2, lesson2 = make_track()
    earlier = make_cohort(track2, name="Earlier cohort")
    enroll(earlier, world.mentor, EnrollmentRole.MENTOR)
    old_work = hand_in(enroll(earlier, world.learner), lesson2)
    _review(old_work, world.mentor, Decision.APPROVE)
    first = hand_in(world.enrollment, world.lesson)
    _review(first, world.mentor)
    hand_in(world.enrollment, world.lesson)
    ask = make_ask(world.enrollment, title="Is my <scope> clause right?", state=AskState.AWAITING_LEARNER)
    make_ask(enroll(earlier, make_user(), commit=True), title="Someone else's ask")
    auth.login_as(world.mentor)
    html = client.get(f"/reviews/{first.submission_id}").data.decode()
    assert "You reviewed this learner before" in html
    assert f'href="/submissions/{old_work.submission_id}"' in html and "Earlier cohort" in html
    assert f'href="/submissions/{first.submission_id}"' in html          # attempt 1 of this work, reviewed
    assert "Earlier attempts" in html and "Attempt 1" in html
    assert f'href="/asks/{ask.id}"' in html and "Is my &lt;scope&gt; clause right?" in html
    assert "Waiting for the learner" in html and "Someone else" not in html


def test_another_mentor_sees_no_history_of_their_own(client, auth, world):
    other = make_user(name="Oli Other")
    enroll(world.cohort, other, EnrollmentRole.MENTOR)
    _review(hand_in(world.enrollment, world.lesson), world.mentor)
    attempt = hand_in(world.enrollment, world.lesson)
    auth.login_as(other)
    html = client.get(f"/reviews/{attempt.submission_id}").data.decode()
    assert "You have not reviewed this learner’s work before." in html and "No asks in this cohort." in html


def test_review_page_history_queries_do_not_grow(client, auth, world):
    first = hand_in(world.enrollment, world.lesson)
    _review(first, world.mentor)
    hand_in(world.enrollment, world.lesson)
    auth.login_as(world.mentor)
    with count_queries() as small:
        client.get(f"/reviews/{first.submission_id}")
    for n in range(30):
        make_ask(world.enrollment, title=f"Ask {n}", commit=False)
    track2, lesson2 = make_track()
    for _ in range(5):
        cohort = make_cohort(track2)
        enroll(cohort, world.mentor, EnrollmentRole.MENTOR)
        _review(hand_in(enroll(cohort, world.learner), lesson2), world.mentor, Decision.APPROVE)
    with count_queries() as big:
        html = client.get(f"/reviews/{first.submission_id}").data.decode()
    assert html.count('href="/asks/') == 20 and html.count("Build your first site</a>") >= 6
    assert big.count == small.count, f"{small.count} -> {big}"
