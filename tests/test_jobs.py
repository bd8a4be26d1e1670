"""Background jobs run once, in-process by default, on RQ when Redis is configured."""
from __future__ import annotations

import os
import threading
import uuid
from datetime import timedelta

import pytest

from lms.database import utcnow
from lms.extensions import db
from lms.jobs import enqueue, register_periodic, rq_queue, run_due, use_worker_app, worker as worker_module
from tests.waiting import wait_until

CALLS: list = []


def record(value):
    CALLS.append(value)


@pytest.fixture(autouse=True)
def _clear_calls():
    CALLS.clear()
    yield
    CALLS.clear()


def test_job_outside_a_request_runs_at_once(app):
    enqueue(record, "now")
    assert CALLS == ["now"]


def test_job_in_a_request_runs_after_the_response(app_factory):
    app = app_factory()
    seen_during_request = []

    @app.route("/_test/enqueue")
    def _enqueue():
        enqueue(record, "later")
        seen_during_request.append(list(CALLS))
        return "queued"

    with app.app_context():
        client = app.test_client()
        response = client.get("/_test/enqueue")
        response.close()
    assert seen_during_request == [[]]
    assert CALLS == ["later"]


def test_lambdas_are_refused_because_a_worker_cannot_import_them(app):
    with pytest.raises(ValueError):
        enqueue(lambda: None)


def test_unreachable_redis_falls_back_to_in_process(app_factory):
    app = app_factory(REDIS_URL="redis://127.0.0.1:1/0")
    with app.app_context():
        enqueue(record, "fallback")
    assert CALLS == ["fallback"]


def test_periodic_task_runs_once_per_period(app):
    app.extensions["lms_periodic"] = {}  # only this test's task
    register_periodic(app, "test.record", record_tick, timedelta(hours=1))
    now = utcnow()
    assert run_due(now) == ["test.record"]
    assert run_due(now + timedelta(minutes=5)) == []
    assert run_due(now + timedelta(hours=1, seconds=1)) == ["test.record"]
    assert CALLS == ["tick", "tick"]


def record_tick():
    CALLS.append("tick")


def test_periodic_task_is_claimed_by_one_process_only(app):
    app.extensions["lms_periodic"] = {}
    register_periodic(app, "test.race", record_tick, timedelta(hours=1))
    now = utcnow()
    run_due(now)  # create the row
    CALLS.clear()
    later = now + timedelta(hours=2)
    barrier = threading.Barrier(2)

    def contender():
        with app.app_context():
            barrier.wait()
            run_due(later)
            db.session.remove()

    threads = [threading.Thread(target=contender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert CALLS == ["tick"]


@pytest.mark.skipif(not os.environ.get("LMS_TEST_REDIS_URL"), reason="set LMS_TEST_REDIS_URL to test RQ")
def test_job_runs_on_an_rq_worker(app_factory):
    from rq import SimpleWorker


    app = app_factory(REDIS_URL=os.environ["LMS_TEST_REDIS_URL"], JOBS_QUEUE=f"test-{os.getpid()}")
    with app.app_context():
        queue = rq_queue(app)
        queue.empty()
        enqueue(record, "on-worker")
        assert CALLS == [] and queue.count == 1
        use_worker_app(app)
        try:
            SimpleWorker([queue], connection=queue.connection).work(burst=True)
        finally:
            use_worker_app(None)
            queue.delete(delete_jobs=True)
    assert CALLS == ["on-worker"]


@pytest.mark.skipif(not os.environ.get("LMS_TEST_REDIS_URL"), reason="set LMS_TEST_REDIS_URL to test RQ")
def test_a_job_id_reused_after_its_earlier_run_does_not_inherit_that_runs_expiry(app_factory):
    """RQ keeps a finished job for 500 s, then expires its key. Enqueued again under the
    same id (the same cohort's certificates, the same PDF), the new job must not expire
    with it: a worker skips a queued id whose job is gone, and the job would be lost."""
    from rq import SimpleWorker

    suffix = uuid.uuid4().hex[:8]
    app = app_factory(REDIS_URL=os.environ["LMS_TEST_REDIS_URL"], JOBS_QUEUE=f"test-reuse-{suffix}")
    job_key = f"rq:job:reused-{suffix}"
    with app.app_context():
        queue = rq_queue(app)
        use_worker_app(app)
        try:
            enqueue(record, "first", job_id=f"reused-{suffix}")
            SimpleWorker([queue], connection=queue.connection).work(burst=True)
            assert queue.connection.ttl(job_key) > 0, "the finished job expires later"
            enqueue(record, "second", job_id=f"reused-{suffix}")
            assert queue.connection.ttl(job_key) == -1, "the queued job keeps no expiry"
            SimpleWorker([queue], connection=queue.connection).work(burst=True)
        finally:
            use_worker_app(None)
            queue.delete(delete_jobs=True)
            queue.connection.delete(job_key)
    assert CALLS == ["first", "second"]


def test_job_enqueued_in_a_transaction_waits_for_the_commit(app):
    from lms.jobs.models import PeriodicTask

    db.session.add(PeriodicTask(name="marker", next_run_at=utcnow()))
    db.session.flush()
    enqueue(record, "after-commit")
    assert CALLS == []
    db.session.commit()
    assert CALLS == ["after-commit"]


def test_job_enqueued_in_a_rolled_back_transaction_is_dropped(app):
    from lms.jobs.models import PeriodicTask

    db.session.add(PeriodicTask(name="marker", next_run_at=utcnow()))
    db.session.flush()
    enqueue(record, "never")
    db.session.rollback()
    db.session.commit()
    assert CALLS == []


def fail_once():
    CALLS.append("attempt")
    if CALLS.count("attempt") == 1:
        raise RuntimeError("transient failure")


@pytest.mark.skipif(not os.environ.get("LMS_TEST_REDIS_URL"), reason="set LMS_TEST_REDIS_URL to test RQ")
def test_a_failing_job_is_retried_by_rq(app_factory):
    from rq import SimpleWorker

    from lms.jobs import queue as queue_module

    app = app_factory(REDIS_URL=os.environ["LMS_TEST_REDIS_URL"], JOBS_QUEUE=f"test-retry-{os.getpid()}",
                      JOBS_RAISE=False)
    intervals = queue_module.RETRY_INTERVALS
    queue_module.RETRY_INTERVALS = [0]
    with app.app_context():
        queue = rq_queue(app)
        queue.empty()
        enqueue(fail_once)
        use_worker_app(app)
        try:
            SimpleWorker([queue], connection=queue.connection).work(burst=True)
            SimpleWorker([queue], connection=queue.connection).work(burst=True)
        finally:
            use_worker_app(None)
            queue_module.RETRY_INTERVALS = intervals
            queue.delete(delete_jobs=True)
    assert CALLS == ["attempt", "attempt"]


def test_a_released_savepoint_does_not_hand_over_jobs_before_the_commit(app):
    from lms.jobs.models import PeriodicTask

    db.session.add(PeriodicTask(name="outer", next_run_at=utcnow()))
    db.session.flush()
    with db.session.begin_nested():
        enqueue(record, "in-savepoint")
    assert CALLS == []
    db.session.commit()
    assert CALLS == ["in-savepoint"]


def test_a_rolled_back_savepoint_drops_only_its_own_jobs(app):
    from lms.jobs.models import PeriodicTask

    db.session.add(PeriodicTask(name="outer", next_run_at=utcnow()))
    db.session.flush()
    enqueue(record, "outer-job")
    try:
        with db.session.begin_nested():
            enqueue(record, "inner-job")
            raise RuntimeError("undo the savepoint")
    except RuntimeError:
        pass
    db.session.commit()
    assert CALLS == ["outer-job"]


def test_jobs_of_a_request_run_in_a_thread_whether_or_not_the_server_closes_the_response(app_factory):
    app = app_factory(JOBS_IN_PROCESS_THREAD=True)

    @app.route("/_test/enqueue-thread")
    def _enqueue():
        enqueue(record, "threaded")
        return "queued"

    with app.app_context():
        client = app.test_client()
        client.get("/_test/enqueue-thread", buffered=False)  # the response is never closed
    wait_until(lambda: CALLS, timeout=10, what="the job's thread to run it")
    assert CALLS == ["threaded"]


def test_a_starting_worker_runs_every_warm_up_even_after_one_fails(app, caplog):
    def broken():
        raise RuntimeError("no fonts")

    app.extensions[worker_module.WARM_UPS] = [broken, lambda: CALLS.append("warmed")]
    worker_module._preload(app)
    assert CALLS == ["warmed"]
    assert "worker warm-up" in caplog.text and "no fonts" in caplog.text
