"""Opening an ask, the thread's state moves, resolving and rating (frozen clock)."""
from __future__ import annotations

import uuid

import pytest

from lms import signals
from lms.asks import claims, services
from lms.asks.errors import AlreadyClaimed, AskError, InvalidAsk
from lms.asks.models import AskRating, AskState
from lms.errors import InvalidTransition, PermissionDenied
from lms.extensions import db
from tests.asks.conftest import open_ask, reply
from tests.factories.submissions import hand_in

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452")


def test_opening_renders_the_body_once_and_stores_files_under_the_upload_rules(world, clock):
    ask = open_ask(world, body="**Help** <script>alert(1)</script>", lesson_id=world.lesson.id,
                   files=[services.ask_files.UploadedFile("table.png", PNG)])
    assert "<strong>Help</strong>" in ask.body_html and "<script" not in ask.body_html
    assert ask.lesson_id == world.lesson.id
    assert [(f.filename, f.extension, f.reply_id) for f in ask.files] == [("table.png", "png", None)]
    assert services.ask_files.read(ask.files[0]) == PNG


def test_opening_refuses_bad_input_with_a_message_per_field(world, clock):
    other = hand_in(world.other_enrollment, world.lesson)
    with pytest.raises(InvalidAsk) as refused:
        open_ask(world, title=" ", body="", submission_id=other.submission_id, lesson_id=-5,
                 files=[services.ask_files.UploadedFile("fake.pdf", b"not a pdf")])
    assert set(refused.value.errors) == {"title", "body", "submission_id", "lesson_id", "files"}
    assert "is not really a PDF" in refused.value.errors["files"][0]


def test_a_title_with_line_breaks_becomes_one_line(world, clock):
    assert open_ask(world, title="Two\nlines").title == "Two lines"


def test_only_the_learner_opens_their_ask(world, clock):
    with pytest.raises(PermissionDenied):
        services.open_ask(world.enrollment, services.AskData(title="x", body="y"), world.other_learner)


def test_the_thread_moves_between_mentor_and_learner_and_resets_the_wait(world, clock):
    ask = open_ask(world)
    ask.nudges_sent = 2
    clock.advance(hours=5)
    reply(ask, world.own_mentor, "Try this")
    assert ask.state == AskState.AWAITING_LEARNER and ask.first_response_at == clock.now
    assert ask.waiting_since == clock.now and ask.nudges_sent == 0 and ask.claimed_at is None
    answered_at = clock.now
    clock.advance(hours=1)
    reply(ask, world.own_mentor, "And also this")  # same turn: the wait goes on
    assert ask.waiting_since == answered_at
    first_response = ask.first_response_at
    clock.advance(hours=2)
    reply(ask, world.learner, "Thanks, but…")
    assert ask.state == AskState.AWAITING_MENTOR and ask.waiting_since == clock.now
    assert ask.first_response_at == first_response


def test_a_replayed_client_key_posts_the_reply_once(world, clock):
    ask = open_ask(world)
    key = str(uuid.uuid4())
    first = services.reply_to_ask(ask, services.ReplyData(body="Hello", client_key=key), world.learner)
    again = services.reply_to_ask(ask, services.ReplyData(body="Hello", client_key=key), world.learner)
    db.session.commit()
    assert first.id == again.id and len(ask.replies) == 1


def test_a_mentor_reply_to_an_ask_someone_else_holds_is_refused(world, clock):
    ask = open_ask(world)
    claims.claim(ask, world.own_mentor)
    with pytest.raises(AlreadyClaimed, match="Ana Mentor holds this ask"):
        reply(ask, world.skilled_mentor)
    db.session.rollback()


def test_a_mentor_replying_to_an_open_ask_takes_it(world, clock):
    ask = open_ask(world)
    reply(ask, world.third_mentor)
    assert ask.mentor_id == world.third_mentor.id and claims.holder_id(ask) == world.third_mentor.id


def test_a_learner_of_another_cohort_or_another_learner_cannot_reply(world, clock):
    ask = open_ask(world)
    with pytest.raises(PermissionDenied):
        reply(ask, world.other_learner)


def test_the_mentor_resolves_and_the_learner_rates_afterwards(world, clock):
    ask = open_ask(world)
    reply(ask, world.own_mentor)
    with pytest.raises(AskError, match="Only the mentor holding"):
        services.resolve_ask(ask, world.skilled_mentor)
    services.resolve_ask(ask, world.own_mentor)
    db.session.commit()
    assert ask.state == AskState.RESOLVED and ask.resolved_by_id == world.own_mentor.id and ask.resolved_at
    with pytest.raises(AskError, match="resolved"):
        reply(ask, world.learner)
    services.rate_ask(ask, AskRating.HELPFUL, "Thanks!", True, world.learner)
    assert ask.rating == AskRating.HELPFUL and ask.thanks_public and not ask.thanks_shown
    with pytest.raises(AskError, match="rated this ask already"):
        services.rate_ask(ask, AskRating.NOT_HELPFUL, "", False, world.learner)


def test_the_learner_closes_with_a_rating_and_signals_are_sent(world, clock):
    ask = open_ask(world)
    reply(ask, world.own_mentor)
    sent = []
    for signal in (signals.ask_resolved, signals.ask_rated):
        signal.connect(lambda sender, _name=signal.name, **data: sent.append(_name), weak=False)
    try:
        with pytest.raises(InvalidAsk, match="how helpful"):
            services.rate_ask(ask, None, "", False, world.learner)
        services.rate_ask(ask, AskRating.SOMEWHAT, "", True, world.learner)
    finally:
        signals.ask_resolved.receivers.clear()
        signals.ask_rated.receivers.clear()
    assert ask.state == AskState.RESOLVED and ask.resolved_by_id == world.learner.id
    assert sent == ["ask-resolved", "ask-rated"] and ask.thanks_public is False  # no note, nothing to show


def test_an_unanswered_ask_closes_without_a_rating(world, clock):
    ask = open_ask(world)
    services.rate_ask(ask, AskRating.HELPFUL, "", False, world.learner)
    assert ask.state == AskState.RESOLVED and ask.rating is None


def test_a_timed_out_ask_reopens_when_the_learner_replies_and_a_mentor_cannot_reply(world, clock):
    ask = open_ask(world)
    reply(ask, world.own_mentor)
    services.transition(ask, AskState.TIMED_OUT)
    with pytest.raises(AskError, match="timed out"):
        reply(ask, world.own_mentor)
    reply(ask, world.learner, "Back again")
    assert ask.state == AskState.AWAITING_MENTOR


def test_a_resolved_ask_does_not_move_again(world, clock):
    ask = open_ask(world)
    services.rate_ask(ask, None, "", False, world.learner)
    with pytest.raises(InvalidTransition):
        services.transition(ask, AskState.AWAITING_MENTOR)


def test_only_the_thanked_mentor_shows_a_note_the_learner_allowed(world, clock):
    ask = open_ask(world)
    reply(ask, world.own_mentor)
    services.rate_ask(ask, AskRating.HELPFUL, "Great help", False, world.learner)
    with pytest.raises(AskError, match="did not allow"):
        services.show_thanks(ask, True, world.own_mentor)
    with pytest.raises(PermissionDenied):
        services.show_thanks(ask, True, world.skilled_mentor)


def test_a_learner_writing_back_to_an_ask_nobody_holds_offers_it_again(world, clock):
    ask = open_ask(world)
    reply(ask, world.own_mentor)
    claims.release(ask, world.own_mentor)
    clock.advance(days=2)
    reply(ask, world.learner, "Anyone?")
    assert ask.state == AskState.AWAITING_MENTOR and ask.mentor_id is None and ask.offered_at == clock.now
