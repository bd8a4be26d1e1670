"""How long ``lms.meetings.slots.free_slots`` takes for many mentors at once.

    .venv/bin/python bench/meeting_slots.py [--mentors 1 30 300] [--days 14] [--seed 7]

Builds a temporary SQLite database with the migrations, then mentors with realistic
schedules: zones spread over five regions, two ranges on most weekdays (some evenings and
weekends), 30- and 60-minute sessions (some 15 and 90), a 10-minute buffer, 12 hours'
notice, a 28-day horizon, a daily cap for a third of them, an away week for one in ten and
extra hours for another tenth; each has about four confirmed sessions a week with learners.
For each size it prints the time of one ``free_slots`` call over ``--days`` days (best of
three, warm), the statements it ran and the slots it found. Prints figures; it is not a test.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lms import create_app  # noqa: E402
from lms.cohorts.models import EnrollmentRole  # noqa: E402
from lms.database import utcnow  # noqa: E402
from lms.extensions import db  # noqa: E402
from lms.meetings.models import AvailabilityException, ExceptionKind  # noqa: E402
from lms.meetings.slots import free_slots  # noqa: E402
from tests.factories.auth import make_user  # noqa: E402
from tests.factories.cohorts import enrol, make_cohort  # noqa: E402
from tests.factories.meetings import make_booking, make_schedule  # noqa: E402

ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "America/Sao_Paulo", "Australia/Sydney"]


def _rules(rng: random.Random):
    rules = []
    for day in range(7):
        if day >= 5 and rng.random() > 0.2:
            continue
        morning = rng.choice([8, 9, 10]) * 60
        rules.append((day, morning, morning + rng.choice([120, 180])))
        if rng.random() < 0.7:
            afternoon = rng.choice([13, 14, 15]) * 60 + rng.choice([0, 30])
            rules.append((day, afternoon, afternoon + rng.choice([90, 150, 210])))
        if rng.random() < 0.15:
            rules.append((day, 19 * 60, 21 * 60))
    return rules


def build(count: int, rng: random.Random, now) -> list[int]:
    cohort = make_cohort(commit=False)
    learner = make_user(commit=False)
    db.session.flush()
    enrollment = enrol(cohort, learner, commit=False)
    ids = []
    for n in range(count):
        mentor = make_user(timezone=rng.choice(ZONES), commit=False)
        db.session.flush()
        enrol(cohort, mentor, EnrollmentRole.MENTOR, commit=False)
        lengths = (30, 60) if rng.random() < 0.7 else rng.choice([(15, 30), (60, 90), (30,)])
        make_schedule(mentor, timezone=mentor.timezone, rules=_rules(rng), lengths=lengths, buffer_minutes=10,
                      notice_hours=12, horizon_days=28, max_per_day=3 if n % 3 == 0 else None, commit=False)
        if n % 10 == 3:
            start = now + timedelta(days=rng.randint(2, 10))
            db.session.add(AvailabilityException(mentor_id=mentor.id, kind=ExceptionKind.AWAY, starts_at=start,
                                                 ends_at=start + timedelta(days=7)))
        if n % 10 == 6:
            start = now + timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 12))
            db.session.add(AvailabilityException(mentor_id=mentor.id, kind=ExceptionKind.EXTRA, starts_at=start,
                                                 ends_at=start + timedelta(hours=3)))
        taken = []
        for _ in range(8):   # about four a week over two weeks, never overlapping
            start = (now + timedelta(hours=rng.randint(14, 14 * 24))).replace(minute=0, second=0, microsecond=0)
            if all(abs((start - other).total_seconds()) >= 3 * 3600 for other in taken):
                taken.append(start)
                make_booking(enrollment, mentor, start, minutes=rng.choice(lengths), commit=False)
        ids.append(mentor.id)
    db.session.commit()
    return ids


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentors", type=int, nargs="+", default=[1, 30, 300])
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                          "INSTANCE_PATH": folder, "JOBS_IN_PROCESS_THREAD": False, "RATELIMIT_ENABLED": False})
        assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
        with app.app_context():
            statements: list[int] = []
            event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(1))
            print(f"{'mentors':>8} {'days':>5} {'ms':>9} {'statements':>10} {'slots':>8} {'slots/mentor':>12}")
            for count in args.mentors:
                now = utcnow()
                ids = build(count, rng, now)
                timings = []
                for _ in range(3):
                    db.session.expire_all()
                    statements.clear()
                    started = time.perf_counter()
                    slots = free_slots(ids, start=now, end=now + timedelta(days=args.days), now=now)
                    timings.append((time.perf_counter() - started) * 1000)
                found = sum(len(s) for s in slots.values())
                print(f"{count:>8} {args.days:>5} {min(timings):>9.1f} {len(statements):>10} {found:>8} "
                      f"{found / count:>12.1f}")


if __name__ == "__main__":
    main()
