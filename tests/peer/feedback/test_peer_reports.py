"""Mentors and admins settle reported peer reviews (/peer/reports) and read their cohort's
reviewers' agreement (/peer/cohorts/<id>/reviewers); both lists in a constant number of queries."""
from __future__ import annotations

from lms.cohorts.models import EnrollmentRole
from lms.extensions import db
from lms.peer.models import ReportStatus
from lms.peer.reports import PAGE_SIZE
from tests.factories.auth import make_user
from tests.factories.peer_rows import make_mentor_review, make_peer_learner, make_peer_review
from tests.factories.submissions import enroll, hand_in, make_cohort
from tests.peer.feedback.feedback_world import peer_world
from tests.querycount import count_queries
from tests.security.content_world import markdown_chunks, name_chunks
from tests.security.test_content_safety import page_problems


def _reported(world, count=1):
    peers = peer_world(world, count=count)
    for i, review in enumerate(peers.reviews):
        review.report_status, review.report_reason = ReportStatus.OPEN, f"Rude remark {i}"
        review.reported_at = review.submitted_at
    db.session.commit()
    return peers


def test_mentors_see_open_reports_with_the_reason_and_clear_one(client, auth, world):
    peers = _reported(world)
    review = peers.reviews[0]
    auth.login_as(world.mentor)
    html = client.get("/peer/reports").get_data(as_text=True)
    assert "Rude remark 0" in html and "<bdi>Pat Peer1</bdi> on <bdi>Lea Learner</bdi>" in html
    response = client.post(f"/peer/reviews/{review.id}/settle", data={"outcome": "clear"})
    assert response.status_code == 302
    db.session.refresh(review)
    assert review.report_status == ReportStatus.CLEARED and review.moderated_by_id == world.mentor.id
    assert "Rude remark 0" not in client.get("/peer/reports").get_data(as_text=True)
    assert "Rude remark 0" in client.get("/peer/reports?show=settled").get_data(as_text=True)
    auth.login_as(world.learner)
    page = client.get(f"/submissions/{peers.submission.id}").get_data(as_text=True)
    assert f"/peer/reviews/{review.id}/rate" in page
    assert f"/peer/reviews/{review.id}/report" not in page   # reported once only


def test_an_upheld_report_keeps_the_review_hidden_and_cannot_be_settled_twice(client, auth, world):
    peers = _reported(world)
    review = peers.reviews[0]
    auth.login_as(world.admin)
    client.post(f"/peer/reviews/{review.id}/settle", data={"outcome": "uphold"})
    again = client.post(f"/peer/reviews/{review.id}/settle", data={"outcome": "clear"}, follow_redirects=True)
    assert "settled already" in again.get_data(as_text=True)
    db.session.refresh(review)
    assert review.report_status == ReportStatus.UPHELD
    auth.login_as(world.learner)
    assert f"/peer/reviews/{review.id}/" not in client.get(f"/submissions/{peers.submission.id}").get_data(as_text=True)


def test_settling_needs_a_valid_outcome_and_an_open_report(client, auth, world):
    peers = peer_world(world, count=1)
    auth.login_as(world.mentor)
    for data in ({}, {"outcome": "delete"}, {"outcome": "clear" * 10_000}):
        client.post(f"/peer/reviews/{peers.reviews[0].id}/settle", data=data)
    client.post(f"/peer/reviews/{peers.reviews[0].id}/settle", data={"outcome": "clear"})
    db.session.refresh(peers.reviews[0])
    assert peers.reviews[0].report_status == ReportStatus.NONE and peers.reviews[0].moderated_at is None


def test_other_cohorts_mentors_and_learners_cannot_see_or_settle(client, auth, world):
    peers = _reported(world)
    stranger = make_user(name="Sam Stranger")
    enroll(make_cohort(world.track), stranger, EnrollmentRole.MENTOR)
    auth.login_as(stranger)
    assert "Rude remark" not in client.get("/peer/reports").get_data(as_text=True)
    assert client.post(f"/peer/reviews/{peers.reviews[0].id}/settle", data={"outcome": "clear"}).status_code == 404
    auth.login_as(world.learner)
    assert client.get("/peer/reports").status_code == 403
    auth.login_as(peers.peers[0][0])   # the reviewer sees their review, but does not settle it
    assert client.post(f"/peer/reviews/{peers.reviews[0].id}/settle", data={"outcome": "clear"}).status_code == 403
    db.session.refresh(peers.reviews[0])
    assert peers.reviews[0].report_status == ReportStatus.OPEN


def test_reports_list_queries_stay_constant(client, auth, world):
    auth.login_as(world.mentor)
    peers = _reported(world, count=1)
    with count_queries() as small:
        assert client.get("/peer/reports").status_code == 200
    for i in range(25):
        make_peer_review(peers.submission, make_peer_learner(world.cohort)[1], report_status=ReportStatus.OPEN,
                         report_reason=f"Reason {i}", commit=False)
    db.session.commit()
    with count_queries() as big:
        html = client.get("/peer/reports").get_data(as_text=True)
    assert html.count('class="card peer-review"') == 26
    assert big.count == small.count, f"{small.count} -> {big}"


def test_the_reviewers_list_shows_agreement_helpfulness_and_reports(client, auth, world):
    peers = peer_world(world, levels=((0, 0), (2, 2)))
    peers.reviews[0].helpful = True
    peers.reviews[1].helpful = False
    peers.reviews[1].report_status = ReportStatus.CLEARED
    db.session.commit()
    make_mentor_review(peers.submission, world.mentor, levels=(0, 1))
    auth.login_as(world.mentor)
    url = f"/peer/cohorts/{world.cohort.id}/reviewers"
    with count_queries() as small:
        html = client.get(url).get_data(as_text=True)
    assert "Pat Peer1" in html and "50%" in html and "0%" in html
    for _ in range(10):
        make_peer_review(hand_in(make_peer_learner(world.cohort)[1], world.lesson).submission,
                         make_peer_learner(world.cohort)[1], commit=False)
    db.session.commit()
    with count_queries() as big:
        assert client.get(url).status_code == 200
    assert big.count == small.count
    auth.login_as(world.learner)
    assert client.get(url).status_code == 403
    assert client.get("/peer/cohorts/99999/reviewers").status_code == 404


def test_payloads_in_reasons_comments_and_names_never_run_on_the_reports_page(client, auth, world):
    peers = peer_world(world, count=1)
    names, chunks = name_chunks(), markdown_chunks()
    for i, chunk in enumerate(chunks[:PAGE_SIZE]):
        make_peer_review(peers.submission, make_peer_learner(world.cohort, name=names[i % len(names)],
                                                             email=f"z{i}@example.org")[1],
                         comment=chunk, comments=(chunk[:200],), report_status=ReportStatus.OPEN,
                         report_reason=chunk, commit=False)
    db.session.commit()
    auth.login_as(world.mentor)
    page = client.get("/peer/reports").get_data(as_text=True)
    assert page.count('class="card peer-review"') == min(len(chunks), PAGE_SIZE)
    assert page_problems(page) == []
