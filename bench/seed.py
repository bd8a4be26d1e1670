"""Fill an empty database with a realistic organisation, in bulk.

    .venv/bin/python bench/seed.py --size {S,M,L} [--database-url URL]

S = 100 learners, M = 1,000, L = 10,000 learners in 100 cohorts over 10 tracks with 300 mentors.
The database (``--database-url``, else ``DATABASE_URL``, else the instance's SQLite file) is
migrated (``flask db upgrade``) and courses/ imported here; a database that already holds
accounts or tracks is refused. Rows go in through the models' tables, many per INSERT, with
every invariant the app relies on kept (seat counts, latest attempts, one review per attempt,
mentor counters, unique keys). The same size always gives the same organisation.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.seeding.extras import seed_extras  # noqa: E402
from bench.seeding.people import seed_people  # noqa: E402
from bench.seeding.plan import SIZES, World, size_for  # noqa: E402
from bench.seeding.tracks import seed_tracks  # noqa: E402
from bench.seeding.work import seed_work  # noqa: E402
from bench.seeding.writer import Writer  # noqa: E402
from lms import create_app  # noqa: E402
from lms.api.models import ApiToken, TokenKind  # noqa: E402
from lms.api.scopes import AREAS  # noqa: E402
from lms.api.tokens import digest  # noqa: E402
from lms.auth import passwords  # noqa: E402
from lms.auth.models import User  # noqa: E402
from lms.extensions import db  # noqa: E402
from lms.tracks.models import Track  # noqa: E402

PASSWORD = "seeded-pass-123"
# A bench database's admin read token: published here, so never seed a database people use.
API_TOKEN = "lms_seeded-bench-admin-read-token-0000000000"
# The organisation's clock: fixed dates would age, so "now" is the time of seeding.
SEED = 17


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--learners", type=int, help=argparse.SUPPRESS)  # tests: a smaller organisation
    parser.add_argument("--biggest-cohort", type=int, metavar="LEARNERS",
                        help="learners in the first cohort (e.g. 5000 for a 10,000-row gradebook)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    config = {"JOBS_IN_PROCESS_THREAD": False}
    if args.database_url:
        config["SQLALCHEMY_DATABASE_URI"] = args.database_url
    app = create_app(_environment_config(config))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    if result.exit_code:
        raise SystemExit(f"db upgrade failed:\n{result.output}")
    with app.app_context():
        if db.session.scalar(select(func.count()).select_from(User)) or \
                db.session.scalar(select(func.count()).select_from(Track)):
            raise SystemExit(f"{_safe_url(db.engine.url)} already holds accounts or tracks: seed an empty database.")
    result = runner.invoke(args=["tracks", "import", str(ROOT / "courses")])
    if result.exit_code:
        raise SystemExit(f"importing courses/ failed:\n{result.output}")
    started = time.monotonic()
    with app.app_context():
        world = World(rng=random.Random(SEED), now=datetime.now(timezone.utc).replace(microsecond=0),
                      size=size_for(args.size, args.learners, args.biggest_cohort),
                      password_hash=passwords.hash_password(PASSWORD))
        writer = Writer(quiet=args.quiet)
        seed_tracks(world, writer)
        seed_people(world, writer)
        seed_work(world, writer)
        seed_extras(world, writer)
        _api_token(world, writer)
        writer.finish()
        url = _safe_url(db.engine.url)
    _summary(world, writer, url, time.monotonic() - started)
    return 0


def _api_token(world: World, writer: Writer) -> None:
    """The admin's personal read token, for the benchmarks' API reads (printed below)."""
    raw = API_TOKEN
    writer.add(ApiToken.__table__, {
        "user_id": world.admin_id, "kind": TokenKind.PERSONAL, "name": "bench", "token_hash": digest(raw),
        "scopes": " ".join(sorted(f"{area}:read" for area in AREAS)), "prefix": raw[:12],
        "created_by_id": world.admin_id, "created_at": world.now, "expires_at": world.now + timedelta(days=365),
        "last_used_at": None, "revoked_at": None})


def _environment_config(config: dict) -> dict:
    # create_app(test_config) skips the environment: keep what a deployment would set.
    for key in ("SECRET_KEY", "LMS_INSTANCE_PATH"):
        if os.environ.get(key):
            config[key if key != "LMS_INSTANCE_PATH" else "INSTANCE_PATH"] = os.environ[key]
    config.setdefault("SECRET_KEY", "seeding")
    return config


def _safe_url(url) -> str:
    return url.render_as_string(hide_password=True)


def _summary(world: World, writer: Writer, url: str, seconds: float) -> None:
    counts = writer.counts
    total = sum(counts.values())
    print(f"Seeded {url} in {seconds:.1f} s: {total:,} rows.")
    for name in ("user", "cohort", "enrollment", "lesson_progress", "quiz_attempt", "submission", "attempt",
                 "review", "certificate", "ask", "ask_reply", "booking", "goal", "post"):
        print(f"  {name:<16} {counts.get(name, 0):>9,}")
    cohort = world.cohorts[0]
    learner = next(user for _, user, status in cohort.learners if status == "active")
    print(f"\nSign in (password {PASSWORD!r} for every account):")
    print(f"  admin    {world.users[world.admin_id]['email']}")
    print(f"  mentor   {world.users[cohort.mentors[0]]['email']}   (mentors the biggest cohort, id {cohort.id})")
    print(f"  learner  {world.users[learner]['email']}")
    print(f"  API      Authorization: Bearer {API_TOKEN}   (the admin's, every area read)")


if __name__ == "__main__":
    sys.exit(main())
