"""XSS corpus through asks: titles, bodies, replies, hand-over notes and thank-you notes, shown
on the thread, the lists of asks and the mentor directory: never markup that can run."""
from __future__ import annotations

import re
import uuid

import pytest

from lms.asks.models import Ask
from lms.extensions import db
from tests.factories.scenario import TwoCohorts, two_cohorts
from tests.security.conftest import sign_in_as
from tests.security.content_world import markdown_chunks, pack, payloads
from tests.security.test_content_safety import get_safe


@pytest.fixture
def world(app) -> TwoCohorts:
    return two_cohorts()


def _latest_ask_id() -> int:
    return db.session.scalar(db.select(Ask.id).order_by(Ask.id.desc()))


def test_corpus_through_every_ask_text_is_shown_as_text(client, world):
    titles = pack(payloads(), 200)
    for i, chunk in enumerate(markdown_chunks()):
        sign_in_as(client, world, "learner_a")
        response = client.post(f"/cohorts/{world.cohort_a}/asks/new",
                               data={"title": titles[i % len(titles)], "body": chunk, "urgency": "urgent",
                                     "skill": titles[i % len(titles)][:60], "client_key": str(uuid.uuid4())})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        ask_id = _latest_ask_id()
        sign_in_as(client, world, "mentor_a")
        client.post(f"/asks/{ask_id}/claim")
        assert client.post(f"/asks/{ask_id}", data={"body": chunk, "client_key": str(uuid.uuid4())}).status_code == 302
        sign_in_as(client, world, "learner_a")
        client.post(f"/asks/{ask_id}", data={"body": chunk, "client_key": str(uuid.uuid4())})
        sign_in_as(client, world, "mentor_a")
        client.post(f"/asks/{ask_id}/handover", data={"to_mentor": str(world.requests_mentor_a2),
                                                      "note": chunk[:2000]})
        sign_in_as(client, world, "learner_a")
        client.post(f"/asks/{ask_id}/rate", data={"rating": "helpful", "thanks_note": chunk[:1000],
                                                  "thanks_public": "y"})
        db.session.execute(db.update(Ask).where(Ask.id == ask_id).values(thanks_shown=True))
        db.session.commit()
        for actor in ("learner_a", "mentor_a", "admin"):
            get_safe(client, world, actor, f"/asks/{ask_id}")
            get_safe(client, world, actor, "/asks")
        get_safe(client, world, "learner_a", f"/cohorts/{world.cohort_a}/mentors")
    ask = db.session.get(Ask, _latest_ask_id())
    assert "<script" not in ask.body_html.lower()
    assert all("<script" not in r.body_html.lower() for r in ask.replies)
    assert not re.search(r"[\r\n]", ask.title)
