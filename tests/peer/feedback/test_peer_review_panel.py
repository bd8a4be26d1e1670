"""The peer reviews beside the work on the mentor's review page: names, scores, comment,
each reviewer's agreement so far, the "Peers disagree" badge; a constant number of queries."""
from __future__ import annotations

from lms.extensions import db
from tests.factories.peer_rows import make_mentor_review, make_peer_learner, make_peer_review
from tests.factories.submissions import hand_in
from tests.peer.feedback.feedback_world import peer_world
from tests.querycount import count_queries
from tests.security.content_world import markdown_chunks, name_chunks
from tests.security.test_content_safety import page_problems


def test_mentor_sees_each_peer_review_with_name_scores_comment_and_agreement(client, auth, world):
    peers = peer_world(world, levels=((0, 0), (1, 2)), comment="Use **landmarks**.")
    # Pat Peer1's earlier review, which a mentor also scored: 1 of 2 criteria on the mentor's level.
    earlier = hand_in(world.other_enrollment, world.lesson).submission
    make_peer_review(earlier, peers.peers[0][1], levels=(0, 1), commit=False)
    make_mentor_review(earlier, world.mentor, levels=(0, 0))
    auth.login_as(world.mentor)
    html = client.get(f"/reviews/{peers.submission.id}").get_data(as_text=True)
    assert "Peer reviews" in html and "Advisory: your review decides" in html
    assert "Pat Peer1" in html and "Pat Peer2" in html
    assert "<strong>landmarks</strong>" in html
    assert "agrees with mentors 50% (1 review compared)" in html
    assert "no mentor review to compare with yet" in html
    assert "8 / 8 points" in html and "3 / 8 points" in html
    assert "Peers disagree" in html   # 100 % and 12.5 %


def test_no_badge_when_peers_roughly_agree_and_no_panel_without_peer_review(client, auth, world):
    auth.login_as(world.mentor)
    plain = hand_in(world.other_enrollment, world.lesson).submission
    assert "Peer reviews" not in client.get(f"/reviews/{plain.id}").get_data(as_text=True)
    peers = peer_world(world, levels=((0, 0), (1, 1)))
    html = client.get(f"/reviews/{peers.submission.id}").get_data(as_text=True)
    assert "Peer reviews" in html and "Peers disagree" not in html


def test_an_admin_sees_the_panel_and_the_submission_page_shows_it_to_mentors(client, auth, world):
    peers = peer_world(world)
    auth.login_as(world.admin)
    assert "Pat Peer1" in client.get(f"/reviews/{peers.submission.id}").get_data(as_text=True)
    auth.login_as(world.mentor)
    assert "Pat Peer2" in client.get(f"/submissions/{peers.submission.id}").get_data(as_text=True)


def test_review_page_queries_stay_constant_from_one_to_twenty_peer_reviews(client, auth, world):
    auth.login_as(world.mentor)
    peers = peer_world(world, count=1)
    url = f"/reviews/{peers.submission.id}"
    with count_queries() as small:
        assert client.get(url).status_code == 200
    for i in range(19):
        make_peer_review(peers.submission, make_peer_learner(world.cohort)[1], levels=(i % 3, 1), commit=False)
    make_mentor_review(hand_in(world.other_enrollment, world.lesson).submission, world.mentor)
    with count_queries() as big:
        response = client.get(url)
    assert response.status_code == 200 and response.get_data(as_text=True).count('class="peer-review"') == 20
    assert big.count == small.count, f"{small.count} -> {big}"


def test_payloads_in_peer_comments_and_names_never_run_on_the_review_page(client, auth, world):
    chunks, names = markdown_chunks(), name_chunks()
    peers = peer_world(world, count=1)
    submission = peers.submission
    for i, chunk in enumerate(chunks):
        user, enrollment = make_peer_learner(world.cohort, name=names[i % len(names)], email=f"x{i}@example.org")
        make_peer_review(submission, enrollment, comment=chunk, comments=(chunk[:500], chunk[-500:]), commit=False)
    db.session.commit()
    auth.login_as(world.mentor)
    response = client.get(f"/reviews/{submission.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.count('class="peer-review"') == len(chunks) + 1
    assert page_problems(page) == []
