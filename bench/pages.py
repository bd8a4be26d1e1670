"""Page benchmark: every key page against the bare route, under gunicorn, with concurrent clients.

    .venv/bin/python bench/pages.py --size L --workers 2 --clients 16 --seconds 10 \\
        [--database-url URL] [--redis-url URL] [--only dashboard,lesson] [--json out.json]

Serves the app with gunicorn (sync workers) on a free loopback port against a database
seeded by bench/seed.py (an empty one is seeded first with ``--size``), signs in as the
seeded admin, a mentor and learners, and drives the clients (threads, each sending the
signed-in person's prebuilt request over a plain socket: ``bench/driving/lean_get.py``) for the
given seconds per page. For each page: requests/s, p50/p95/p99 latency,
errors, server CPU per request (the gunicorn processes' CPU time from /proc), response
size, and throughput as a share of the bare route's in the same run; and the load
generator's own CPU share, so a starved server shows.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.driving.lean_get import LeanGet, MalformedAnswer  # noqa: E402
from bench.driving.server import Gunicorn, sign_in  # noqa: E402
from bench.seed import API_TOKEN, PASSWORD  # noqa: E402
from lms.config import normalise_database_url  # noqa: E402


@dataclass
class Figures:
    page: str
    path: str
    requests: int
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    statuses: dict
    cpu_ms: float
    size_bytes: int
    client_cpu_share: float
    share_of_bare: float = 0.0
    page_cache: str = "-"  # the X-Page-Cache answer to the asking after the warm-up (hit: served kept)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("S", "M", "L"), default="S", help="seeded first if the database is empty")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), required=not
                        os.environ.get("DATABASE_URL"))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL"))
    parser.add_argument("--only", help="comma-separated page names (the bare route always runs)")
    parser.add_argument("--json", help="write the figures here too")
    parser.add_argument("--no-page-cache", action="store_true",
                        help="draw every page (PAGE_CACHE_SECONDS=0): the cost of drawing, for comparison")
    args = parser.parse_args(argv)
    url = normalise_database_url(args.database_url)
    seed_if_empty(url, args.size)
    pages = discover(url)
    if args.only:
        wanted = set(args.only.split(","))
        pages = [page for page in pages if page[0] in wanted or page[0] == "bare route"]
    # The limiters are measured elsewhere: here they would turn a page's figures into 429s.
    no_limits = {"API_RATE_LIMIT": "1000000000", "CERTIFICATE_VERIFY_LIMIT_PER_MINUTE": "1000000000"}
    # Nor do periodic jobs run in the workers (the seeded outbox would be sent during the first
    # pages and land in their CPU figures): bench/load.py measures pages and jobs together.
    environment = {**no_limits, "JOBS_TICK_ON_REQUESTS": "false"}
    if args.no_page_cache:
        environment["PAGE_CACHE_SECONDS"] = "0"
    with Gunicorn(url, workers=args.workers, redis_url=args.redis_url, extra_env=environment) as server:
        sessions = {}
        for _, email, _ in pages:
            if email and email not in sessions and email != "token":
                sessions[email] = sign_in(server.base, email, PASSWORD)
        results = []
        own_before, wall_before = _own_cpu(), time.monotonic()
        for name, email, path in pages:
            results.append(drive(server, name, path, sessions.get(email), args.clients, args.seconds,
                                 token=email == "token"))
            done = results[-1]
            print(f"  {name}: {done.per_second:.1f}/s, p95 {done.p95_ms:.0f} ms", file=sys.stderr, flush=True)
        load_share = (_own_cpu() - own_before) / (time.monotonic() - wall_before) / (os.cpu_count() or 1)
    bare = results[0].per_second or 1
    for figures in results:
        figures.share_of_bare = figures.per_second / bare
    print_table(results, args, load_share)
    if args.json:
        Path(args.json).write_text(json.dumps({"size": args.size, "workers": args.workers, "clients": args.clients,
                                               "seconds": args.seconds, "database": url.split(":")[0],
                                               "load_generator_cpu_share": load_share,
                                               "pages": [asdict(f) for f in results]}, indent=2))
    return 0


def seed_if_empty(url: str, size: str) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            seeded = connection.execute(text('SELECT count(*) FROM "user"')).scalar()
    except Exception:  # noqa: BLE001 (no tables yet: not migrated)
        seeded = 0
    finally:
        engine.dispose()
    if not seeded:
        subprocess.run([sys.executable, str(ROOT / "bench" / "seed.py"), "--size", size, "--database-url", url],
                       check=True)


def discover(url: str) -> list[tuple[str, str | None, str]]:
    """(page, who signs in, path) for each page, found in the seeded organisation."""
    engine = create_engine(url)
    one = lambda sql, **params: connection.execute(text(sql), params).first()  # noqa: E731
    with engine.connect() as connection:
        cohort, track_id = one("SELECT c.id, c.track_id FROM cohort c JOIN enrollment e ON e.cohort_id = c.id "
                               "WHERE e.role = 'learner' GROUP BY c.id, c.track_id ORDER BY count(*) DESC, c.id "
                               "LIMIT 1")
        slug = one("SELECT slug FROM track WHERE id = :t", t=track_id)[0]
        lesson = one("SELECT slug FROM lesson WHERE track_id = :t AND kind = 'lesson' ORDER BY position LIMIT 1",
                     t=track_id)[0]
        assignment = one("SELECT slug FROM lesson WHERE track_id = :t AND kind = 'assignment' ORDER BY position "
                         "LIMIT 1", t=track_id)[0]
        mentor = one("SELECT u.email FROM enrollment e JOIN \"user\" u ON u.id = e.user_id WHERE e.cohort_id = :c "
                     "AND e.role = 'mentor' ORDER BY e.id LIMIT 1", c=cohort)[0]
        learner, enrolment = one("SELECT u.email, e.id FROM enrollment e JOIN \"user\" u ON u.id = e.user_id "
                                 "WHERE e.cohort_id = :c AND e.role = 'learner' AND e.status = 'active' "
                                 "ORDER BY e.id LIMIT 1", c=cohort)
        waiting = one("SELECT id FROM submission WHERE cohort_id = :c AND status = 'submitted' ORDER BY id LIMIT 1",
                      c=cohort)
        code = one("SELECT code FROM certificate WHERE status = 'issued' ORDER BY id LIMIT 1")
        ask = one("SELECT a.id, u.email FROM ask a JOIN \"user\" u ON u.id = a.user_id ORDER BY a.id LIMIT 1")
        booking = one("SELECT b.id, u.email FROM booking b JOIN \"user\" u ON u.id = b.learner_id ORDER BY b.id "
                      "LIMIT 1")
        topic = one("SELECT t.id, u.email FROM topic t JOIN space s ON s.id = t.space_id JOIN enrollment e ON "
                    "e.cohort_id = s.cohort_id JOIN \"user\" u ON u.id = e.user_id WHERE e.role = 'learner' "
                    "ORDER BY t.post_count DESC, t.id LIMIT 1")
        goal_owner = one("SELECT u.email FROM goal g JOIN \"user\" u ON u.id = g.user_id ORDER BY g.id LIMIT 1")
    engine.dispose()
    admin = "admin@seed.test"
    pages = [
        ("bare route", None, "/healthz"),
        ("learner dashboard", learner, "/dashboard"),
        ("track overview", learner, f"/tracks/{slug}"),
        ("lesson", learner, f"/tracks/{slug}/lessons/{lesson}"),
        ("assignment", learner, f"/tracks/{slug}/lessons/{assignment}"),
        ("mentor queue", mentor, "/reviews/"),
        ("review page", mentor, f"/reviews/{waiting[0]}" if waiting else None),
        ("admin cohort page", admin, f"/cohorts/{cohort}"),
        ("cohort people page", admin, f"/cohorts/{cohort}/people"),
        ("gradebook export", admin, f"/cohorts/{cohort}/gradebook.csv"),
        ("verify page", None, f"/verify/{code[0]}" if code else None),
        ("admin users", admin, "/admin/users/"),
        ("mentor directory", learner, f"/cohorts/{cohort}/mentors"),
        ("development plan", goal_owner[0] if goal_owner else learner, "/plan"),
        ("ask thread", ask[1] if ask else None, f"/asks/{ask[0]}" if ask else None),
        ("booking page", learner, f"/meetings/book/{enrolment}"),
        ("session page", booking[1] if booking else None, f"/meetings/{booking[0]}" if booking else None),
        ("discussion thread", topic[1] if topic else None, f"/spaces/topics/{topic[0]}/" if topic else None),
        ("API tracks", "token", "/api/v1/tracks/"),
        ("API cohorts", "token", "/api/v1/cohorts/"),
    ]
    return [page for page in pages if page[2]]


def drive(server: Gunicorn, name: str, path: str, signed_in: requests.Session | None, clients: int,
          seconds: float, *, token: bool = False) -> Figures:
    latencies: list[float] = []
    statuses: Counter = Counter()
    sizes: list[int] = []
    lock = threading.Lock()

    cookies = signed_in.cookies.get_dict() if signed_in is not None else None
    get = LeanGet(server.base, path, cookies, {"Authorization": f"Bearer {API_TOKEN}"} if token else None)

    def client() -> None:
        mine, seen, size = [], Counter(), 0
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                status, size = get()
                seen[status] += 1
            except (OSError, MalformedAnswer):
                seen["failed"] += 1
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            statuses.update(seen)
            sizes.append(size)

    try:
        get(timeout=300)  # first-request work is not the page's
    except (OSError, MalformedAnswer):
        statuses["warm-up failed"] += 1  # still measured: the clients' own timeouts count as errors
    page_cache = _page_cache_answer(server.base + path, signed_in, token)
    stop = time.monotonic() + seconds
    own_before = _own_cpu()
    cpu_before, wall_before = server.cpu_seconds(), time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - wall_before
    cpu = server.cpu_seconds() - cpu_before
    own = (_own_cpu() - own_before) / wall / (os.cpu_count() or 1)
    count = len(latencies)
    cuts = statistics.quantiles(latencies, n=100) if count >= 2 else [latencies[0] if latencies else 0] * 99
    return Figures(page=name, path=path, requests=count, per_second=count / wall, p50_ms=cuts[49] * 1000,
                   p95_ms=cuts[94] * 1000, p99_ms=cuts[98] * 1000,
                   errors=sum(n for status, n in statuses.items() if status != 200),
                   statuses={str(status): n for status, n in statuses.items()}, cpu_ms=cpu * 1000 / max(count, 1),
                   size_bytes=max(sizes or [0]), client_cpu_share=own, page_cache=page_cache)


def _page_cache_answer(url: str, signed_in: requests.Session | None, token: bool) -> str:
    """How the page cache answered one more asking: hit (served kept), miss, pass (drawn, not
    kept) or - (not behind the page cache)."""
    asking = signed_in or requests.Session()
    headers = {"Authorization": f"Bearer {API_TOKEN}"} if token else {}
    try:
        return asking.get(url, headers=headers, allow_redirects=False, timeout=300).headers.get("X-Page-Cache", "-")
    except requests.RequestException:
        return "?"


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread of this process
    return usage.ru_utime + usage.ru_stime


def print_table(results: list[Figures], args, load_share: float) -> None:
    print(f"size {args.size}, {args.workers} sync workers, {args.clients} clients, {args.seconds:g} s per page, "
          f"{os.cpu_count()} CPUs")
    header = f"{'page':<20} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6} " \
             f"{'CPU ms/req':>10} {'bytes':>9} {'vs bare':>8} {'client CPU':>10} {'cache':>5}"
    print(header)
    print("-" * len(header))
    for f in results:
        print(f"{f.page:<20} {f.per_second:>8.1f} {f.p50_ms:>8.1f} {f.p95_ms:>8.1f} {f.p99_ms:>8.1f} "
              f"{f.errors:>6} {f.cpu_ms:>10.2f} {f.size_bytes:>9,} {f.share_of_bare:>7.1%} "
              f"{f.client_cpu_share:>10.1%} {f.page_cache:>5}"
              + (f"  statuses {f.statuses}" if f.errors else ""))
    print(f"load generator CPU: {load_share:.1%} of the machine's {os.cpu_count()} CPUs over the run "
          "(client CPU: per page); the server's figures are only as good as this is small")


if __name__ == "__main__":
    sys.exit(main())
