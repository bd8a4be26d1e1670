"""The author's side: the peer reviews received on the submission page (anonymous as "Peer 1",
"Peer 2"), rating them helpful or not, and reporting one, which hides it until a mentor looks."""
from __future__ import annotations

import threading

import pytest

from lms.extensions import db
from lms.peer.models import PeerReview, ReportStatus
from tests.factories.peer_rows import make_peer_learner, make_peer_review
from tests.peer.feedback.feedback_world import peer_world
from tests.security.content_world import markdown_chunks
from tests.security.test_content_safety import page_problems


def _page(client, peers) -> str:
    return client.get(f"/submissions/{peers.submission.id}").get_data(as_text=True)


def test_anonymous_reviews_show_as_numbered_peers_without_names_or_emails(client, auth, world):
    peers = peer_world(world, anonymous=True)
    auth.login_as(world.learner)
    html = _page(client, peers)
    assert "Peer 1" in html and "Peer 2" in html
    for user, _ in peers.peers:
        assert user.name not in html and user.email not in html
        assert user.name.split()[0] not in html


def test_named_reviews_show_the_reviewers_when_the_assignment_is_not_anonymous(client, auth, world):
    peers = peer_world(world, anonymous=False)
    auth.login_as(world.learner)
    html = _page(client, peers)
    assert "Pat Peer1" in html and "Pat Peer2" in html and "Peer 1<" not in html


def test_a_missing_anonymous_flag_hides_names(client, auth, world):
    peers = peer_world(world)
    world.lesson.spec = {**world.lesson.spec, "peer": {"reviews": 2}}
    db.session.commit()
    auth.login_as(world.learner)
    assert "Pat Peer1" not in _page(client, peers)


def test_the_author_rates_a_review_and_may_change_their_mind(client, auth, world):
    peers = peer_world(world)
    review = peers.reviews[0]
    auth.login_as(world.learner)
    response = client.post(f"/peer/reviews/{review.id}/rate", data={"helpful": "yes"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#peer-reviews")
    db.session.refresh(review)
    assert review.helpful is True and review.rated_at is not None
    client.post(f"/peer/reviews/{review.id}/rate", data={"helpful": "no"})
    db.session.refresh(review)
    assert review.helpful is False
    assert "You found this not helpful." in _page(client, peers)


@pytest.mark.parametrize("data", [{}, {"helpful": "maybe"}, {"helpful": "x" * 100_000}])
def test_bad_ratings_change_nothing_and_never_fail(client, auth, world, data):
    peers = peer_world(world)
    auth.login_as(world.learner)
    response = client.post(f"/peer/reviews/{peers.reviews[0].id}/rate", data=data)
    assert response.status_code == 302
    db.session.refresh(peers.reviews[0])
    assert peers.reviews[0].helpful is None


def test_only_the_author_rates_or_reports(client, auth, world):
    peers = peer_world(world)
    review = peers.reviews[0]
    for user, expected in ((world.other_learner, 404), (peers.peers[0][0], 403), (world.mentor, 403)):
        auth.login_as(user)
        assert client.post(f"/peer/reviews/{review.id}/rate", data={"helpful": "yes"}).status_code == expected
        assert client.post(f"/peer/reviews/{review.id}/report", data={"reason": "x"}).status_code == expected
    assert client.post("/peer/reviews/999999/rate", data={"helpful": "yes"}).status_code == 404
    db.session.refresh(review)
    assert review.helpful is None and review.report_status == ReportStatus.NONE


def test_a_reported_review_is_hidden_from_the_author_at_once(client, auth, world):
    peers = peer_world(world)
    review = peers.reviews[0]
    auth.login_as(world.learner)
    form = client.get(f"/peer/reviews/{review.id}/report")
    assert form.status_code == 200 and "Report a peer review" in form.get_data(as_text=True)
    reviewer = peers.peers[0][0]
    assert reviewer.name not in form.get_data(as_text=True) and reviewer.email not in form.get_data(as_text=True)
    response = client.post(f"/peer/reviews/{review.id}/report", data={"reason": "Rude, not about my work"})
    assert response.status_code == 302
    db.session.refresh(review)
    assert review.report_status == ReportStatus.OPEN and review.report_reason == "Rude, not about my work"
    html = _page(client, peers)
    assert f"/peer/reviews/{review.id}/" not in html and f"/peer/reviews/{peers.reviews[1].id}/rate" in html
    assert "Peer 2" in html and "Peer 1<" not in html
    assert client.get(f"/peer/reviews/{review.id}/report").status_code == 404
    assert client.post(f"/peer/reviews/{review.id}/rate", data={"helpful": "yes"}).status_code == 404


def test_a_report_without_a_reason_re_renders_the_form_keeping_nothing_hidden(client, auth, world):
    peers = peer_world(world)
    auth.login_as(world.learner)
    response = client.post(f"/peer/reviews/{peers.reviews[0].id}/report", data={"reason": "   "})
    assert response.status_code == 400 and "Say what is wrong" in response.get_data(as_text=True)
    too_long = client.post(f"/peer/reviews/{peers.reviews[0].id}/report", data={"reason": "y" * 2001})
    assert too_long.status_code == 400 and "y" * 2001 in too_long.get_data(as_text=True)
    db.session.refresh(peers.reviews[0])
    assert peers.reviews[0].report_status == ReportStatus.NONE


def test_a_review_is_reported_only_once_even_from_two_tabs(app, client, auth, world):
    peers = peer_world(world)
    review_id = peers.reviews[0].id
    auth.login_as(world.learner)
    results = []

    def report(reason):
        with app.test_client() as other:
            other.set_cookie("session", client.get_cookie("session").value)
            results.append(other.post(f"/peer/reviews/{review_id}/report", data={"reason": reason}).status_code)

    threads = [threading.Thread(target=report, args=(f"Reason {i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.expire_all()
    review = db.session.get(PeerReview, review_id)
    assert review.report_status == ReportStatus.OPEN and review.report_reason in ("Reason 0", "Reason 1")
    assert review.version == 2


def test_payloads_in_comments_never_run_on_the_authors_page(client, auth, world):
    peers = peer_world(world, count=1)
    for i, chunk in enumerate(markdown_chunks()):
        make_peer_review(peers.submission, make_peer_learner(world.cohort, email=f"y{i}@example.org")[1],
                         comment=chunk, comments=(chunk[:300],), commit=False)
    db.session.commit()
    auth.login_as(world.learner)
    page = _page(client, peers)
    assert page.count('class="peer-review"') == len(markdown_chunks()) + 1
    assert page_problems(page) == []
