"""Feedback on feedback: the learner rates each review they received; mentors read the figure."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from lms import signals
from lms.errors import PermissionDenied
from lms.extensions import db
from lms.reviews.helpfulness import Helpfulness, review_helpfulness
from lms.reviews.models import Decision, ReviewRating
from lms.reviews.ratings import RatingData, rate_review
from lms.reviews.services import ReviewData, review_attempt
from tests.factories.auth import make_user
from tests.factories.submissions import enroll, hand_in
from tests.querycount import count_queries


def _reviewed(world, enrollment=None, mentor=None, decision=Decision.REQUEST_CHANGES):
    attempt = hand_in(enrollment or world.enrollment, world.lesson)
    review = review_attempt(attempt.submission, ReviewData(attempt.id, attempt.submission.version, decision,
                                                           [0, 0], ["", ""], "Use headings"), mentor or world.mentor)
    db.session.commit()
    return review


def test_learner_rates_a_review_from_the_submission_page_and_can_change_it(client, auth, world):
    review = _reviewed(world)
    auth.login_as(world.learner)
    page = client.get(f"/submissions/{review.submission_id}").data.decode()
    assert f'action="/reviews/ratings/{review.id}"' in page and "Was this review helpful?" in page
    sent = []

    def receiver(rating, **kw):
        sent.append((rating.review_id, kw["actor"].id))

    with signals.review_rated.connected_to(receiver):
        response = client.post(f"/reviews/ratings/{review.id}", data={"helpful": "yes", "comment": "Clear, thanks"})
        assert response.status_code == 302
        assert response.location.endswith(f"/submissions/{review.submission_id}#review-{review.id}")
        client.post(f"/reviews/ratings/{review.id}", data={"helpful": "no", "comment": "On reflection: vague"})
    ratings = db.session.scalars(select(ReviewRating)).all()
    assert [(r.helpful, r.comment, r.user_id) for r in ratings] == [(False, "On reflection: vague", world.learner.id)]
    assert sent == [(review.id, world.learner.id)] * 2
    again = client.get(f"/submissions/{review.submission_id}").data.decode()
    assert "You said not helpful" in again and "Update rating" in again
    assert re.search(r'value="no" id="rating-%d-no"\s+checked' % review.id, again)
    assert "On reflection: vague" in again


@pytest.mark.parametrize("who", ["other_learner", "mentor", "admin"])
def test_only_the_learner_of_the_review_may_rate_it(client, auth, world, who):
    review = _reviewed(world)
    auth.login_as(getattr(world, who))
    assert client.get(f"/reviews/ratings/{review.id}").status_code == 404
    assert client.post(f"/reviews/ratings/{review.id}", data={"helpful": "yes"}).status_code == 404
    assert db.session.scalar(select(func.count(ReviewRating.id))) == 0
    page = client.get(f"/submissions/{review.submission_id}").data
    assert b"Was this review helpful?" not in page


def test_the_service_refuses_anyone_but_the_learner(world):
    review = _reviewed(world)
    with pytest.raises(PermissionDenied):
        rate_review(review, RatingData(helpful=True), world.mentor)


def test_rating_needs_sign_in_a_real_review_and_the_csrf_token(client, auth, world):
    review = _reviewed(world)
    response = client.post(f"/reviews/ratings/{review.id}", data={"helpful": "yes"})
    assert response.status_code == 302 and "/login" in response.location
    auth.login_as(world.learner)
    assert client.post("/reviews/ratings/999999", data={"helpful": "yes"}).status_code == 404
    assert client.post(f"/reviews/ratings/{review.id}", data={"helpful": "yes"}, csrf=False).status_code == 400
    assert db.session.scalar(select(func.count(ReviewRating.id))) == 0


@pytest.mark.parametrize("data, message", [
    ({"comment": "kept text"}, "Choose helpful or not helpful."),
    ({"helpful": "maybe", "comment": "kept text"}, "Not a valid choice"),
    ({"helpful": "yes", "comment": "kept text" + "x" * 2_000}, "2000"),
])
def test_bad_ratings_show_the_form_again_with_the_message_and_the_text(client, auth, world, data, message):
    review = _reviewed(world)
    auth.login_as(world.learner)
    response = client.post(f"/reviews/ratings/{review.id}", data=data)
    html = response.data.decode()
    assert response.status_code == 400 and message in html and "kept text" in html
    assert db.session.scalar(select(func.count(ReviewRating.id))) == 0


def test_the_comment_is_shown_escaped(client, auth, world):
    review = _reviewed(world)
    auth.login_as(world.learner)
    client.post(f"/reviews/ratings/{review.id}", data={"helpful": "no", "comment": "<script>alert(1)</script>"})
    auth.login_as(world.mentor)
    html = client.get("/reviews/feedback").data.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_helpfulness_is_computed_for_many_mentors_at_once(world):
    second = make_user(name="Sec Ond")
    from lms.cohorts.models import EnrollmentRole
    enroll(world.cohort, second, EnrollmentRole.MENTOR)
    for helpful, mentor in ((True, world.mentor), (False, world.mentor), (True, world.mentor), (True, second)):
        learner = enroll(world.cohort, make_user())
        review = _reviewed(world, learner, mentor)
        rate_review(review, RatingData(helpful=helpful), db.session.get(type(world.learner), learner.user_id))
    _reviewed(world)  # written, never rated
    db.session.commit()
    ids = [world.mentor.id, second.id, world.admin.id]
    with count_queries() as counter:
        figures = review_helpfulness(ids)
    assert counter.count == 1
    assert figures == {world.mentor.id: Helpfulness(3, 2), second.id: Helpfulness(1, 1),
                       world.admin.id: Helpfulness(0, 0)}
    assert figures[world.mentor.id].percent == 66 and figures[world.admin.id].share is None  # rounded down
    assert review_helpfulness([]) == {}


def test_mentor_sees_their_own_figure_and_comments_admin_any_mentor(client, auth, world):
    review = _reviewed(world)
    auth.login_as(world.learner)
    client.post(f"/reviews/ratings/{review.id}", data={"helpful": "yes", "comment": "The heading tip worked"})
    auth.login_as(world.mentor)
    html = client.get("/reviews/feedback").data.decode()
    assert "100% helpful" in html and "1 of 1 rated review" in html and "The heading tip worked" in html
    assert "Lea Learner" not in html   # ratings reach the mentor without the learner's name
    assert client.get(f"/reviews/feedback?mentor={world.admin.id}").status_code == 404
    auth.login_as(world.admin)
    admin_view = client.get(f"/reviews/feedback?mentor={world.mentor.id}").data.decode()
    assert "Feedback for <bdi>Ana Mentor</bdi>" in admin_view and "The heading tip worked" in admin_view
    assert f'<option value="{world.mentor.id}" selected>' in admin_view
    assert client.get("/reviews/feedback?mentor=999999").status_code == 404
    auth.login_as(world.learner)
    assert client.get("/reviews/feedback").status_code == 403


def test_feedback_page_without_ratings_says_what_comes(client, auth, world):
    auth.login_as(world.mentor)
    html = client.get("/reviews/feedback?page=7").data.decode()
    assert "No ratings yet" in html and "Nothing rated yet" in html


def test_feedback_page_queries_do_not_grow_with_ratings(client, auth, world):
    auth.login_as(world.mentor)

    def add_ratings(count):
        for _ in range(count):
            learner = enroll(world.cohort, make_user())
            review = _reviewed(world, learner)
            db.session.add(ReviewRating(review_id=review.id, user_id=learner.user_id, helpful=True, comment="ok"))
        db.session.commit()

    add_ratings(2)
    with count_queries() as small:
        assert client.get("/reviews/feedback").status_code == 200
    add_ratings(60)
    with count_queries() as big:
        assert client.get("/reviews/feedback?page=2").status_code == 200
    assert big.count == small.count, f"{small.count} -> {big}"


def test_submission_page_queries_stay_constant_with_rated_reviews(client, auth, world):
    auth.login_as(world.learner)
    first = _reviewed(world)
    with count_queries() as small:
        client.get(f"/submissions/{first.submission_id}")
    for decision in (Decision.REQUEST_CHANGES, Decision.APPROVE):   # attempts 2 and 3, the last allowed
        review = _reviewed(world, decision=decision)
        rate_review(review, RatingData(helpful=True, comment="ok"), world.learner)
        db.session.commit()
    with count_queries() as big:
        html = client.get(f"/submissions/{first.submission_id}").data.decode()
    assert html.count("Was this review helpful?") == 3
    assert big.count == small.count, f"{small.count} -> {big}"


def test_two_first_ratings_at_once_make_one_row(app, world):
    from lms.reviews.models import Review
    from tests.race import race

    review_id, learner_id = _reviewed(world).id, world.learner.id

    def attempt(helpful, ready):
        review = db.session.get(Review, review_id)
        learner = db.session.get(type(world.learner), learner_id)
        ready()
        rate_review(review, RatingData(helpful=helpful, comment=f"helpful={helpful}"), learner)

    outcomes = race(app, [True, False], attempt, PermissionDenied)
    db.session.expire_all()
    ratings = db.session.scalars(select(ReviewRating)).all()
    assert outcomes == ["won", "won"] and len(ratings) == 1
    assert ratings[0].comment == f"helpful={ratings[0].helpful}"
