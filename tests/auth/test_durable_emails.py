"""Reset and invitation emails are outbox rows written beside their token: whatever happens
to the delivery job (lost with Redis's queue, its process killed), the email goes out later,
once; and when the token's transaction rolls back, there is no email at all. A reset request
is itself a row, so losing the job that answers it loses nothing either."""
from __future__ import annotations

import os
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms import outbox
from lms.auth import resets, services
from lms.auth.models import AccountToken, PasswordResetRequest
from lms.database import utcnow
from lms.extensions import db
from lms.jobs import rq_queue, run_due
from lms.outbox import OutboxEmail, OutboxStatus
from tests.auth.conftest import link_path
from tests.conftest import Client, _empty_all_tables


class WorkerKilled(BaseException):
    """What a job sees of its process being killed: nothing after it runs."""


def _request_reset(client, email):
    response = client.post("/password/forgot", data={"email": email})
    response.close()  # the delivery job runs once the response is finished
    assert response.status_code == 302
    return response


def _outbox() -> list[OutboxEmail]:
    db.session.expire_all()
    return db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()


def _assert_link_works(client, message):
    assert client.get(link_path(message, "password/reset")).status_code == 200


def test_a_reset_email_whose_job_was_lost_goes_out_with_the_periodic_delivery(client, mailbox, user, monkeypatch):
    # The process died before its thread ran the delivery job: the job never happens.
    monkeypatch.setattr(outbox, "enqueue", lambda *args, **kwargs: None)
    _request_reset(client, user.email)
    [email] = _outbox()
    assert (email.to, email.status, email.attempts) == (user.email, OutboxStatus.PENDING, 0)
    assert mailbox.messages == []

    assert "outbox.deliver_due" in run_due()
    [message] = mailbox.to(user.email)
    assert message["Subject"] == "Choose a new password for Skill Tracks"
    _assert_link_works(client, message)
    assert run_due(utcnow() + timedelta(hours=1)) and len(mailbox.messages) == 1, "sent once"


def test_a_reset_email_whose_delivery_was_killed_mid_send_goes_out_later(client, mailbox, user, monkeypatch):
    def killed(*args, **kwargs):
        raise WorkerKilled

    with monkeypatch.context() as patch:
        patch.setattr(outbox, "send_email", killed)
        with pytest.raises(WorkerKilled):
            _request_reset(client, user.email)
    db.session.rollback()
    [email] = _outbox()
    assert (email.status, email.attempts) == (OutboxStatus.SENDING, 1), "claimed, then the process died"
    assert mailbox.messages == []

    assert outbox.deliver_due(now=email.claimed_at + outbox.STALE_SENDING + timedelta(seconds=1)) == 1
    [message] = mailbox.to(user.email)
    _assert_link_works(client, message)
    assert _outbox()[0].status == OutboxStatus.SENT


def test_a_reset_email_whose_mail_server_is_down_is_retried(app, client, mailbox, user):
    from tests.smtp import free_port

    app.config["MAIL_PORT"] = free_port()  # nobody listens here
    _request_reset(client, user.email)
    [email] = _outbox()
    assert email.status == OutboxStatus.PENDING and "MailError" in email.last_error
    app.config["MAIL_PORT"] = mailbox.port
    assert outbox.deliver_due(now=email.next_attempt_at) == 1
    _assert_link_works(client, mailbox.to(user.email)[0])


def test_a_rolled_back_reset_leaves_neither_token_nor_email(app, mailbox, user):
    resets.request_password_reset(user.email)
    [reset_request] = db.session.scalars(select(PasswordResetRequest)).all()
    assert resets.process_reset_request(reset_request.id)
    assert len(_outbox_in_transaction()) == 1, "written in the token's transaction"
    db.session.rollback()
    assert _outbox() == [] and db.session.scalar(select(func.count()).select_from(AccountToken)) == 0
    assert db.session.scalar(select(func.count()).select_from(PasswordResetRequest)) == 0
    assert outbox.deliver_due(now=utcnow() + timedelta(days=1)) == 0
    assert mailbox.messages == []


def _outbox_in_transaction() -> list[OutboxEmail]:
    return db.session.scalars(select(OutboxEmail)).all()


def test_an_invitation_whose_job_was_lost_goes_out_with_the_periodic_delivery(client, mailbox, admin, monkeypatch):
    monkeypatch.setattr(outbox, "enqueue", lambda *args, **kwargs: None)
    _, url = services.invite_user("new@example.org", "Nia New", invited_by=admin)
    db.session.commit()
    assert mailbox.messages == []
    assert outbox.deliver_due() == 1
    [message] = mailbox.to("new@example.org")
    assert link_path(message, "invite") in url
    assert client.get(link_path(message, "invite")).status_code == 200


@pytest.mark.skipif(not os.environ.get("LMS_TEST_REDIS_URL"), reason="set LMS_TEST_REDIS_URL to lose an RQ queue")
def test_a_reset_email_survives_redis_losing_its_queue(app_factory, smtp_server, clock):
    from tests.factories.auth import make_user

    app = app_factory(REDIS_URL=os.environ["LMS_TEST_REDIS_URL"], JOBS_QUEUE=f"test-{uuid.uuid4().hex}",
                      RATELIMIT_KEY_PREFIX=f"test:{uuid.uuid4().hex}:", **smtp_server.config)
    with app.app_context():
        queue = rq_queue(app)
        try:
            user = make_user(email="lea@example.org")
            app.test_client_class = Client
            client = app.test_client()
            assert client.post("/password/forgot", data={"email": user.email}).status_code == 302
            assert queue.count == 1, "the job answering the request waits on Redis"
            queue.empty()  # Redis restarted without persistence: the job is gone
            assert smtp_server.messages == []

            clock.advance(seconds=resets.GRACE.total_seconds() + 1)
            assert "auth.process_due_reset_requests" in run_due(), "the recorded request is answered"
            outbox.deliver_due()  # its delivery job went to Redis too; this sends it in case it was lost as well
            [message] = smtp_server.to(user.email)
            assert client.get(link_path(message, "password/reset")).status_code == 200
        finally:
            queue.delete(delete_jobs=True)
            db.session.rollback()
            _empty_all_tables()
            db.session.remove()
            db.engine.dispose()


def test_once_sent_a_reset_email_keeps_no_link_in_the_database(client, mailbox, user):
    _request_reset(client, user.email)
    path = link_path(mailbox.to(user.email)[0], "password/reset")
    [email] = _outbox()
    assert email.status == OutboxStatus.SENT and email.secret_body
    assert path.rpartition("/")[2] not in (email.text + (email.html or ""))
    assert email.text == outbox.SECRET_BODY_REMOVED and email.html is None


def test_an_invitation_given_up_on_keeps_no_link_but_a_sign_in_note_is_kept(app, mailbox, user):
    from tests.smtp import free_port

    app.config.update(MAIL_PORT=free_port(), MAIL_TIMEOUT=2, OUTBOX_MAX_ATTEMPTS=1)
    _, url = services.invite_user("new@example.org", "Nia New", invited_by=None)
    services.invite_user(user.email, "Lea Learner", invited_by=None)  # has a password: a sign-in note
    db.session.commit()
    invitation, note = _outbox()
    assert invitation.status == note.status == OutboxStatus.FAILED
    assert url.rpartition("/")[2] not in invitation.text and invitation.text == outbox.SECRET_BODY_REMOVED
    assert "http://localhost/login" in note.text and not note.secret_body
