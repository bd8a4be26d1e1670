"""Recording progress in an enrolment: lessons, quiz attempts, bulk records in constant queries."""
from __future__ import annotations

import pytest

from lms import signals
from lms.cohorts.membership import learner_enrollment
from lms.extensions import db
from lms.progress import records
from lms.progress.completion import completion
from lms.progress.services import ProgressError, QuizError, mark_complete, mark_incomplete, submit_quiz
from lms.tracks.queries import outline
from tests.factories.auth import make_user
from tests.factories.tracks import bulk_learners, enroll, lesson, make_cohort, make_track
from tests.querycount import count_queries


@pytest.fixture
def enrollment(learner, track):
    return learner_enrollment(learner, track)


def test_mark_complete_is_idempotent_and_undoable(app, enrollment, track):
    intro = lesson(track, "intro")
    first = mark_complete(enrollment, intro)
    assert mark_complete(enrollment, intro) is first
    db.session.commit()
    assert records.for_enrollment(enrollment).counts().lessons_done == 1
    mark_incomplete(enrollment, intro)
    mark_incomplete(enrollment, intro)
    db.session.commit()
    assert records.for_enrollment(enrollment).counts().lessons_done == 0


def test_only_plain_lessons_are_marked_by_hand(app, enrollment, track):
    with pytest.raises(ProgressError):
        mark_complete(enrollment, lesson(track, "check"))


def test_a_lesson_of_another_track_is_refused(app, enrollment):
    other = make_track(lessons=1)
    with pytest.raises(ProgressError, match="not part of your cohort's track"):
        mark_complete(enrollment, other.lessons[0])
    with pytest.raises(QuizError):
        submit_quiz(enrollment, make_track(quizzes=1).lessons[0], [[0]])


def test_record_counts_each_kind(app, enrollment, track):
    mark_complete(enrollment, lesson(track, "intro"))
    submit_quiz(enrollment, lesson(track, "check"), [[1], [0, 2]])
    db.session.commit()
    counts = records.for_enrollment(enrollment).counts()
    assert (counts.lessons_done, counts.lessons_total, counts.quizzes_passed, counts.quizzes_total,
            counts.assignments_approved, counts.assignments_total) == (1, 3, 1, 1, 0, 1)
    assert (counts.done, counts.total, counts.percent) == (2, 5, 40)
    assert records.for_enrollment(enrollment).percent == 40


def test_records_for_a_thousand_learners_take_constant_queries(app):
    track = make_track(lessons=5, quizzes=1, assignments=1)
    cohort = make_cohort(track)
    bulk_learners(cohort, 1000)
    assert track.id and cohort.track_id  # loaded before counting
    with count_queries() as counter:
        progress = records.for_cohort(cohort)
    assert counter.count == 5  # enrolments, lessons, lesson rows, quiz attempts, submissions (no reviews)
    assert len(progress) == 1000 and next(iter(progress.values())).total == 7


def test_completion_reads_the_tracks_rule(app, enrollment, track):
    for slug in ("intro", "inside"):
        mark_complete(enrollment, lesson(track, slug))
    db.session.commit()
    lessons = outline(track)
    result = completion(track, lessons, records.for_enrollment(enrollment, lessons))
    # The good track requires intro and inside, every assignment, and no quiz.
    assert not result.complete
    assert result.missing == ["Get the assignment “Homework” approved"]


def test_progress_changes_are_announced_for_the_enrolment(app, track):
    user = make_user()
    enrollment = enroll(user, track)
    heard, completed = [], []
    with signals.progress_changed.connected_to(lambda sender, **data: heard.append((sender, data))), \
            signals.lesson_completed.connected_to(lambda sender, **data: completed.append(sender.slug)):
        mark_complete(enrollment, lesson(track, "intro"))
        mark_incomplete(enrollment, lesson(track, "intro"))
    assert heard == [(enrollment, {"user_id": user.id, "cohort_id": enrollment.cohort_id})] * 2
    assert completed == ["intro"]


def test_an_enrolment_change_credits_earlier_work_only_when_asked(app, track, learner):
    from lms.progress.models import LessonProgress
    from tests.factories.cohorts import complete

    earlier = learner_enrollment(learner, track)
    complete(earlier, lesson(track, "intro"))
    again = enroll(learner, track)
    signals.enrollment_changed.send(again, from_status=None, to_status=again.status, actor=None)
    assert records.for_enrollment(again).done_count == 0
    signals.enrollment_changed.send(again, from_status=None, to_status=again.status, actor=None,
                                    credit_prior_work=True)
    [row] = db.session.scalars(db.select(LessonProgress).where(LessonProgress.enrollment_id == again.id)).all()
    assert row.credited_from_id == earlier.id
