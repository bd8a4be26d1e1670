"""The asks pages over HTTP: open with a file, reply, claim, resolve, rate, thanks on the profile."""
from __future__ import annotations

import io
import re
import uuid

from lms.asks.models import Ask, AskState
from lms.extensions import db

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452")


def _key(html: bytes) -> str:
    return re.search(rb'name="client_key" type="hidden" value="([0-9a-f-]+)"', html).group(1).decode()


def _open(client, world, **fields):
    data = {"title": "15 minutes on my pricing table", "body": "Is **this** right?", "urgency": "urgent",
            "lesson_id": str(world.lesson.id), "skill": "Pricing", "client_key": str(uuid.uuid4()), **fields}
    return client.post(f"/cohorts/{world.cohort.id}/asks/new", data=data, content_type="multipart/form-data")


def test_a_learner_opens_an_ask_with_a_file_and_sees_it_in_their_list(client, auth, world):
    auth.login_as(world.learner)
    page = client.get(f"/cohorts/{world.cohort.id}/asks/new?lesson={world.lesson.id}")
    assert page.status_code == 200 and f'<option selected value="{world.lesson.id}"'.encode() in page.data
    response = _open(client, world, files=(io.BytesIO(PNG), "table.png"))
    assert response.status_code == 302
    ask = db.session.scalar(db.select(Ask))
    assert ask.skill == "pricing" and ask.urgency.value == "urgent" and ask.files[0].filename == "table.png"
    thread = client.get(f"/asks/{ask.id}")
    assert b"<strong>this</strong>" in thread.data and b"table.png" in thread.data
    assert client.get(f"/asks/files/{ask.files[0].id}").data == PNG
    assert b"15 minutes on my pricing table" in client.get("/asks").data


def test_the_same_new_ask_form_posted_twice_opens_one_ask(client, auth, world):
    auth.login_as(world.learner)
    key = _key(client.get(f"/cohorts/{world.cohort.id}/asks/new").data)
    first, second = _open(client, world, client_key=key), _open(client, world, client_key=key)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(db.select(db.func.count(Ask.id))) == 1


def test_bad_input_rerenders_the_form_with_messages_and_keeps_what_was_typed(client, auth, world):
    auth.login_as(world.learner)
    response = _open(client, world, title="", body="Kept text")
    assert response.status_code == 400 and b"Give your ask a short title." in response.data
    assert b"Kept text" in response.data
    response = _open(client, world, title="Kept title", files=(io.BytesIO(b"nope"), "fake.pdf"))
    assert response.status_code == 400 and b"is not really a PDF" in response.data
    assert b"Kept title" in response.data and db.session.scalar(db.select(Ask)) is None


def test_the_whole_conversation_over_http(client, auth, world):
    auth.login_as(world.learner)
    _open(client, world)
    ask_id = db.session.scalar(db.select(Ask.id))
    auth.login_as(world.own_mentor)
    page = client.get(f"/asks/{ask_id}")
    assert b"Mentored before" in page.data and b"Claim" in page.data
    assert client.post(f"/asks/{ask_id}/claim").status_code == 302
    page = client.get(f"/asks/{ask_id}")
    key = _key(page.data)
    client.post(f"/asks/{ask_id}", data={"client_key": key, "body": "Raise the *middle* package."})
    client.post(f"/asks/{ask_id}", data={"client_key": key, "body": "Raise the *middle* package."})  # resent
    ask = db.session.get(Ask, ask_id)
    assert ask.state == AskState.AWAITING_LEARNER and len(ask.replies) == 1
    auth.login_as(world.learner)
    page = client.get(f"/asks/{ask_id}")
    assert b"<em>middle</em>" in page.data
    client.post(f"/asks/{ask_id}", data={"client_key": _key(page.data), "body": "By how much?"})
    auth.login_as(world.own_mentor)
    client.post(f"/asks/{ask_id}", data={"client_key": _key(client.get(f"/asks/{ask_id}").data), "body": "20%."})
    assert client.post(f"/asks/{ask_id}/resolve").status_code == 302
    db.session.expire_all()
    assert db.session.get(Ask, ask_id).state == AskState.RESOLVED
    auth.login_as(world.learner)
    refused = client.post(f"/asks/{ask_id}/rate", data={"thanks_note": "Kept note"})
    assert refused.status_code == 400 and b"Say how helpful" in refused.data and b"Kept note" in refused.data
    client.post(f"/asks/{ask_id}/rate", data={"rating": "helpful", "thanks_note": "You <b>rock</b>",
                                              "thanks_public": "y"})
    directory = f"/cohorts/{world.cohort.id}/mentors"
    assert b"You &lt;b&gt;rock&lt;/b&gt;" not in client.get(directory).data  # not chosen by the mentor yet
    auth.login_as(world.own_mentor)
    client.post(f"/asks/{ask_id}/thanks", data={"shown": "1"})
    auth.login_as(world.learner)
    assert b"You &lt;b&gt;rock&lt;/b&gt;" in client.get(directory).data


def test_a_second_mentor_sees_who_holds_the_ask_and_cannot_reply(client, auth, world):
    auth.login_as(world.learner)
    _open(client, world)
    ask_id = db.session.scalar(db.select(Ask.id))
    auth.login_as(world.own_mentor)
    client.post(f"/asks/{ask_id}/claim")
    auth.login_as(world.skilled_mentor)
    page = client.get(f"/asks/{ask_id}")
    assert b"<bdi>Ana Mentor</bdi> holds this ask." in page.data and b'name="client_key"' not in page.data
    refused = client.post(f"/asks/{ask_id}", data={"client_key": "0" * 32, "body": "Me too"})
    assert refused.status_code == 409 and b"<bdi>Ana Mentor</bdi> holds this ask" in refused.data


def test_hand_over_from_the_thread_page(client, auth, world):
    auth.login_as(world.learner)
    _open(client, world)
    ask_id = db.session.scalar(db.select(Ask.id))
    auth.login_as(world.own_mentor)
    client.post(f"/asks/{ask_id}/claim")
    bad = client.post(f"/asks/{ask_id}/handover", data={"to_mentor": "", "note": "kept note"})
    assert bad.status_code == 400 and b"Choose a mentor." in bad.data and b"kept note" in bad.data
    client.post(f"/asks/{ask_id}/handover", data={"to_mentor": str(world.skilled_mentor.id), "note": "Over to you"})
    assert db.session.get(Ask, ask_id).mentor_id == world.skilled_mentor.id
    auth.login_as(world.skilled_mentor)
    assert b"handed the ask to" in client.get(f"/asks/{ask_id}").data


def test_the_learners_lesson_track_and_submission_pages_link_to_a_new_ask(client, auth, world):
    from tests.factories.submissions import hand_in

    submission = hand_in(world.enrollment, world.lesson).submission
    auth.login_as(world.learner)
    lesson_page = client.get(f"/tracks/{world.track.slug}/lessons/{world.lesson.slug}").get_data(as_text=True)
    assert f"/cohorts/{world.cohort.id}/asks/new?lesson={world.lesson.id}" in lesson_page, lesson_page[:300]
    assert f"/cohorts/{world.cohort.id}/asks/new" in client.get(f"/tracks/{world.track.slug}").get_data(as_text=True)
    detail = client.get(f"/submissions/{submission.id}").get_data(as_text=True)
    assert f"submission={submission.id}" in detail
    form = client.get(f"/cohorts/{world.cohort.id}/asks/new?submission={submission.id}").get_data(as_text=True)
    assert f'<option selected value="{submission.id}"' in form
