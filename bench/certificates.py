"""Certificates at cohort scale: issue and render a 500-learner cohort, print the figures.

    .venv/bin/python bench/certificates.py [--learners 500] [--database-url URL]

Prints the median and p95 time to render and store one certificate (warm: after a first
render has loaded WeasyPrint and the fonts), the total for the cohort (issuing + rendering),
and how much the process's resident memory grew over the renders, as a worker would see it.
Not a test: it asserts nothing. Uses a throwaway SQLite database unless given a URL.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade  # noqa: E402

from lms import create_app  # noqa: E402
from lms.certificates import publishing, services  # noqa: E402
from lms.certificates.jobs import learner_ids  # noqa: E402
from lms.extensions import db  # noqa: E402
from tests.factories.auth import make_user  # noqa: E402
from tests.factories.certificates import complete_track, enrol, make_cohort, make_track  # noqa: E402


def rss_kib() -> int:
    """Resident set size of this process, from /proc (no psutil needed)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def seed(learners: int) -> int:
    track = make_track(title="Freelance web development foundations",
                       lessons=("intro", "semantic-html", "css-layout", "accessibility", "git", "deploy"),
                       assignments=("landing-page", "launch-handover"), quizzes=("foundations-quiz",),
                       skills=("html", "css", "accessibility", "git", "deployment"))
    cohort = make_cohort(track, name="Benchmark cohort")
    mentor = make_user(name="Marco Mentor")
    from lms.cohorts.models import EnrollmentRole

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-certificates-"))
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": args.database_url or
                      f"sqlite:///{workdir / 'bench.sqlite'}", "INSTANCE_PATH": str(workdir / "instance"),
                      "LMS_BASE_URL": "https://learn.example.org", "JOBS_TICK_ON_REQUESTS": False})
    with app.app_context():
        upgrade()  # the migrations, as a real deployment
        started = time.perf_counter()
        cohort_id = seed(args.learners)
        print(f"seeded {args.learners} learners with finished work in {time.perf_counter() - started:.1f} s")

        total_started = time.perf_counter()
        issued = []
        for user_id in learner_ids(cohort_id):
            outcome = services.issue_if_complete(user_id, cohort_id, render_later=False)
            db.session.commit()
            issued.append(outcome.certificate.id)
        issuing = time.perf_counter() - total_started

        cold_started = time.perf_counter()
        publishing.render_and_store(issued[0])  # loads WeasyPrint and the fonts
        db.session.commit()
        cold = time.perf_counter() - cold_started
        rss_before = rss_kib()
        timings, checkpoints = [], []
        for n, certificate_id in enumerate(issued[1:], start=1):
            one = time.perf_counter()
            publishing.render_and_store(certificate_id)
            db.session.commit()
            db.session.expunge_all()
            timings.append(time.perf_counter() - one)
            if n % 100 == 0:
                checkpoints.append(f"{n}: {rss_kib() / 1024:.0f}")
        rss_after = rss_kib()
        total = time.perf_counter() - total_started

    print(f"issuing {len(issued)} certificates (no rendering): {issuing:.1f} s "
          f"({1000 * issuing / len(issued):.1f} ms each)")
    print(f"first render (cold: WeasyPrint and fonts load): {cold * 1000:.0f} ms")
    if timings:
        print(f"render + store per certificate, warm, over {len(timings)}: "
              f"median {statistics.median(timings) * 1000:.0f} ms, p95 {percentile(timings, 0.95) * 1000:.0f} ms, "
              f"max {max(timings) * 1000:.0f} ms")
    print(f"total for a {len(issued)}-learner cohort (issue + render, one process): {total:.1f} s")
    print(f"resident memory over {len(timings)} renders: {rss_before / 1024:.0f} MiB -> {rss_after / 1024:.0f} MiB "
          f"(growth {(rss_after - rss_before) / 1024:+.1f} MiB)")
    if checkpoints:
        print("resident memory (MiB) after N renders: " + ", ".join(checkpoints))


if __name__ == "__main__":
    main()
