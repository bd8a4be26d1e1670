"""The thread page and the lists of asks issue a constant number of queries as data grows."""
from __future__ import annotations

import uuid

from sqlalchemy import insert

from lms.asks.models import Ask, AskFile, AskReply, ReplyKind
from lms.database import utcnow
from lms.extensions import db
from tests.asks.conftest import open_ask, reply
from tests.querycount import count_queries


def _add_replies(ask, world, count: int) -> None:
    """``count`` replies, alternating learner, mentor, hand-overs and events, some with a file."""
    now = utcnow()
    authors = [world.learner.id, world.own_mentor.id, world.skilled_mentor.id]
    rows = [{"ask_id": ask.id, "author_id": authors[i % 3], "body": f"Reply {i}", "body_html": f"<p>Reply {i}</p>",
             "kind": (ReplyKind.REPLY, ReplyKind.HANDOVER, ReplyKind.EVENT)[i % 3],
             "handed_to_id": world.third_mentor.id if i % 3 == 1 else None,
             "client_key": uuid.uuid4().hex, "created_at": now} for i in range(count)]
    db.session.execute(insert(AskReply.__table__), rows)
    reply_ids = db.session.scalars(db.select(AskReply.id).where(AskReply.ask_id == ask.id)).all()
    db.session.execute(insert(AskFile.__table__), [
        {"ask_id": ask.id, "reply_id": rid, "storage_key": "k", "filename": f"f{rid}.txt", "extension": "txt",
         "size": 3, "created_at": now} for rid in reply_ids[::5]])
    db.session.commit()


def _thread_queries(client, auth, user, ask_id) -> int:
    auth.login_as(user)
    client.get(f"/asks/{ask_id}")  # warm up (first-request work)
    with count_queries() as counter:
        assert client.get(f"/asks/{ask_id}").status_code == 200
    return counter.count


def test_the_thread_page_costs_the_same_with_10_or_200_replies(client, auth, world):
    small, large = open_ask(world, title="Small"), open_ask(world, title="Large")
    reply(small, world.own_mentor)
    reply(large, world.own_mentor)
    _add_replies(small, world, 10)
    _add_replies(large, world, 200)
    for user in (world.learner, world.own_mentor):
        assert _thread_queries(client, auth, user, small.id) == _thread_queries(client, auth, user, large.id)


def test_the_lists_of_asks_cost_the_same_with_few_or_many_asks(client, auth, world):
    def count(user) -> int:
        auth.login_as(user)
        client.get("/asks")
        with count_queries() as counter:
            assert client.get("/asks").status_code == 200
        return counter.count

    first = open_ask(world, title="First")
    reply(first, world.own_mentor)
    few = (count(world.learner), count(world.own_mentor))
    now = utcnow()
    db.session.execute(insert(Ask.__table__), [
        {"cohort_id": world.cohort.id, "enrollment_id": world.enrollment.id, "user_id": world.learner.id,
         "title": f"Ask {n}", "body": "", "body_html": "", "skill": "", "urgency": "normal",
         "state": "awaiting_learner", "stage": "own_mentors", "offered_at": now, "waiting_since": now,
         "mentor_id": world.own_mentor.id if n % 2 else world.skilled_mentor.id, "nudges_sent": 0,
         "created_at": now, "updated_at": now, "version": 1, "thanks_note": "", "thanks_public": False,
         "thanks_shown": False} for n in range(120)])
    db.session.commit()
    assert (count(world.learner), count(world.own_mentor)) == few
