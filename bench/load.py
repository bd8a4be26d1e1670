"""Load test: simulated people using the web forms at once, then an integrity check.

    .venv/bin/python bench/load.py --database-url postgresql://... [--redis-url redis://...]
        [--users 200] [--seconds 300] [--workers 4] [--rq-workers 2] [--spawn-rate 10] [--quick]

Serves the app with gunicorn (4 sync workers; 2 RQ workers too when a Redis URL is given)
against a database seeded by bench/seed.py (an empty one is seeded first, size M), and
runs the users as threads, each with its own signed-in session: learners read pages, hand
in and hand in again, ask, post in their cohort's discussion and book sessions; mentors
read their queue, review and answer asks; admins open cohort pages and export gradebooks.
Every text written carries a marker; some forms are sent twice (a double click).

Passes when no request got a 5xx and every write the server acknowledged (a redirect
after the POST) is in the database exactly once. Prints p95 per request kind.
``--quick``: 20 users for 20 seconds.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
# How long a simulated person waits for any answer, the sign-in included.
REQUEST_TIMEOUT = 120
sys.path.insert(0, str(ROOT))

from bench.driving.forms import post_form  # noqa: E402
from bench.driving.server import Gunicorn, sign_in  # noqa: E402
from bench.pages import seed_if_empty  # noqa: E402
from bench.seed import PASSWORD  # noqa: E402
from lms.config import normalise_database_url  # noqa: E402

# Where each kind of write leaves its marker: (table, column).
WRITES = {"hand-in": ("attempt", "text"), "ask": ("ask", "body"), "ask reply": ("ask_reply", "body"),
          "post": ("post", "body"), "review": ("review", "feedback"), "booking": ("booking", "agenda")}
DOUBLE_SUBMIT_SHARE = 0.2


class Run:
    """What every simulated user records: latencies per request kind, acknowledged writes, 5xx."""

    def __init__(self, base: str, seconds: float):
        self.base, self.stop = base, time.monotonic() + seconds
        self.tag = "LOAD" + secrets.token_hex(3)
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.statuses: Counter = Counter()
        self.acknowledged: dict[str, list[str]] = defaultdict(list)
        self.server_errors: list[str] = []
        self._count = 0

    def marker(self) -> str:
        with self.lock:
            self._count += 1
            return f"{self.tag}-{self._count:06d}"

    def request(self, session: requests.Session, kind: str, method: str, path: str, **kwargs) -> requests.Response:
        started = time.perf_counter()
        answer = session.request(method, self.base + path, allow_redirects=False, timeout=REQUEST_TIMEOUT, **kwargs)
        elapsed = time.perf_counter() - started
        with self.lock:
            self.latency[kind].append(elapsed)
            self.statuses[answer.status_code // 100 * 100] += 1
            if answer.status_code >= 500:
                self.server_errors.append(f"{answer.status_code} {method} {path}")
        return answer

    def write(self, session: requests.Session, kind: str, page: str, having: str, fill: dict) -> bool:
        """GET the page, fill its form, POST it (sometimes twice); True when acknowledged."""
        form_page = self.request(session, f"GET {kind} form", "GET", page)
        form = post_form(form_page.text, having=having) if form_page.status_code == 200 else None
        if form is None:
            return False
        data = dict(form["fields"], **fill)
        action = form["action"] or page
        answer = self.request(session, f"POST {kind}", "POST", action, data=data)
        if random.random() < DOUBLE_SUBMIT_SHARE:
            self.request(session, f"POST {kind} (again)", "POST", action, data=data)
        return answer.status_code in (302, 303)

    def record(self, kind: str, marker: str) -> None:
        with self.lock:
            self.acknowledged[kind].append(marker)


def learner(run: Run, session: requests.Session, me: dict) -> None:
    choice = random.choices(("read", "hand-in", "ask", "post", "booking"), (50, 20, 10, 12, 8))[0]
    if choice == "read":
        run.request(session, "GET dashboard", "GET", "/dashboard")
        run.request(session, "GET lesson", "GET", me["lesson_path"])
        return
    marker = run.marker()
    note = f"Load test {marker}: my work for this step."
    if choice == "hand-in" and me["assignments"]:
        lesson = random.choice(me["assignments"])
        if run.write(session, "hand-in", f"/submissions/cohort/{me['cohort']}/lesson/{lesson}", "idempotency_key",
                     {"text": note, "submit": "Hand in"}):
            run.record("hand-in", marker)
    elif choice == "ask":
        if run.write(session, "ask", f"/cohorts/{me['cohort']}/asks/new", "client_key",
                     {"title": f"Load question {marker}", "body": note}):
            run.record("ask", marker)
    elif choice == "post" and me["topic"]:
        if run.write(session, "post", f"/spaces/topics/{me['topic']}/", "client_key", {"body": note, "agree": "y"}):
            run.record("post", marker)
    elif choice == "booking":
        if run.write(session, "booking", f"/meetings/book/{me['enrolment']}", "client_key", {"agenda": note}):
            run.record("booking", marker)


def mentor(run: Run, session: requests.Session, me: dict) -> None:
    choice = random.choices(("queue", "review", "ask reply"), (40, 35, 25))[0]
    if choice == "queue" or (choice == "review" and not me["waiting"]) or (choice == "ask reply" and not me["asks"]):
        run.request(session, "GET review queue", "GET", "/reviews/")
        return
    marker = run.marker()
    note = f"Load test {marker}: thanks, see my notes."
    if choice == "review":
        submission = me["waiting"].pop()
        if run.write(session, "review", f"/reviews/{submission}", "attempt_id", {"feedback": note}):
            run.record("review", marker)
    else:
        if run.write(session, "ask reply", f"/asks/{random.choice(me['asks'])}", "client_key", {"body": note}):
            run.record("ask reply", marker)


def admin(run: Run, session: requests.Session, me: dict) -> None:
    cohort = random.choice(me["cohorts"])
    if random.random() < 0.5:
        run.request(session, "GET gradebook.csv", "GET", f"/cohorts/{cohort}/gradebook.csv")
    else:
        run.request(session, "GET cohort page", "GET", f"/cohorts/{cohort}")


def people(url: str, users: int) -> list[tuple]:
    """(role, email, facts) for each simulated person, spread over the cohorts."""
    engine = create_engine(url)
    rows = lambda sql, **p: connection.execute(text(sql), p).all()  # noqa: E731
    with engine.connect() as connection:
        learners = rows("SELECT DISTINCT ON (e.cohort_id) e.id, e.cohort_id, u.email, t.slug FROM enrollment e "
                        "JOIN \"user\" u ON u.id = e.user_id JOIN cohort c ON c.id = e.cohort_id JOIN track t ON "
                        "t.id = c.track_id WHERE e.role = 'learner' AND e.status = 'active' AND c.status = 'running' "
                        "ORDER BY e.cohort_id, e.id") if engine.dialect.name == "postgresql" else \
            rows("SELECT e.id, e.cohort_id, u.email, t.slug FROM enrollment e JOIN \"user\" u ON u.id = e.user_id "
                 "JOIN cohort c ON c.id = e.cohort_id JOIN track t ON t.id = c.track_id WHERE e.role = 'learner' "
                 "AND e.status = 'active' AND c.status = 'running' ORDER BY e.id")
        more = rows("SELECT e.id, e.cohort_id, u.email, t.slug FROM enrollment e JOIN \"user\" u ON u.id = e.user_id "
                    "JOIN cohort c ON c.id = e.cohort_id JOIN track t ON t.id = c.track_id WHERE e.role = 'learner' "
                    "AND e.status = 'active' AND c.status = 'running' ORDER BY e.id LIMIT :n", n=users)
        seen = {row[0] for row in learners}
        learners = list(learners) + [row for row in more if row[0] not in seen]
        result = []
        for enrolment, cohort, email, slug in learners[:max(1, users * 7 // 10)]:
            open_work = [r[0] for r in rows(
                "SELECT l.id FROM lesson l JOIN cohort c ON c.track_id = l.track_id LEFT JOIN submission s ON "
                "s.lesson_id = l.id AND s.enrollment_id = :e WHERE c.id = :c AND l.kind = 'assignment' AND "
                "l.is_archived = false AND (s.id IS NULL OR s.status = 'changes_requested')", e=enrolment, c=cohort)]
            lesson = rows("SELECT l.slug FROM lesson l JOIN cohort c ON c.track_id = l.track_id WHERE c.id = :c "
                          "AND l.kind = 'lesson' ORDER BY l.position LIMIT 1", c=cohort)[0][0]
            topic = rows("SELECT t.id FROM topic t JOIN space s ON s.id = t.space_id WHERE s.cohort_id = :c "
                         "ORDER BY t.id LIMIT 1", c=cohort)
            result.append(("learner", email, {"enrolment": enrolment, "cohort": cohort, "assignments": open_work,
                                              "lesson_path": f"/tracks/{slug}/lessons/{lesson}",
                                              "topic": topic[0][0] if topic else None}))
        mentors = rows("SELECT u.id, u.email FROM \"user\" u WHERE u.email LIKE 'mentor%' ORDER BY u.id LIMIT :n",
                       n=max(1, users * 2 // 10))
        for mentor_id, email in mentors:
            waiting = [r[0] for r in rows(
                "SELECT s.id FROM submission s JOIN enrollment e ON e.cohort_id = s.cohort_id AND e.user_id = :m "
                "AND e.role = 'mentor' WHERE s.status = 'submitted' ORDER BY s.id LIMIT 20", m=mentor_id)]
            asks = [r[0] for r in rows("SELECT id FROM ask WHERE mentor_id = :m AND state = 'awaiting_learner' "
                                       "ORDER BY id LIMIT 5", m=mentor_id)]
            result.append(("mentor", email, {"waiting": waiting, "asks": asks}))
        cohorts = [r[0] for r in rows("SELECT id FROM cohort ORDER BY id LIMIT 10")]
        for n in range(max(1, users - len(result))):
            result.append(("admin", ("admin@seed.test", "ops@seed.test")[n % 2], {"cohorts": cohorts}))
    engine.dispose()
    return result


def verify(url: str, run: Run) -> list[str]:
    """Problems found: an acknowledged write missing, or any marker stored twice."""
    problems = []
    engine = create_engine(url)
    with engine.connect() as connection:
        for kind, (table, column) in WRITES.items():
            stored = Counter(re.search(rf"{run.tag}-\d+", value).group(0) for (value,) in connection.execute(
                text(f'SELECT {column} FROM "{table}" WHERE {column} LIKE :tag'), {"tag": f"%{run.tag}-%"}))
            for marker, count in stored.items():
                if count > 1:
                    problems.append(f"{kind} {marker} stored {count} times")
            for marker in run.acknowledged[kind]:
                if marker not in stored:
                    problems.append(f"{kind} {marker} acknowledged but not stored")
    engine.dispose()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL"))
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rq-workers", type=int, default=2)
    parser.add_argument("--spawn-rate", type=float, default=10, help="people arriving per second")
    parser.add_argument("--quick", action="store_true", help="20 users for 20 seconds")
    args = parser.parse_args(argv)
    if args.quick:
        args.users, args.seconds = 20, 20
    if not args.database_url:
        parser.error("--database-url (or DATABASE_URL) is required")
    url = normalise_database_url(args.database_url)
    seed_if_empty(url, "M")
    cast = people(url, args.users)
    with Gunicorn(url, workers=args.workers, redis_url=args.redis_url) as server:
        workers = [subprocess.Popen([str(Path(sys.executable).with_name("flask")), "--app", "wsgi", "worker"],
                                    cwd=ROOT, env=server.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                   for _ in range(args.rq_workers if args.redis_url else 0)]
        try:
            run = Run(server.base, args.seconds)
            # People arrive --spawn-rate per second (as Locust's spawn rate), in a shuffled order.
            threads = [threading.Thread(target=_user, daemon=True,
                                        args=(run, role, email, facts, (i + random.random()) / args.spawn_rate))
                       for i, (role, email, facts) in enumerate(random.sample(cast, len(cast)))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(args.seconds + 180)
        finally:
            _stop(workers)
    problems = verify(url, run) + run.server_errors
    _report(run, args, cast, problems)
    return 1 if problems else 0


def _stop(workers: list[subprocess.Popen]) -> None:
    """Ask the RQ workers to stop (a warm shutdown: each finishes its job), then kill any still
    busy after 15 s: at L the queue may hold thousands of emails, and the figures and the
    integrity check come after this."""
    for worker in workers:
        worker.terminate()
    deadline = time.monotonic() + 15
    for worker in workers:
        try:
            worker.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(10)


def _user(run: Run, role: str, email: str, facts: dict, arrives_after: float) -> None:
    time.sleep(arrives_after)
    try:
        session = sign_in(run.base, email, PASSWORD, timeout=REQUEST_TIMEOUT)
    except (RuntimeError, requests.RequestException) as error:
        with run.lock:
            run.server_errors.append(f"sign-in {email}: {error}")
        return
    act = {"learner": learner, "mentor": mentor, "admin": admin}[role]
    while time.monotonic() < run.stop:
        try:
            act(run, session, facts)
        except requests.RequestException as error:
            with run.lock:
                run.server_errors.append(f"{role} {email}: {error}")
        time.sleep(random.uniform(0.5, 1.5))  # think time


def _report(run: Run, args, cast, problems: list[str]) -> None:
    roles = Counter(role for role, _, _ in cast)
    print(f"{len(cast)} users ({', '.join(f'{n} {r}s' for r, n in roles.items())}) for {args.seconds:g} s, "
          f"{args.workers} gunicorn workers, {args.rq_workers if args.redis_url else 0} RQ workers; marker {run.tag}")
    print(f"{'request kind':<28} {'count':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for kind in sorted(run.latency):
        values = run.latency[kind]
        cuts = statistics.quantiles(values, n=100) if len(values) >= 2 else values * 99
        print(f"{kind:<28} {len(values):>7} {cuts[49] * 1000:>8.1f} {cuts[94] * 1000:>8.1f}")
    print("responses by class:", dict(sorted(run.statuses.items())))
    print("acknowledged writes:", {kind: len(markers) for kind, markers in sorted(run.acknowledged.items())})
    if problems:
        print(f"FAIL: {len(problems)} problem(s)")
        for problem in problems[:30]:
            print("  " + problem)
    else:
        print("PASS: no 5xx; every acknowledged write stored exactly once")


if __name__ == "__main__":
    sys.exit(main())
