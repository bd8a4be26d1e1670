"""Certificates at cohort scale: render time per certificate, a cohort end to end on RQ workers.

    .venv/bin/python bench/certificates.py [--learners 500] [--database-url URL]
        [--redis-url redis://127.0.0.1:6379/4 --workers 1,2]

1. In this process: issue a cohort's certificates, then render and store each PDF, timed one
   by one after a first (cold) render; prints the warm median and p95 per certificate, and the
   resident memory before, during and after the renders (as a worker that never forked would
   grow).
2. With ``--redis-url``, for each worker count in ``--workers``: a fresh cohort of
   ``--learners`` learners with finished work, that many ``flask worker`` processes started
   and warmed up, then the "issue every due certificate" job queued as the admin page queues
   it; prints the time until the last PDF is stored, the CPU time the workers and their work
   horses spent on it (which a loaded machine changes less than the time), and the workers'
   resident memory (each job runs in a forked work horse, so a worker's own memory stays
   where it started).

Uses a throwaway SQLite file unless given ``--database-url`` (an empty database: the
migrations are run on it; the workers share it). Not a test: it asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from lms import create_app  # noqa: E402
from lms.certificates import jobs, publishing, services  # noqa: E402
from lms.certificates.jobs import learner_ids  # noqa: E402
from lms.certificates.models import Certificate  # noqa: E402
from lms.cohorts.models import EnrollmentRole  # noqa: E402
from lms.extensions import db  # noqa: E402
from lms.jobs import enqueue, rq_queue  # noqa: E402
from tests.factories.auth import make_user  # noqa: E402
from tests.factories.certificates import complete_track, enrol, make_cohort, make_track  # noqa: E402


def rss_kib(pid: int | str = "self") -> int:
    """Resident set size of a process, from /proc (no psutil needed); 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and of its children it has reaped (a worker's finished work horses)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime stime cutime cstime


def children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def seed(learners: int, name: str) -> int:
    track = make_track(title="Freelance web development foundations",
                       lessons=("intro", "semantic-html", "css-layout", "accessibility", "git", "deploy"),
                       assignments=("landing-page", "launch-handover"), quizzes=("foundations-quiz",),
                       skills=("html", "css", "accessibility", "git", "deployment"))
    cohort = make_cohort(track, name=name)
    mentor = make_user(name="Marco Mentor")
    enrol(cohort, mentor, role=EnrollmentRole.MENTOR)
    for n in range(learners):
        learner = make_user(name=f"Learner Number {n:04d}", commit=False)
        db.session.flush()
        enrol(cohort, learner, mentor=mentor, commit=False)
        db.session.flush()
        complete_track(learner, cohort, commit=False)
        if n % 50 == 49:
            db.session.commit()
    db.session.commit()
    return cohort.id


def in_process(learners: int) -> None:
    started = time.perf_counter()
    cohort_id = seed(learners, "In-process cohort")
    print(f"seeded {learners} learners with finished work in {time.perf_counter() - started:.1f} s")
    total_started = time.perf_counter()
    issued = []
    for user_id in learner_ids(cohort_id):
        outcome = services.issue_if_complete(user_id, cohort_id, render_later=False)
        db.session.commit()
        issued.append(outcome.certificate.id)
    issuing = time.perf_counter() - total_started

    cold_started = time.perf_counter()
    publishing.render_and_store(issued[0])  # loads WeasyPrint and the fonts, parses the stylesheet
    db.session.commit()
    cold = time.perf_counter() - cold_started
    rss_before = rss_kib()
    timings, cpu, checkpoints = [], [], []
    for n, certificate_id in enumerate(issued[1:], start=1):
        one, one_cpu = time.perf_counter(), time.process_time()
        publishing.render_and_store(certificate_id)
        db.session.commit()
        db.session.expunge_all()
        timings.append(time.perf_counter() - one)
        cpu.append(time.process_time() - one_cpu)
        if n % 100 == 0:
            checkpoints.append(f"{n}: {rss_kib() / 1024:.0f}")
    rss_after = rss_kib()
    total = time.perf_counter() - total_started

    print(f"issuing {len(issued)} certificates (no rendering): {issuing:.1f} s "
          f"({1000 * issuing / len(issued):.1f} ms each)")
    print(f"first render (cold: WeasyPrint, fonts and stylesheet load): {cold * 1000:.0f} ms")
    if timings:
        print(f"render + store per certificate, warm, over {len(timings)}: "
              f"median {statistics.median(timings) * 1000:.0f} ms, p95 {percentile(timings, 0.95) * 1000:.0f} ms, "
              f"max {max(timings) * 1000:.0f} ms (CPU: median {statistics.median(cpu) * 1000:.0f} ms, "
              f"p95 {percentile(cpu, 0.95) * 1000:.0f} ms)")
    print(f"total for a {len(issued)}-learner cohort (issue + render, one process, no RQ): {total:.1f} s")
    print(f"resident memory over {len(timings)} renders: {rss_before / 1024:.0f} MiB -> {rss_after / 1024:.0f} MiB "
          f"(growth {(rss_after - rss_before) / 1024:+.1f} MiB)")
    if checkpoints:
        print("resident memory (MiB) after N renders: " + ", ".join(checkpoints))


def start_worker(instance: Path, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "LMS_ENV")}
    env["LMS_INSTANCE_PATH"] = str(instance)
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "lms", "worker", "--tick-seconds", "3600"],
                            env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT)


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)  # a warm shutdown: the worker finishes nothing more
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def on_workers(app, workdir: Path, learners: int, count: int, timeout: float) -> None:
    """A fresh cohort issued end to end by ``count`` RQ workers; prints time and memory."""
    from rq import Worker

    cohort_id = seed(learners, f"Cohort for {count} worker(s)")
    queue = rq_queue(app)
    instance = workdir / f"worker-instance-{count}"
    instance.mkdir()
    (instance / "config.py").write_text(
        f"SQLALCHEMY_DATABASE_URI = {app.config['SQLALCHEMY_DATABASE_URI']!r}\n"
        f"REDIS_URL = {app.config['REDIS_URL']!r}\nJOBS_QUEUE = {queue.name!r}\n"
        f"SECRET_KEY = 'bench'\nLMS_BASE_URL = {app.config['LMS_BASE_URL']!r}\nJOBS_TICK_ON_REQUESTS = False\n")
    log = workdir / f"workers-{count}.log"
    started = time.perf_counter()
    workers = [start_worker(instance, log) for _ in range(count)]
    try:
        while len(Worker.all(queue=queue)) < count:  # registered once imported and warmed up
            if any(worker.poll() is not None for worker in workers) or time.perf_counter() - started > 120:
                raise SystemExit(f"a worker did not start; see {log}")
            time.sleep(0.1)
        ready = time.perf_counter() - started
        rss_ready = [rss_kib(worker.pid) for worker in workers]

        query = select(func.count(Certificate.pdf_key)).where(Certificate.cohort_id == cohort_id)
        cpu_ready = sum(cpu_seconds(worker.pid) for worker in workers)
        queued_at = time.perf_counter()
        enqueue(jobs.issue_cohort_certificates, cohort_id, job_id=f"bench-issue-cohort-{uuid.uuid4().hex[:8]}")
        db.session.commit()
        peak_horse, stored = 0, 0
        while stored < learners and time.perf_counter() - queued_at < timeout:
            for worker in workers:
                for horse in children(worker.pid):
                    peak_horse = max(peak_horse, rss_kib(horse))
            stored = db.session.scalar(query)
            db.session.rollback()  # a fresh snapshot next time
            time.sleep(0.1)
        elapsed = time.perf_counter() - queued_at
        rss_done = [rss_kib(worker.pid) for worker in workers]
        time.sleep(0.5)  # the last work horses exit and are reaped
        cpu = sum(cpu_seconds(worker.pid) for worker in workers) - cpu_ready
    finally:
        for worker in workers:
            stop_worker(worker)
        queue.delete(delete_jobs=True)
    done = "all" if stored >= learners else f"only {stored} of"
    print(f"{count} RQ worker(s): ready (started, WeasyPrint loaded, warmed up) in {ready:.1f} s; "
          f"{done} {learners} certificates issued and rendered {elapsed:.1f} s after the job was queued "
          f"({1000 * elapsed / max(stored, 1):.0f} ms per certificate); the workers' CPU time {cpu:.1f} s "
          f"({1000 * cpu / max(stored, 1):.0f} ms per certificate)")
    print(f"  worker resident memory (MiB): {', '.join(f'{kib / 1024:.0f}' for kib in rss_ready)} when ready -> "
          f"{', '.join(f'{kib / 1024:.0f}' for kib in rss_done)} after; largest work horse {peak_horse / 1024:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--database-url", help="an empty database (default: a throwaway SQLite file)")
    parser.add_argument("--redis-url", help="run the cohort on RQ workers too (e.g. redis://127.0.0.1:6379/4)")
    parser.add_argument("--workers", default="1,2", help="worker counts to run the cohort with (default 1,2)")
    parser.add_argument("--skip-in-process", action="store_true", help="only the runs on RQ workers")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for a cohort on workers")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-certificates-"))
    config = {"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": args.database_url or
              f"sqlite:///{workdir / 'bench.sqlite'}", "INSTANCE_PATH": str(workdir / "instance"),
              "LMS_BASE_URL": "https://learn.example.org", "JOBS_TICK_ON_REQUESTS": False}
    if args.redis_url:
        config.update(REDIS_URL=args.redis_url, JOBS_QUEUE=f"bench-certificates-{uuid.uuid4().hex[:8]}")
    app = create_app(config)
    print(f"{os.cpu_count()} CPUs, load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])} at start")
    with app.app_context():
        upgrade()  # the migrations, as a real deployment
        if not args.skip_in_process:
            in_process(args.learners)
        if args.redis_url:
            for count in (int(n) for n in args.workers.split(",")):
                on_workers(app, workdir, args.learners, count, args.timeout)
    print(f"load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])} at the end")


if __name__ == "__main__":
    main()
