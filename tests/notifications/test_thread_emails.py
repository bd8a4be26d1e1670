"""Thread emails follow each person's choice: at once (capped per thread per digest day), in the
daily digest, or never; quiet hours hold emails back; digests go out at each person's local hour."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from lms import outbox, signals
from lms.asks.models import AskState
from lms.extensions import db
from lms.notifications import services
from lms.notifications.models import Notification, SubmissionAlerts, ThreadEmails
from lms.outbox import OutboxStatus
from tests.factories.ask_rows import make_ask, make_reply
from tests.factories.submissions import hand_in
from tests.notifications.ask_helpers import emails_to, prefer, titles_for

HOUR = timedelta(hours=1)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


class Clock:
    def __init__(self, monkeypatch) -> None:
        self.now = utc(2027, 1, 10, 0, 0)
        for module in (services, outbox):
            monkeypatch.setattr(module, "utcnow", lambda: self.now)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """Frozen time for the notification services and the outbox (``clock.now = ...`` moves it)."""
    return Clock(monkeypatch)


def _mentor_replies(world, ask, body="Another thought."):
    signals.ask_replied.send(make_reply(ask, world.mentor, body=body), ask=ask, actor=world.mentor)
    db.session.commit()


def test_never_means_in_the_app_only(world, clock):
    prefer(world.learner, thread_emails=ThreadEmails.NEVER)
    ask = make_ask(world.enrollment, state=AskState.AWAITING_LEARNER, mentor=world.mentor)
    _mentor_replies(world, ask)
    assert len(titles_for(world.learner)) == 1 and emails_to(world.learner) == []
    assert services.send_daily_digests(now=clock.now + 2 * 24 * HOUR) == 0


def test_immediate_emails_at_most_once_per_thread_per_digest_day(world, clock):
    # Auckland (NZDT, +13), digest at 08:00: 2027-01-10 00:00 UTC is 13:00 local on the 10th.
    prefer(world.learner, timezone="Pacific/Auckland", digest_hour=8)
    ask = make_ask(world.enrollment, state=AskState.AWAITING_LEARNER, mentor=world.mentor, title="Pricing")
    other = make_ask(world.enrollment, state=AskState.AWAITING_LEARNER, mentor=world.mentor, title="Scope")
    for _ in range(3):
        _mentor_replies(world, ask)
    _mentor_replies(world, other)
    clock.now = utc(2027, 1, 10, 18, 59)  # 07:59 on the 11th: the same digest day
    _mentor_replies(world, ask)
    assert len(titles_for(world.learner)) == 5
    assert [e.subject for e in emails_to(world.learner)] == [
        "Ana Mentor replied on your ask “Pricing”", "Ana Mentor replied on your ask “Scope”"]
    clock.now = utc(2027, 1, 10, 19, 0)  # 08:00 on the 11th: a new digest day
    _mentor_replies(world, ask)
    assert [e.dedupe_key for e in emails_to(world.learner)][-1] == f"thread:{ask.id}:{world.learner.id}:2027-01-11"


def test_an_email_inside_quiet_hours_waits_until_they_end(world, clock, smtp_server):
    # Los Angeles, quiet 22:00-07:00: 07:30 UTC is 23:30 PST; they end at 07:00 PST = 15:00 UTC.
    prefer(world.learner, timezone="America/Los_Angeles", quiet=(1320, 420))
    clock.now = utc(2027, 1, 15, 7, 30)
    ask = make_ask(world.enrollment, state=AskState.AWAITING_LEARNER, mentor=world.mentor)
    _mentor_replies(world, ask)
    [email] = emails_to(world.learner)
    assert email.next_attempt_at == utc(2027, 1, 15, 15, 0)
    assert outbox.deliver(email.id) is False and outbox.deliver_due(now=utc(2027, 1, 15, 14, 59)) == 0
    assert smtp_server.to(world.learner.email) == []
    assert outbox.deliver_due(now=utc(2027, 1, 15, 15, 0)) == 1
    assert len(smtp_server.to(world.learner.email)) == 1


def test_quiet_hours_hold_back_other_emails_too(world, clock):
    # Kolkata, quiet 13:00-14:30 IST: a hand-in at 13:30 IST (08:00 UTC) is emailed at 14:30 IST.
    prefer(world.mentor, timezone="Asia/Kolkata", quiet=(780, 870))
    clock.now = utc(2027, 1, 15, 8, 0)
    hand_in(world.enrollment, world.lesson)
    [email] = emails_to(world.mentor)
    assert email.next_attempt_at == utc(2027, 1, 15, 9, 0) and email.status == OutboxStatus.PENDING


def test_daily_thread_events_wait_for_the_digest(world, clock):
    prefer(world.learner, thread_emails=ThreadEmails.DAILY)
    ask = make_ask(world.enrollment, state=AskState.AWAITING_LEARNER, mentor=world.mentor, title="Pricing")
    _mentor_replies(world, ask)
    signals.ask_waiting.send(ask, waiting_on=world.learner, days=2, nudge=1)
    assert emails_to(world.learner) == []
    assert services.send_daily_digests(now=utc(2027, 1, 10, 8, 0)) == 1
    [digest] = emails_to(world.learner)
    assert digest.subject == "Your daily digest: 2 updates" and digest.dedupe_key.endswith(":2027-01-10")
    assert "Ana Mentor replied on your ask “Pricing”" in digest.text and f"/asks/{ask.id}" in digest.text
    assert "Your conversations (asks)" in digest.text and "New work to review" not in digest.text
    assert not db.session.scalars(select(Notification).where(Notification.in_digest.is_(True))).all()


def _digest_times(users, start: datetime, hours: int) -> dict[str, list[datetime]]:
    """Run the hourly digest task over ``hours`` hours; when each user got a digest (UTC)."""
    got = {user.name: [] for user in users}
    before = {user.name: len(emails_to(user)) for user in users}
    for hour in range(hours + 1):
        now = start + hour * HOUR
        services.send_daily_digests(now=now)
        db.session.commit()
        for user in users:
            if len(emails_to(user)) > before[user.name] + len(got[user.name]):
                got[user.name].append(now)
    return got


def _pending(user, title="Something new") -> None:
    services.notify(user.id, "ask", title, url="/asks/1", in_digest=True)
    db.session.commit()


def test_each_person_gets_one_digest_at_their_own_local_hour(world, clock):
    people = {"Pacific/Auckland": world.learner, "America/Los_Angeles": world.other_learner,
              "Asia/Kolkata": world.mentor}
    for tz, person in people.items():
        prefer(person, thread_emails=ThreadEmails.DAILY, timezone=tz, digest_hour=8)
        _pending(person)
    start = clock.now  # 2027-01-10 00:00 UTC
    got = _digest_times(people.values(), start, 47)
    assert got == {
        "Lea Learner": [utc(2027, 1, 10, 19, 0)],   # 08:00 NZDT on the 11th
        "Otto Other": [utc(2027, 1, 10, 16, 0)],    # 08:00 PST on the 10th
        "Ana Mentor": [utc(2027, 1, 10, 3, 0)],     # 08:30 IST: the first hourly run after 08:00
    }


def test_something_arriving_after_the_digest_waits_for_the_next_day(world, clock):
    prefer(world.mentor, thread_emails=ThreadEmails.DAILY, timezone="Asia/Kolkata", digest_hour=8)
    _pending(world.mentor, "First")
    assert services.send_daily_digests(now=utc(2027, 1, 10, 3, 0)) == 1
    clock.now = utc(2027, 1, 10, 4, 0)
    _pending(world.mentor, "Second")
    got = _digest_times([world.mentor], utc(2027, 1, 10, 4, 0), 30)
    assert got == {"Ana Mentor": [utc(2027, 1, 11, 3, 0)]}
    assert [e.dedupe_key[-10:] for e in emails_to(world.mentor)] == ["2027-01-10", "2027-01-11"]


def test_a_digest_due_in_quiet_hours_goes_out_when_they_end(world, clock):
    # LA, digest at 08:00 but quiet 07:00-09:30: sent by the 10:00 PST run (18:00 UTC).
    prefer(world.learner, thread_emails=ThreadEmails.DAILY, timezone="America/Los_Angeles", digest_hour=8,
           quiet=(420, 570))
    _pending(world.learner)
    assert _digest_times([world.learner], clock.now, 23) == {"Lea Learner": [utc(2027, 1, 10, 18, 0)]}


def test_the_digest_follows_the_local_hour_across_a_dst_change(world, clock):
    # LA springs forward on 14 March 2027: 08:00 PDT is 15:00 UTC (16:00 UTC the day before).
    prefer(world.learner, thread_emails=ThreadEmails.DAILY, timezone="America/Los_Angeles", digest_hour=8)
    clock.now = utc(2027, 3, 13, 20, 0)
    _pending(world.learner)
    assert _digest_times([world.learner], clock.now, 24) == {"Lea Learner": [utc(2027, 3, 14, 15, 0)]}


def test_a_mixed_digest_lists_work_to_review_and_conversations(world, clock):
    prefer(world.mentor, thread_emails=ThreadEmails.DAILY)
    services.preference_for(world.mentor.id).submission_alerts = SubmissionAlerts.DAILY
    db.session.commit()
    hand_in(world.enrollment, world.lesson)
    _pending(world.mentor, "Lea Learner replied on “Pricing”")
    assert services.send_daily_digests(now=clock.now + 24 * HOUR) == 1
    [digest] = emails_to(world.mentor)
    assert digest.subject == "Your daily digest: 2 updates"
    assert "New work to review" in digest.text and "Your conversations (asks)" in digest.text


def test_the_digest_task_runs_hourly(app):
    assert app.extensions["lms_periodic"]["notifications.daily_digest"].every == HOUR
