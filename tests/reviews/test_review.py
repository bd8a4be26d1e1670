"""Reviewing: claims, grading, decisions, conflicts, what the learner sees."""
from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from lms import signals
from lms.audit.models import AuditEvent
from lms.cohorts.models import EnrollmentRole, ReviewPolicy
from lms.database import utcnow
from lms.extensions import db
from lms.reviews import services
from lms.reviews.models import Review
from lms.submissions.models import Submission, SubmissionStatus as S
from tests.factories.auth import make_user
from tests.factories.submissions import enroll, hand_in, make_cohort
from tests.reviews.helpers import review_form_values, review_post, waiting_submission


def _review(client, submission, **kwargs):
    page = client.get(f"/reviews/{submission.id}")
    assert page.status_code == 200
    return client.post(f"/reviews/{submission.id}", data=review_post(review_form_values(page.data), **kwargs))


def _actions(submission_id):
    return [e.action for e in db.session.scalars(select(AuditEvent).where(
        AuditEvent.subject_id == submission_id).order_by(AuditEvent.id))]


# --- Claims -----------------------------------------------------------------------------

def test_claim_shows_others_who_is_reviewing(client, auth, world):
    submission = waiting_submission(world)
    second = make_user(name="Ben Mentor")
    enroll(world.cohort, second, EnrollmentRole.MENTOR)
    auth.login_as(world.mentor)
    assert client.post(f"/reviews/{submission.id}/claim").status_code == 302
    db.session.refresh(submission)
    assert submission.status == S.IN_REVIEW and submission.claimed_by_id == world.mentor.id
    auth.login_as(second)
    queue = client.get("/reviews/").data
    assert b"<bdi>Ana Mentor</bdi> is reviewing, since 1 minute" in queue
    response = client.post(f"/reviews/{submission.id}/claim", follow_redirects=True)
    assert b"Ana Mentor is already reviewing this work." in response.data
    assert db.session.get(Submission, submission.id).claimed_by_id == world.mentor.id


def test_expired_claim_can_be_taken_over_and_is_audited(client, auth, app, world):
    submission = waiting_submission(world)
    services.claim(submission, world.mentor)
    submission.claimed_at = utcnow() - timedelta(minutes=app.config["REVIEW_CLAIM_MINUTES"] + 1)
    db.session.commit()
    second = make_user(name="Ben Mentor")
    enroll(world.cohort, second, EnrollmentRole.MENTOR)
    auth.login_as(second)
    assert b"Claim</button>" in client.get("/reviews/").data  # the stale claim is not shown
    client.post(f"/reviews/{submission.id}/claim")
    db.session.refresh(submission)
    assert submission.claimed_by_id == second.id
    assert _actions(submission.id) == ["submitted", "claimed", "claim_expired", "claimed"]


def test_periodic_expiry_returns_stale_claims_to_the_queue(app, world):
    submission = waiting_submission(world)
    services.claim(submission, world.mentor)
    db.session.commit()
    assert services.expire_claims() == 0
    later = utcnow() + timedelta(minutes=31)
    assert services.expire_claims(now=later) == 1
    db.session.commit()
    assert submission.status == S.SUBMITTED and submission.claimed_by_id is None
    assert _actions(submission.id)[-1] == "claim_expired"


def test_claim_minutes_are_configurable(app_factory, world):
    submission = waiting_submission(world)
    services.claim(submission, world.mentor)
    submission.claimed_at = utcnow() - timedelta(minutes=10)
    assert services.claim_is_live(submission)
    from flask import current_app
    current_app.config["REVIEW_CLAIM_MINUTES"] = 5
    assert not services.claim_is_live(submission)


def test_release_puts_work_back_and_is_audited(client, auth, world):
    submission = waiting_submission(world)
    auth.login_as(world.mentor)
    client.post(f"/reviews/{submission.id}/claim")
    client.post(f"/reviews/{submission.id}/release")
    db.session.refresh(submission)
    assert submission.status == S.SUBMITTED
    assert _actions(submission.id)[-2:] == ["claimed", "released"]


# --- Grading and decisions ----------------------------------------------------------------

def test_approve_computes_the_total_on_the_server(client, auth, world):
    submission = waiting_submission(world)
    received = []
    with signals.progress_changed.connected_to(lambda sender, **kw: received.append(kw)):
        auth.login_as(world.mentor)
        response = _review(client, submission, levels=(1, 1), comments=("Nice", ""), total="999", score="999",
                           passed="1", feedback="**Good**")
    assert response.status_code == 302
    review = db.session.scalars(select(Review)).one()
    assert (review.total_points, review.max_points, review.passed) == (5, 8, True)
    assert review.scores[0] == {"level": 1, "points": 3, "comment": "Nice"}
    assert db.session.get(Submission, submission.id).status == S.APPROVED
    assert received == [{"user_id": world.learner.id, "cohort_id": world.cohort.id}]
    assert "approved" in _actions(submission.id)


def test_approve_below_pass_points_is_refused(client, auth, world):
    submission = waiting_submission(world)
    auth.login_as(world.mentor)
    response = _review(client, submission, levels=(2, 2), feedback="Keep this text")
    assert response.status_code == 400
    assert b"The total is 1 points, below the 5 needed to pass" in response.data
    assert b"Keep this text</textarea>" in response.data
    assert re.search(rb'name="level-0" value="2"[^>]*checked', response.data)
    assert db.session.scalar(select(Review.id)) is None


def test_every_criterion_needs_a_level(client, auth, world):
    submission = waiting_submission(world)
    auth.login_as(world.mentor)
    response = _review(client, submission, levels=(0, None))
    assert response.status_code == 400 and "Choose a level for “Accessibility”".encode() in response.data


def test_request_changes_then_the_learner_starts_a_prefilled_next_attempt(client, auth, world):
    submission = waiting_submission(world, text="First draft\nline two")
    auth.login_as(world.mentor)
    _review(client, submission, levels=(2, 2), decision="request_changes", feedback="Add *alt text*",
            comments=("", "No alt text"))
    auth.login_as(world.learner)
    detail = client.get(f"/submissions/{submission.id}").data
    assert b"Changes requested" in detail and b"<em>alt text</em>" in detail and b"No alt text" in detail
    assert b"Ana Mentor" in detail and b"1 / 8 points" in detail and b"Start attempt 2" in detail
    form = client.get(f"/submissions/cohort/{world.cohort.id}/lesson/{world.lesson.id}")
    assert b"First draft\nline two</textarea>" in form.data and b"What your mentor asked for" in form.data
    from tests.submissions.helpers import form_key, post_attempt
    post_attempt(client, world, key=form_key(form.data), text="First draft\nline 2 with alt text")
    db.session.refresh(submission)
    assert submission.status == S.SUBMITTED and [a.number for a in submission.attempts] == [1, 2]
    auth.login_as(world.mentor)
    page = client.get(f"/reviews/{submission.id}").data
    assert b"Changes since attempt 1" in page
    assert b"<del>two</del>" in page and b"<ins>2 with alt text</ins>" in page


def test_files_can_be_carried_over_to_the_next_attempt(client, auth, world):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8
    attempt = hand_in(world.enrollment, world.lesson, files=[("a.png", png), ("b.png", png)])
    submission = attempt.submission
    services.review_attempt(submission, services.ReviewData(attempt.id, submission.version,
                            services.Decision.REQUEST_CHANGES, [0, 0], ["", ""]), world.mentor)
    db.session.commit()
    second = hand_in(world.enrollment, world.lesson, carry_file_ids=[attempt.files[1].id])
    assert [f.filename for f in second.files] == ["b.png"]
    assert second.files[0].storage_key == attempt.files[1].storage_key
    assert [f.filename for f in attempt.files] == ["a.png", "b.png"]


def test_not_passed_is_only_possible_on_the_last_attempt(client, auth, app, world):
    app.config["SUBMISSION_MAX_ATTEMPTS"] = 2
    submission = waiting_submission(world)
    auth.login_as(world.mentor)
    page = client.get(f"/reviews/{submission.id}").data
    assert b"Request changes" in page and b"Not passed" not in page
    assert _review(client, submission, levels=(2, 2), decision="not_passed").status_code == 400
    _review(client, submission, levels=(2, 2), decision="request_changes")
    hand_in(world.enrollment, world.lesson, text="second")
    page = client.get(f"/reviews/{submission.id}").data
    assert b"Not passed (final)" in page and b"Request changes" not in page
    refused = _review(client, submission, levels=(2, 2), decision="request_changes")
    assert refused.status_code == 400
    assert _review(client, submission, levels=(2, 2), decision="not_passed").status_code == 302
    assert db.session.get(Submission, submission.id).status == S.NOT_PASSED


def test_no_further_attempt_after_the_last_one(world, app):
    app.config["SUBMISSION_MAX_ATTEMPTS"] = 1
    submission = waiting_submission(world)
    assert services.decisions_possible(submission) == {services.Decision.APPROVE, services.Decision.NOT_PASSED}


def test_finished_cohort_allows_a_final_not_passed(world):
    submission = waiting_submission(world)
    world.cohort.status = "finished"
    db.session.commit()
    assert services.Decision.NOT_PASSED in services.decisions_possible(submission)


def test_rubric_snapshot_survives_track_edits(client, auth, world):
    submission = waiting_submission(world)
    auth.login_as(world.mentor)
    _review(client, submission, levels=(0, 0))
    world.lesson.spec = {**world.lesson.spec, "rubric": [{"name": "Everything", "description": "",
                                                          "levels": [{"label": "Meh", "points": 100}]}]}
    db.session.commit()
    review = db.session.scalars(select(Review)).one()
    assert [c["name"] for c in review.rubric_snapshot] == ["Structure", "Accessibility"]
    assert review.rubric_snapshot[0]["levels"][0] == {"label": "Excellent", "points": 4, "description": "All semantic"}
    auth.login_as(world.learner)
    page = client.get(f"/submissions/{submission.id}").data
    assert b"Structure" in page and b"8 / 8 points" in page and b"Everything" not in page


# --- Conflicts ---------------------------------------------------------------------------------

def test_second_mentor_gets_a_conflict_showing_the_first_review(client, auth, world):
    submission = waiting_submission(world)
    second = make_user(name="Ben Mentor")
    enroll(world.cohort, second, EnrollmentRole.MENTOR)
    auth.login_as(second)
    stale_form = review_form_values(client.get(f"/reviews/{submission.id}").data)
    auth.login_as(world.mentor)
    assert _review(client, submission, levels=(0, 0), feedback="First review wins").status_code == 302
    auth.login_as(second)
    response = client.post(f"/reviews/{submission.id}", data=review_post(
        stale_form, levels=(2, 2), decision="request_changes", feedback="My late thoughts"))
    assert response.status_code == 409
    assert b"This attempt was reviewed meanwhile." in response.data
    assert b"First review wins" in response.data and b"My late thoughts</textarea>" in response.data
    assert len(db.session.scalars(select(Review)).all()) == 1


def test_reviewing_while_someone_else_holds_a_live_claim_is_a_conflict(client, auth, world):
    submission = waiting_submission(world)
    second = make_user(name="Ben Mentor")
    enroll(world.cohort, second, EnrollmentRole.MENTOR)
    auth.login_as(second)
    stale_form = review_form_values(client.get(f"/reviews/{submission.id}").data)
    services.claim(db.session.get(Submission, submission.id), world.mentor)
    db.session.commit()
    response = client.post(f"/reviews/{submission.id}", data=review_post(stale_form))
    assert response.status_code == 409 and b"Ana Mentor claimed this work" in response.data


def test_two_mentors_submitting_at_the_same_moment_never_overwrite(app, auth, world, monkeypatch):
    submission = waiting_submission(world)
    second = make_user(name="Ben Mentor")
    enroll(world.cohort, second, EnrollmentRole.MENTOR)
    clients, forms = [], []
    for mentor in (world.mentor, second):
        c = app.test_client()
        auth.client = c
        auth.login_as(mentor)
        forms.append(review_form_values(c.get(f"/reviews/{submission.id}").data))
        clients.append(c)
    barrier = threading.Barrier(2, timeout=5)
    original = services._check_conflict

    def check_then_wait(*args):
        original(*args)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass

    monkeypatch.setattr(services, "_check_conflict", check_then_wait)
    url = f"/reviews/{submission.id}"
    results = []
    threads = [threading.Thread(target=lambda c=c, f=f: results.append(c.post(url, data=review_post(f))))
               for c, f in zip(clients, forms, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert sorted(r.status_code for r in results) == [302, 409]
    db.session.expire_all()
    assert len(db.session.scalars(select(Review)).all()) == 1


# --- Who may review --------------------------------------------------------------------------

def test_assigned_mentor_policy_keeps_other_mentors_out(client, auth, world):
    world.cohort.review_policy = ReviewPolicy.ASSIGNED_MENTOR
    db.session.commit()
    submission = waiting_submission(world)
    other_mentor = make_user(name="Ben Mentor")
    enroll(world.cohort, other_mentor, EnrollmentRole.MENTOR)
    auth.login_as(other_mentor)
    assert client.get(f"/reviews/{submission.id}").status_code == 403
    assert client.post(f"/reviews/{submission.id}/claim").status_code == 403
    assert b"Nothing is waiting for review" in client.get("/reviews/").data
    auth.login_as(world.mentor)
    assert client.get(f"/reviews/{submission.id}").status_code == 200


def test_learners_cannot_review(client, auth, world):
    submission = waiting_submission(world)
    auth.login_as(world.learner)
    assert client.get(f"/reviews/{submission.id}").status_code == 403  # their own: no self-review
    assert client.get("/reviews/").status_code == 403
    auth.login_as(world.other_learner)
    assert client.get(f"/reviews/{submission.id}").status_code == 404


def test_mentor_of_another_cohort_sees_nothing_of_this_one(client, auth, world):
    waiting_submission(world)
    cohort_b = make_cohort(world.track, name="Autumn cohort")
    mentor_b = make_user(name="Bea Mentor")
    enroll(cohort_b, mentor_b, EnrollmentRole.MENTOR)
    auth.login_as(mentor_b)
    queue = client.get("/reviews/").data
    assert b"Lea Learner" not in queue and b"Nothing is waiting for review" in queue
    submission_id = db.session.scalar(select(Submission.id))
    assert client.get(f"/reviews/{submission_id}").status_code == 404


def test_admin_sees_the_audit_trail_mentors_do_not(client, auth, world):
    submission = waiting_submission(world)
    auth.login_as(world.mentor)
    client.post(f"/reviews/{submission.id}/claim")
    _review(client, submission, levels=(0, 0))
    assert b"Audit trail" not in client.get(f"/submissions/{submission.id}").data
    auth.login_as(world.admin)
    page = client.get(f"/submissions/{submission.id}").data
    assert b"Audit trail" in page and b"claimed" in page and b"approved" in page


@pytest.mark.parametrize("policy", [ReviewPolicy.ANY_MENTOR, ReviewPolicy.ASSIGNED_MENTOR])
def test_admin_may_review_under_any_policy(client, auth, world, policy):
    world.cohort.review_policy = policy
    db.session.commit()
    submission = waiting_submission(world)
    auth.login_as(world.admin)
    assert _review(client, submission, levels=(0, 0)).status_code == 302


def test_claiming_decided_work_is_refused_with_a_message_not_an_error_page(client, auth, world):
    submission = waiting_submission(world)
    auth.login_as(world.mentor)
    services.claim(submission, world.mentor)
    db.session.commit()
    submission.status = S.APPROVED  # set up a decided piece of work directly
    db.session.commit()
    response = client.post(f"/reviews/{submission.id}/claim", follow_redirects=True)
    assert response.status_code == 200
    assert b"This work is approved and cannot become in review; approved pieces of work do not change." \
        in response.data
    assert db.session.get(Submission, submission.id).status == S.APPROVED
