"""A real RQ worker killed half-way through issuing a cohort's certificates is replaced by
another, which finishes the job: every learner ends with exactly one certificate and one PDF.

Needs Redis: set LMS_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/15). Takes about 20 seconds
(RQ retries an abandoned job after the first retry interval, 10 s).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from lms import storage
from lms.certificates import jobs
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.jobs import enqueue, rq_queue
from tests.factories.auth import make_user
from tests.factories.certificates import complete_track, enrol

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


def _wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_killed_worker_is_replaced_and_each_learner_gets_exactly_one_certificate(app_factory, tmp_path, cohort):
    for _ in range(LEARNERS):
        learner = make_user()
        enrol(cohort, learner)
        complete_track(learner, cohort)
    cohort_id = cohort.id
    url = db.engine.url.render_as_string(hide_password=False)
    queue_name = f"test-certificates-{uuid.uuid4().hex[:8]}"
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
        enqueue(jobs.issue_cohort_certificates, cohort_id, job_id=f"issue-cohort-{cohort_id}")
    workers = []
    try:
        workers.append(_start_worker(instance, log))
        _wait_for(lambda: _counts(engine)[1] >= 1, 90, "the first PDF")
        _kill(workers[0])
        total, with_pdf, _ = _counts(engine)
        assert with_pdf < LEARNERS, "the worker finished before it could be killed"
        started = [job_id for job_id, _ in queue.started_job_registry.get_job_and_execution_ids(cleanup=False)]
        assert started == [f"issue-cohort-{cohort_id}"], (started, queue.fetch_job(f"issue-cohort-{cohort_id}"))

        workers.append(_start_worker(instance, log))
        _wait_for(lambda: _counts(engine)[1] == LEARNERS, 40, "every PDF after the restart")
        time.sleep(1)  # nothing more arrives
        assert _counts(engine) == (LEARNERS, LEARNERS, LEARNERS)
        assert "requeued 1 job(s) abandoned by a dead worker" in log.read_text()
        with producer.app_context():
            keys = db.session.scalars(select(Certificate.pdf_key)).all()
            assert all(storage.get(key).startswith(b"%PDF") for key in keys)
    finally:
        for worker in workers:
            if worker.poll() is None:
                _kill(worker)
        queue.delete(delete_jobs=True)
        engine.dispose()
