"""/api/v1/asks: asks and their threads, opened and answered through the asks services."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.asks.models import Ask, AskReply
from lms.cohorts.models import Enrollment
from lms.extensions import db
from tests.api.mentoring_helpers import assert_constant_queries, callers, more_learners_of_a
from tests.factories.ask_rows import make_ask, make_reply


@pytest.fixture
def c(app, api_as):
    return callers(api_as)


def _asks() -> int:
    return db.session.scalar(select(func.count(Ask.id)))


def test_each_caller_lists_the_asks_they_may_see(c):
    w = c.world
    def ids(client, query=""):
        return {item["id"] for item in client.get(f"/api/v1/asks/{query}").get_json()["data"]}
    assert {w.ask_a, w.queue_ask_a} <= ids(c.learner_a) and {w.ask_a, w.queue_ask_a} <= ids(c.mentor_a)
    assert w.ask_a in ids(c.admin) and w.ask_a not in ids(c.learner_b) | ids(c.mentor_b)
    assert w.ask_a in ids(c.mentor_a, "?status=awaiting_mentor") and w.ask_a not in ids(c.mentor_a, "?status=resolved")
    assert c.mentor_a.get("/api/v1/asks/?status=lost").status_code == 422


def test_an_ask_comes_with_its_thread_and_is_404_to_others(c):
    w = c.world
    make_reply(db.session.get(Ask, w.ask_a), c.user("mentor_a"), body="Try three columns.")
    body = c.learner_a.get(f"/api/v1/asks/{w.ask_a}").get_json()
    assert body["body"] == "Three **packages**." and "<strong>packages</strong>" in body["body_html"]
    assert body["replies"][0]["body"] == "Try three columns." and body["replies"][0]["author"]["name"] == "Mia Mentor"
    assert body["files"][0]["filename"] == "prices.txt" and body["status"] == "awaiting_mentor"
    assert "email" not in str(body["learner"])
    for stranger in (c.learner_b, c.mentor_b):
        assert stranger.get(f"/api/v1/asks/{w.ask_a}").status_code == 404


def test_a_learner_opens_an_ask_once_per_idempotency_key(c):
    w = c.world
    before = _asks()
    body = {"cohort_id": w.cohort_a, "title": "Is my **hero** ok?", "body": "See the *hero*.", "urgency": "urgent",
            "lesson_id": w.assignment_a_id}
    first = c.learner_a.post("/api/v1/asks/", json=body, headers={"Idempotency-Key": "ask-1"})
    assert first.status_code == 201, first.get_json()
    again = c.learner_a.post("/api/v1/asks/", json=body, headers={"Idempotency-Key": "ask-1"})
    assert again.status_code == 201 and again.get_json()["id"] == first.get_json()["id"]
    assert _asks() == before + 1
    created = first.get_json()
    assert created["urgency"] == "urgent" and created["status"] == "awaiting_mentor"
    assert first.headers["Location"] == f"/api/v1/asks/{created['id']}"
    assert created["id"] in {a["id"] for a in c.mentor_a.get("/api/v1/asks/").get_json()["data"]}


@pytest.mark.parametrize("change, field", [
    ({"title": ""}, "title"), ({"body": ""}, "body"), ({"body": "x" * 20_001}, "body"), ({"colour": 1}, "colour"),
    ({"urgency": "yesterday"}, "urgency"), ({"cohort_id": None}, "cohort_id"),
    ({"lesson_id": "other track"}, "lesson_id"), ({"submission_id": "someone else's"}, "submission_id"),
])
def test_invalid_asks_are_problems_naming_the_field(c, change, field):
    w = c.world
    other = {"other track": w.lesson_b_id, "someone else's": 999_999}
    body = {"cohort_id": w.cohort_a, "title": "Help", "body": "Please"}
    body.update({key: other.get(value, value) for key, value in change.items()})
    before = _asks()
    response = c.learner_a.post("/api/v1/asks/", json=body)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"] and _asks() == before


def test_only_a_learner_of_the_cohort_opens_an_ask_there(c):
    w = c.world
    before = _asks()
    for outsider in (c.learner_b, c.mentor_a, c.admin):
        response = outsider.post("/api/v1/asks/", json={"cohort_id": w.cohort_a, "title": "Hi", "body": "Hello"})
        assert response.status_code == 422 and "cohort_id" in response.get_json()["errors"]
    assert _asks() == before


def test_the_learner_and_her_mentor_reply_and_strangers_cannot(c):
    w = c.world
    url = f"/api/v1/asks/{w.ask_a}/replies"
    answer = c.mentor_a.post(url, json={"body": "Use a **grid**."}, headers={"Idempotency-Key": "r1"})
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["status"] == "awaiting_learner" and answer.get_json()["mentor"]["id"] == w.mentor_a
    replay = c.mentor_a.post(url, json={"body": "Use a **grid**."}, headers={"Idempotency-Key": "r1"})
    assert replay.status_code == 201 and replay.headers["Idempotent-Replayed"] == "true"
    back = c.learner_a.post(url, json={"body": "Thanks, trying"})
    assert back.status_code == 201 and back.get_json()["status"] == "awaiting_mentor"
    assert [r["body"] for r in back.get_json()["replies"] if r["kind"] == "reply"] == ["Use a **grid**.",
                                                                                      "Thanks, trying"]
    assert c.mentor_b.post(url, json={"body": "Me too"}).status_code == 404
    assert c.learner_b.post(url, json={"body": "Me too"}).status_code == 404
    assert c.learner_a.post(url, json={"body": ""}).status_code == 422
    assert db.session.scalar(select(func.count(AskReply.id)).where(AskReply.ask_id == w.ask_a,
                                                                  AskReply.kind == "reply")) == 2


def test_the_list_costs_the_same_queries_for_more_asks(c):
    def grow(count):
        for enrollment in more_learners_of_a(c.world, count):
            ask = make_ask(db.session.get(Enrollment, enrollment.id), mentor=c.user("mentor_a"), commit=False)
            make_reply(ask, c.user("mentor_a"), commit=False)
        db.session.commit()
    assert_constant_queries(lambda: c.mentor_a.get("/api/v1/asks/?limit=200"), grow)
