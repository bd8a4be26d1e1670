"""The progress service: marking lessons, bulk progress in constant queries, completion facts."""
from __future__ import annotations

import pytest

from lms import signals
from lms.extensions import db
from lms.tracks.completion import evaluate_completion
from lms.tracks.progress import (
    ProgressError,
    completion_facts,
    lesson_status,
    mark_complete,
    mark_incomplete,
    track_progress,
)
from lms.tracks.queries import outline
from lms.tracks.quizzes import submit_quiz
from tests.factories.auth import make_user
from tests.factories.tracks import bulk_learners, enroll, lesson, make_cohort, make_track
from tests.querycount import count_queries


def test_mark_complete_is_idempotent_and_undoable(app, learner, track):
    intro = lesson(track, "intro")
    first = mark_complete(learner, intro)
    assert mark_complete(learner, intro) is first
    db.session.commit()
    assert track_progress([learner.id], track)[learner.id].lessons_done == 1
    mark_incomplete(learner, intro)
    mark_incomplete(learner, intro)
    db.session.commit()
    assert track_progress([learner.id], track)[learner.id].lessons_done == 0


def test_only_plain_lessons_are_marked_by_hand(app, learner, track):
    with pytest.raises(ProgressError):
        mark_complete(learner, lesson(track, "check"))


def test_track_progress_counts_each_kind(app, learner, track):
    mark_complete(learner, lesson(track, "intro"))
    submit_quiz(learner, lesson(track, "check"), [[1], [0, 2]])
    db.session.commit()
    progress = track_progress([learner.id, 999], track)
    mine = progress[learner.id]
    assert (mine.lessons_done, mine.lessons_total, mine.quizzes_passed, mine.quizzes_total,
            mine.assignments_approved, mine.assignments_total) == (1, 3, 1, 1, 0, 1)
    assert (mine.done, mine.total, mine.percent) == (2, 5, 40)
    assert progress[999].done == 0


def test_track_progress_for_a_thousand_learners_is_four_queries(app):
    track = make_track(lessons=5, quizzes=1, assignments=1)
    ids = bulk_learners(make_cohort(track), 1000)
    assert track.id  # loaded before counting
    with count_queries() as counter:
        progress = track_progress(ids, track)
    assert counter.count == 4
    assert len(progress) == 1000 and progress[ids[0]].total == 7


def test_completion_facts_feed_the_completion_rule(app, learner, track):
    for slug in ("intro", "inside"):
        mark_complete(learner, lesson(track, slug))
    db.session.commit()
    lessons = outline(track)
    result = evaluate_completion(track.completion, completion_facts(lessons, lesson_status(learner, track)))
    # The good track requires intro and inside, every assignment, and no quiz.
    assert result.missing == ["Get the assignment “Homework” approved"]


def test_progress_changes_are_announced_per_cohort(app, track):
    user = make_user()
    enrollment = enroll(user, track)
    heard = []
    with signals.progress_changed.connected_to(lambda sender, **data: heard.append(data)):
        mark_complete(user, lesson(track, "intro"))
        mark_incomplete(user, lesson(track, "intro"))
    assert heard == [{"user_id": user.id, "cohort_id": enrollment.cohort_id}] * 2
