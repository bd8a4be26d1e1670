"""Writing a peer review counts towards the duty once; the duty, when met or lifted, lets an
approved assignment count as done; flexible grading lifts a duty nobody can fulfil."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from lms import signals
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.peer import allocation, calibration, duties, writing
from lms.peer.errors import InvalidPeerReview, PeerError, StalePeerReview
from lms.peer.models import PeerReviewStatus
from lms.progress.records import for_enrollment
from lms.reviews.models import Decision
from tests.clock import Clock
from tests.factories.peer import CALIBRATION, duty, hand_in_all, peer_cohort
from tests.factories.plans import reviewed

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def write(world, index, now, *, levels=(0,), comment="Nice **work**"):
    review = allocation.lease_next(world.enrollments[index], world.lesson, now)
    writing.submit_review(review, writing.PeerReviewData(review.version, list(levels), [""] * len(levels), comment),
                          world.learners[index], now)
    db.session.commit()
    return review


def test_a_submitted_review_stores_scores_and_meets_the_duty_once(app):
    world = peer_cohort(3, reviews=2)
    hand_in_all(world)
    met = []
    signals.peer_duty_met.connect(lambda duty, **kw: met.append((duty.id, kw["waived"])), weak=False)
    first = write(world, 0, T0)
    assert (first.status, first.total_points, first.max_points) == (PeerReviewStatus.SUBMITTED, 2, 2)
    assert "<strong>work</strong>" in first.comment_html
    assert duty(world.enrollments[0], world.lesson).given == 1 and not met
    write(world, 0, T0)
    owed = duty(world.enrollments[0], world.lesson)
    assert (owed.given, owed.met_at) == (2, T0)
    assert met == [(owed.id, False)]


def test_a_stale_or_second_submit_is_refused(app):
    world = peer_cohort(2, reviews=1)
    hand_in_all(world)
    review = allocation.lease_next(world.enrollments[0], world.lesson, T0)
    db.session.commit()
    data = writing.PeerReviewData(review.version, [0], [""], "ok")
    writing.submit_review(review, data, world.learners[0], T0)
    db.session.commit()
    with pytest.raises(StalePeerReview):
        writing.submit_review(review, data, world.learners[0], T0)
    assert duty(world.enrollments[0], world.lesson).given == 1


def test_every_criterion_needs_a_level_and_long_comments_are_refused(app):
    world = peer_cohort(2)
    hand_in_all(world)
    review = allocation.lease_next(world.enrollments[0], world.lesson, T0)
    with pytest.raises(InvalidPeerReview) as error:
        writing.submit_review(review, writing.PeerReviewData(review.version, [None], [""], ""), None, T0)
    assert error.value.errors == {0: "Choose a level for “Clarity”."}
    with pytest.raises(InvalidPeerReview):
        writing.submit_review(review, writing.PeerReviewData(review.version, [0], [""], "x" * 10_001), None, T0)


def test_blocking_gives_the_lease_back_and_keeps_the_author_away(app):
    world = peer_cohort(2)
    hand_in_all(world)
    review = allocation.lease_next(world.enrollments[0], world.lesson, T0)
    writing.block_author(review, "Rude to me in the chat", T0)
    db.session.commit()
    assert review.status == PeerReviewStatus.RELEASED
    assert not allocation.has_eligible(world.enrollments[1], world.lesson.id)


def test_approved_but_duty_unmet_is_not_done_then_done_with_a_certificate(app):
    world = peer_cohort(2, reviews=1)
    hand_in_all(world, 1)
    reviewed(world.enrollments[0], world.lesson, [0, 0], world.mentor, decision=Decision.APPROVE)
    record = for_enrollment(world.enrollments[0])
    assert record.assignment_status(world.lesson) == "approved" and not record.is_done(world.lesson)
    assert db.session.query(Certificate).count() == 0
    write(world, 0, T0 + timedelta(days=400))
    record = for_enrollment(world.enrollments[0])
    assert record.is_done(world.lesson)
    assert record.done_at[world.lesson.id] == T0 + timedelta(days=400)   # the later of approval and met_at
    assert db.session.query(Certificate).filter_by(user_id=world.learners[0].id).count() == 1


def test_flexible_grading_lifts_a_stuck_duty_after_the_set_time(app, monkeypatch):
    clock = Clock(T0).freeze(monkeypatch, duties)
    world = peer_cohort(1, reviews=2)
    hand_in_all(world)
    owed = duty(world.enrollments[0], world.lesson)
    owed.created_at = T0
    db.session.commit()
    assert duties.waive_stuck_duties() == 0
    clock.advance(hours=app.config["PEER_FLEXIBLE_HOURS"] + 1)
    assert duties.waive_stuck_duties() == 1
    db.session.commit()
    owed = duty(world.enrollments[0], world.lesson)
    assert owed.met_at == clock.now
    assert owed.waived_reason == ("Your cohort has too few hand-ins of this assignment to review; "
                                  "the requirement was lifted on 5 March 2026.")


def test_flexible_grading_waits_while_there_is_work_to_review(app):
    world = peer_cohort(2, reviews=2)
    hand_in_all(world)
    owed = duty(world.enrollments[0], world.lesson)
    later = owed.created_at + timedelta(hours=app.config["PEER_FLEXIBLE_HOURS"] + 1)
    assert not duties.waive_if_stuck(owed, later)          # learner 2's work is there to review
    write(world, 0, later)
    assert duties.waive_if_stuck(duty(world.enrollments[0], world.lesson), later)   # nothing left: lifted


def test_a_mentor_waives_with_a_reason_once(app):
    world = peer_cohort(2)
    hand_in_all(world, 0)
    owed = duty(world.enrollments[0], world.lesson)
    with pytest.raises(PeerError):
        duties.waive(owed, "  ", T0, actor=world.mentor)
    duties.waive(owed, "You were ill this week.", T0, actor=world.mentor)
    db.session.commit()
    assert (owed.met_at, owed.waived_reason, owed.waived_by_id) == (T0, "You were ill this week.", world.mentor.id)
    with pytest.raises(PeerError, match="already"):
        duties.waive(owed, "again", T0)


def test_calibration_stores_agreement_and_the_differences(app):
    world = peer_cohort(2, calibration=CALIBRATION)
    hand_in_all(world)
    with pytest.raises(InvalidPeerReview):
        calibration.score_example(world.enrollments[0], world.lesson, [None], T0)
    row = calibration.score_example(world.enrollments[0], world.lesson, [0], T0)
    db.session.commit()
    assert row.agreement == 0
    rubric = world.lesson.spec["peer"]["rubric"]
    assert calibration.differences(rubric, row.scores, CALIBRATION["scores"])[0].mine == "Clear"
    assert calibration.score_example(world.enrollments[0], world.lesson, [1], T0).id == row.id
    assert allocation.lease_next(world.enrollments[0], world.lesson, T0).status == PeerReviewStatus.LEASED
