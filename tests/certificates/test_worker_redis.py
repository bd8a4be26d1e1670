"""A real RQ worker killed half-way through issuing a cohort's certificates is replaced by
another, which finishes the job: every learner ends with exactly one certificate and one PDF.

Needs Redis: set LMS_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/15). Takes about 15 seconds
(two workers start and load WeasyPrint; the second requeues the abandoned job at start).
Every wait polls a condition with a deadline and fails at once if a worker exits.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from rq.job import JobStatus
from sqlalchemy import create_engine, func, select

from lms import storage
from lms.certificates import jobs
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.jobs import enqueue, rq_queue
from tests.factories.auth import make_user
from tests.factories.certificates import complete_track, enrol
from tests.waiting import wait_until

REDIS_URL = os.environ.get("LMS_TEST_REDIS_URL")
LEARNERS = 6

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not REDIS_URL, reason="set LMS_TEST_REDIS_URL to run a real RQ worker")]


def _start_worker(instance: Path, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "LMS_ENV")}
    env["LMS_INSTANCE_PATH"] = str(instance)
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "lms", "worker", "--tick-seconds", "3600"],
                            env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
                            cwd=Path(__file__).resolve().parents[2])


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def _kill(worker: subprocess.Popen) -> None:
    """SIGKILL the worker and its work horse (which runs in its own process group)."""
    horses = _children(worker.pid)
    os.killpg(worker.pid, signal.SIGKILL)
    for horse in horses:
        try:
            os.killpg(horse, signal.SIGKILL)
        except ProcessLookupError:
            pass
    worker.wait(timeout=10)


def _counts(engine) -> tuple[int, int, int]:
    with engine.connect() as connection:
        return connection.execute(select(
            func.count(), func.count(Certificate.pdf_key), func.count(func.distinct(Certificate.user_id)))).one()


def _running(worker: subprocess.Popen, log: Path) -> None:
    """Fail at once, with the log, when a worker has exited: waiting on cannot help."""
    if worker.poll() is not None:
        raise AssertionError(f"worker {worker.pid} exited with {worker.returncode}:\n{_tail(log)}")


def _tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else "(no log)"


def test_killed_worker_is_replaced_and_each_learner_gets_exactly_one_certificate(app_factory, tmp_path, cohort):
    for _ in range(LEARNERS):
        learner = make_user()
        enrol(cohort, learner)
        complete_track(learner, cohort)
    cohort_id = cohort.id
    url = db.engine.url.render_as_string(hide_password=False)
    # Unique names: a job id reused from an earlier run (cohort ids start at 1 every run)
    # shared the Redis key, and the expiry, of that run's job (see tests/test_jobs.py).
    suffix = uuid.uuid4().hex[:8]
    queue_name, job_id = f"test-certificates-{suffix}", f"issue-cohort-{cohort_id}-{suffix}"
    instance = tmp_path / "worker-instance"
    instance.mkdir()
    (instance / "config.py").write_text(
        f"SQLALCHEMY_DATABASE_URI = {url!r}\nREDIS_URL = {REDIS_URL!r}\nJOBS_QUEUE = {queue_name!r}\n"
        "SECRET_KEY = 'test-secret-key'\nLMS_BASE_URL = 'http://localhost'\nJOBS_TICK_ON_REQUESTS = False\n")
    log = tmp_path / "workers.log"
    engine = create_engine(url)
    producer = app_factory(REDIS_URL=REDIS_URL, JOBS_QUEUE=queue_name)
    with producer.app_context():
        queue = rq_queue(producer)
        enqueue(jobs.issue_cohort_certificates, cohort_id, job_id=job_id)
    # enqueue() falls back to running the job here when Redis fails, and holds it back
    # inside an open transaction: either way no worker would ever see it.
    assert queue.job_ids == [job_id], "the job waits in Redis for a worker"
    assert _counts(engine) == (0, 0, 0), "nothing ran in the test process"
    workers = []
    try:
        workers.append(_start_worker(instance, log))

        def first_pdf():
            _running(workers[0], log)
            return _counts(engine)[1] >= 1

        wait_until(first_pdf, timeout=90, what="the first PDF", explain=lambda: _tail(log))
        _kill(workers[0])
        _, with_pdf, _ = _counts(engine)
        assert with_pdf < LEARNERS, "the worker finished before it could be killed"
        started = [job for job, _ in queue.started_job_registry.get_job_and_execution_ids(cleanup=False)]
        assert started == [job_id], (started, queue.fetch_job(job_id))

        workers.append(_start_worker(instance, log))

        def job_finished():
            _running(workers[1], log)
            status = queue.fetch_job(job_id).get_status()
            assert status != JobStatus.FAILED, f"the job failed for good:\n{_tail(log)}"
            return status == JobStatus.FINISHED

        # Once the job has finished nothing more can arrive: no need to sleep and look again.
        wait_until(job_finished, timeout=60, what="the requeued job to finish", explain=lambda: _tail(log))
        assert _counts(engine) == (LEARNERS, LEARNERS, LEARNERS)
        assert queue.count == 0 and not queue.started_job_registry.get_job_ids()
        assert "requeued 1 job(s) abandoned by a dead worker" in log.read_text()
        with producer.app_context():
            keys = db.session.scalars(select(Certificate.pdf_key)).all()
            assert all(storage.get(key).startswith(b"%PDF") for key in keys)
    finally:
        for worker in workers:
            if worker.poll() is None:
                _kill(worker)
        queue.delete(delete_jobs=True)
        queue.connection.delete(f"rq:job:{job_id}")
        engine.dispose()
