"""Request changes with a partial rubric: criteria may stay unscored; approving needs them all."""
from __future__ import annotations

from sqlalchemy import select

from lms.extensions import db
from lms.reviews import grading
from lms.reviews.models import Review
from lms.submissions.models import Submission, SubmissionStatus as S
from tests.reviews.helpers import review_form_values, review_post, waiting_submission


def _review(client, submission, **kwargs):
    page = client.get(f"/reviews/{submission.id}")
    assert page.status_code == 200
    return client.post(f"/reviews/{submission.id}", data=review_post(review_form_values(page.data), **kwargs))


def test_request_changes_accepts_a_partial_rubric_and_records_the_unscored_criteria(client, auth, world):
    submission = waiting_submission(world)
    auth.login_as(world.mentor)
    response = _review(client, submission, levels=(1, None), decision="request_changes",
                       comments=("", "Add alt text to the images"), feedback="Nearly there")
    assert response.status_code == 302
    review = db.session.scalars(select(Review)).one()
    assert review.scores[0] == {"level": 1, "points": 3, "comment": ""}
    assert review.scores[1] == {"level": None, "points": 0, "comment": "Add alt text to the images"}
    assert (review.total_points, review.passed) == (3, False)
    assert db.session.get(Submission, submission.id).status == S.CHANGES_REQUESTED


def test_request_changes_with_only_a_comment_leaves_every_criterion_unscored(client, auth, world):
    submission = waiting_submission(world)
    auth.login_as(world.mentor)
    response = _review(client, submission, levels=(None, None), decision="request_changes",
                       feedback="Please add a README first.")
    assert response.status_code == 302
    review = db.session.scalars(select(Review)).one()
    assert [s["level"] for s in review.scores] == [None, None] and review.total_points == 0


def test_approval_with_a_missing_criterion_is_refused_with_a_message(client, auth, world):
    submission = waiting_submission(world)
    auth.login_as(world.mentor)
    response = _review(client, submission, levels=(0, None), decision="approve", feedback="Keep me")
    assert response.status_code == 400
    assert "Choose a level for “Accessibility”: approving or closing the work needs every criterion scored".encode() \
        in response.data
    assert b"Keep me</textarea>" in response.data
    assert db.session.scalar(select(Review.id)) is None
    assert db.session.get(Submission, submission.id).status in (S.SUBMITTED, S.IN_REVIEW)


def test_a_level_out_of_range_is_refused_even_when_requesting_changes(client, auth, world):
    submission = waiting_submission(world)
    auth.login_as(world.mentor)
    response = _review(client, submission, levels=(9, None), decision="request_changes")
    assert response.status_code == 400 and db.session.scalar(select(Review.id)) is None


def test_the_learner_sees_unscored_criteria_as_not_scored(client, auth, world):
    submission = waiting_submission(world)
    auth.login_as(world.mentor)
    _review(client, submission, levels=(1, None), decision="request_changes", comments=("", "No alt text"))
    auth.login_as(world.learner)
    page = client.get(f"/submissions/{submission.id}")
    assert page.status_code == 200
    html = page.data.decode()
    assert "1 criterion not scored" in html
    row = html[html.index(">Accessibility</th>"):]
    row = row[:row.index("</tr>")]
    assert "Not scored" in row and "No alt text" in row


def test_the_review_form_explains_that_request_changes_may_leave_criteria_unscored(client, auth, world):
    submission = waiting_submission(world)
    auth.login_as(world.mentor)
    assert b"To request changes you may leave criteria unscored" in client.get(f"/reviews/{submission.id}").data


def test_a_partial_grade_never_passes_even_above_the_threshold():
    rubric = [{"name": "A", "levels": [{"label": "Top", "points": 10}]},
              {"name": "B", "levels": [{"label": "Top", "points": 1}]}]
    result = grading.grade(rubric, [0, None], ["", ""], pass_points=5, partial=True)
    assert (result.total, result.passed) == (10, False)
    assert grading.unscored(result.scores) == 1
