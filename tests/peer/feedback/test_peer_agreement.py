"""A peer reviewer's agreement with mentors: exact level per criterion paired by name, in one query."""
from __future__ import annotations

from lms.extensions import db
from lms.peer.agreement import Agreement, agreement_of, level_pairs
from lms.peer.models import PeerReviewStatus
from tests.factories.peer_rows import PEER_RUBRIC, make_mentor_review, make_peer_learner, make_peer_review
from tests.factories.submissions import RUBRIC, hand_in
from tests.querycount import count_queries

LIGHT_RUBRIC = [{"name": "  structure ", "levels": RUBRIC[0]["levels"]},
                {"name": "Effort", "levels": [{"label": "Yes", "points": 1}, {"label": "No", "points": 0}]}]


def _scores(*levels):
    return [{"level": level, "points": 0, "comment": ""} for level in levels]


def test_levels_pair_by_criterion_name_ignoring_case_and_spacing():
    assert level_pairs(LIGHT_RUBRIC, _scores(1, 0), RUBRIC, _scores(1, 2)) == [(1, 1)]


def test_criteria_with_another_number_of_levels_or_unscored_are_left_out():
    other_scale = [{"name": "Structure", "levels": [{"label": "ok", "points": 1}, {"label": "no", "points": 0}]}]
    assert level_pairs(other_scale, _scores(0), RUBRIC, _scores(0, 0)) == []
    assert level_pairs(PEER_RUBRIC, _scores(None, 2), RUBRIC, _scores(0, None)) == []


def test_malformed_scores_are_skipped_not_an_error():
    assert level_pairs(PEER_RUBRIC, ["x", None], RUBRIC, [{}, 3]) == []
    assert level_pairs(None, None, None, None) == []


def test_agreement_is_the_share_of_criteria_on_the_mentors_level(world):
    submissions = []
    for learner_enrollment in (world.enrollment, world.other_enrollment):
        submissions.append(hand_in(learner_enrollment, world.lesson).submission)
    peer, enrollment = make_peer_learner(world.cohort)
    make_peer_review(submissions[0], enrollment, levels=(0, 1), commit=False)   # mentor (0, 0): 1 of 2
    make_peer_review(submissions[1], enrollment, levels=(2, 2), commit=False)   # mentor (2, 2): 2 of 2
    make_mentor_review(submissions[0], world.mentor, levels=(0, 0), commit=False)
    make_mentor_review(submissions[1], world.mentor, levels=(2, 2), commit=False)
    db.session.commit()
    assert agreement_of([peer.id]) == {peer.id: Agreement(reviews=2, criteria=4, agreed=3)}
    assert agreement_of([peer.id])[peer.id].percent == 75


def test_only_submitted_reviews_of_attempts_a_mentor_reviewed_count(world):
    first = hand_in(world.enrollment, world.lesson).submission
    second = hand_in(world.other_enrollment, world.lesson).submission
    peer, enrollment = make_peer_learner(world.cohort)
    other, other_enrollment = make_peer_learner(world.cohort)
    make_peer_review(first, enrollment, levels=(0, 0), commit=False)          # no mentor review yet
    make_peer_review(second, enrollment, status=PeerReviewStatus.LEASED, commit=False)
    make_peer_review(second, other_enrollment, levels=(1, 1), commit=False)
    make_mentor_review(second, world.mentor, levels=(1, 0), commit=False)
    db.session.commit()
    result = agreement_of([peer.id, other.id])
    assert peer.id not in result
    assert result[other.id] == Agreement(1, 2, 1)
    assert Agreement().percent is None


def test_agreement_of_many_reviewers_takes_one_query(world):
    submission = hand_in(world.enrollment, world.lesson).submission
    peers = [make_peer_learner(world.cohort) for _ in range(15)]
    for i, (_, enrollment) in enumerate(peers):
        make_peer_review(submission, enrollment, levels=(i % 3, 0), commit=False)
    make_mentor_review(submission, world.mentor, levels=(0, 0), commit=False)
    db.session.commit()
    ids = [user.id for user, _ in peers]
    with count_queries() as counter:
        result = agreement_of(ids)
    assert counter.count == 1
    assert len(result) == 15
    assert result[ids[0]].percent == 100 and result[ids[1]].percent == 50
    assert agreement_of([]) == {}
