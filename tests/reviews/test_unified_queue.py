"""The one mentor queue at /reviews/: reviews and asks merged by waiting time, filtered by kind."""
from __future__ import annotations

import re
from datetime import timedelta

from lms.cohorts.models import EnrollmentRole
from lms.database import utcnow
from lms.extensions import db
from lms.reviews import queries
from tests.factories.ask_queue_rows import bulk_asks, make_ask
from tests.factories.auth import make_user
from tests.factories.submissions import enroll, hand_in
from tests.querycount import count_queries
from tests.reviews.test_query_counts import bulk_waiting_work


def _waiting(enrollment, lesson, hours):
    submission = hand_in(enrollment, lesson).submission
    submission.waiting_since = utcnow() - timedelta(hours=hours)
    db.session.commit()
    return submission


def _rows(html: str) -> list[str]:
    """Each row's kind and learner, top to bottom."""
    return [f"{kind}:{name}" for kind, name in re.findall(
        r'<tr class="queue__row--(\w+)[^"]*">.*?<td>(?:<span[^>]*>\w+</span>)</td>\s*<td>([^<]+?)\s*(?:<|$)',
        html, re.S)]


def test_reviews_and_asks_merge_oldest_first_and_the_kind_filter_splits_them(client, auth, world):
    _waiting(world.enrollment, world.lesson, 10)
    make_ask(world.other_enrollment, title="Pricing table?", hours_waiting=20)
    make_ask(world.enrollment, title="Scope clause?", hours_waiting=2)
    auth.login_as(world.mentor)
    html = client.get("/reviews/").data.decode()
    assert _rows(html) == ["ask:Otto Other", "review:Lea Learner", "ask:Lea Learner"]
    assert "3 waiting (1 review, 2 asks)" in html
    assert _rows(client.get("/reviews/?kind=reviews").data.decode()) == ["review:Lea Learner"]
    asks = client.get("/reviews/?kind=asks").data.decode()
    assert _rows(asks) == ["ask:Otto Other", "ask:Lea Learner"]
    assert '<option value="asks" selected>' in asks
    assert _rows(client.get("/reviews/?kind=nonsense").data.decode()) == _rows(html)


def test_ask_rows_show_what_they_are_about_and_post_claims_to_asks(client, auth, world):
    ask = make_ask(world.enrollment, title="Scope <clause>?", lesson=world.lesson, skill="contracts")
    mine = make_ask(world.other_enrollment, title="Held", mentor=world.mentor, claimed_minutes_ago=5)
    auth.login_as(world.mentor)
    html = client.get("/reviews/").data.decode()
    assert "Scope &lt;clause&gt;?" in html and "Scope <clause>" not in html
    assert f'href="/asks/{ask.id}"' in html and f'action="/asks/{ask.id}/claim"' in html
    assert "Build your first site" in html and "contracts" in html and "Offered to you" in html
    assert f'action="/asks/{mine.id}/claim"' not in html and "You claimed it" in html


def test_my_mentees_applies_to_both_kinds(client, auth, world):
    stranger = enroll(world.cohort, make_user(name="Una Unassigned"))
    _waiting(stranger, world.lesson, 3)
    make_ask(stranger, title="Not my mentee")
    make_ask(world.enrollment, title="My mentee")
    _waiting(world.other_enrollment, world.lesson, 1)
    auth.login_as(world.mentor)
    html = client.get("/reviews/?mine=1").data.decode()
    assert sorted(_rows(html)) == ["ask:Lea Learner", "review:Otto Other"]
    assert 'name="mine" value="1" checked' in html


def test_offered_to_me_narrows_asks_and_keeps_reviews(client, auth, world):
    _waiting(world.other_enrollment, world.lesson, 3)
    make_ask(world.enrollment, title="For admins", stage="admins")
    make_ask(world.enrollment, title="For Lea's mentors")
    auth.login_as(world.mentor)
    html = client.get("/reviews/?offered=1").data.decode()
    assert "For Lea&#39;s mentors" in html and "For admins" not in html and "Otto Other" in html


def test_mentored_before_shows_on_review_and_ask_rows(client, auth, world):
    from lms.reviews.services import Decision, ReviewData, review_attempt

    track_lesson = world.lesson
    attempt = hand_in(world.enrollment, track_lesson)
    review_attempt(attempt.submission, ReviewData(attempt.id, attempt.submission.version, Decision.REQUEST_CHANGES,
                                                  [0, 0], ["", ""]), world.mentor)
    db.session.commit()
    hand_in(world.enrollment, track_lesson)              # attempt 2 waits: Lea was reviewed before
    make_ask(world.enrollment, title="Lea asks")
    make_ask(world.other_enrollment, title="Otto asks")  # never reviewed, no mentorship row
    auth.login_as(world.mentor)
    html = client.get("/reviews/").data.decode()
    rows = re.findall(r'<tr class="queue__row--\w+.*?</tr>', html, re.S)
    marked = sorted((("Lea" in r), ("Mentored before" in r), ("review" in r[:30])) for r in rows)
    assert marked == [(False, False, False), (True, True, False), (True, True, True)]


def test_pages_stay_correct_when_kinds_interleave(client, auth, world, monkeypatch):
    monkeypatch.setattr(queries, "PAGE_SIZE", 4)
    expected = []
    for hours in range(10, 0, -1):   # oldest first: 10 h, 9 h, ... alternating kinds
        learner = enroll(world.cohort, make_user(name=f"Person {hours:02d}"), mentor=world.mentor)
        if hours % 2:
            make_ask(learner, title=f"Ask {hours}", hours_waiting=hours)
            expected.append(f"ask:Person {hours:02d}")
        else:
            _waiting(learner, world.lesson, hours)
            expected.append(f"review:Person {hours:02d}")
    auth.login_as(world.mentor)
    seen = []
    for page in (1, 2, 3):
        html = client.get(f"/reviews/?page={page}").data.decode()
        assert f"Page {page} of 3" in html
        seen += _rows(html)
    assert seen == expected
    assert _rows(client.get("/reviews/?page=99").data.decode()) == expected[8:]
    assert _rows(client.get("/reviews/?kind=asks&page=2").data.decode()) == [r for r in expected if "ask" in r][4:]


def test_queue_nav_reads_queue_and_links_the_feedback_page(client, auth, world):
    auth.login_as(world.mentor)
    html = client.get("/reviews/").data.decode()
    assert re.search(r'href="/reviews/"[^>]*>\s*Queue\s*<', html)
    assert 'href="/reviews/feedback"' in html


QUEUE_URLS = ["/reviews/", "/reviews/?kind=asks&mine=1&overdue=1&offered=1", "/reviews/?kind=reviews",
              "/reviews/?page=3&cohort={cohort}", "/reviews/?kind=asks&page=150"]


def test_queue_queries_stay_constant_from_10_to_10000_asks(client, auth, world):
    urls = [url.format(cohort=world.cohort.id) for url in QUEUE_URLS]
    auth.login_as(world.mentor)
    bulk_asks(world.cohort, 10, mentor=world.mentor)
    bulk_waiting_work(world, 10)
    small = {}
    for url in urls:
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        small[url] = counter.count
    bulk_asks(world.cohort, 9_990, mentor=world.mentor)
    bulk_waiting_work(world, 500)
    for url in urls:
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200
        assert counter.count == small[url], f"{url}: {small[url]} -> {counter}"
    page = client.get("/reviews/").data
    assert b"10,510 waiting (510 reviews, 10,000 asks)" in page and b"Page 1 of 211" in page


def test_admin_queue_with_many_asks_keeps_its_query_count(client, auth, world):
    auth.login_as(world.admin)
    bulk_asks(world.cohort, 10)
    with count_queries() as small:
        client.get("/reviews/?overdue=1&offered=1")
    bulk_asks(world.cohort, 2_000)
    with count_queries() as big:
        client.get("/reviews/?overdue=1&offered=1")
    assert small.count == big.count


def test_another_mentor_sees_a_claimed_ask_as_gone(client, auth, world):
    other = make_user(name="Oli Other")
    enroll(world.cohort, other, EnrollmentRole.MENTOR)
    make_ask(world.enrollment, title="Claimed by Oli", mentor=other, claimed_minutes_ago=1)
    auth.login_as(world.mentor)
    assert b"Claimed by Oli" not in client.get("/reviews/").data
