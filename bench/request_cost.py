"""In-process cost of the key pages: CPU ms per warm request, statements, and a profile.

    .venv/bin/python bench/request_cost.py --database-url sqlite:////tmp/bench-S.db \\
        [--requests 200] [--only dashboard,lesson] [--profile out-folder] [--calls] [--redis-url URL]

Builds the app as gunicorn would (``create_app()`` reading the environment), signs in with
Flask's test client as the seeded people (bench/seed.py), and for each page runs one warm-up
request then ``--requests`` more, printing the mean CPU ms per request of this process
(``time.process_time``: less sensitive to a loaded machine than wall time), the wall ms, and
the SQL statements per request. No HTTP server, no network: what is left is what the
application itself costs. With ``--profile`` each page's requests are also recorded with
pyinstrument (text and HTML, one file each) in that folder. With ``--calls`` the same requests
run once more under cProfile to count Python function calls per request: a figure that does
not move with the machine's load, to compare two versions of the code on a busy machine.
Prints figures; not a test.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.driving.server import CSRF  # noqa: E402
from bench.pages import discover  # noqa: E402
from bench.seed import PASSWORD  # noqa: E402
from lms.config import normalise_database_url  # noqa: E402

# The pages every request pays the base cost on; the bare route is the floor, and "layout only"
# (a signed-in learner's page of the layout and nothing else, added here) is the base cost itself.
DEFAULT_PAGES = ("bare route", "layout only", "learner dashboard", "track overview", "lesson", "mentor queue",
                 "verify page", "admin users")
LAYOUT_ONLY = "/bench-layout-only"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a database seeded by bench/seed.py")
    parser.add_argument("--redis-url")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--only", help="comma-separated page names (bench/pages.py's names)")
    parser.add_argument("--profile", help="write a pyinstrument profile of each page into this folder")
    parser.add_argument("--calls", action="store_true", help="also count Python function calls per request")
    args = parser.parse_args(argv)
    url = normalise_database_url(args.database_url)
    wanted = args.only.split(",") if args.only else DEFAULT_PAGES
    found = discover(url)
    learner = next(email for name, email, _ in found if name == "learner dashboard")
    found.insert(1, ("layout only", learner, LAYOUT_ONLY))
    pages = [page for page in found if page[0] in wanted]
    app = _app(url, args.redis_url)
    engine = _engine(app)
    statements: list[int] = []
    event.listen(engine, "before_cursor_execute", lambda *_: statements.append(1))
    clients: dict = {}
    print(f"{'page':<20} {'CPU ms/req':>10} {'wall ms/req':>11} {'statements':>10} {'calls/req':>9}  status")
    for name, email, path in pages:
        client = clients.get(email) or clients.setdefault(email, _signed_in(app, email))
        status = client.get(path).status_code  # warm: first-request work is not the page's
        profiler = _profiler(args.profile)
        statements.clear()
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(args.requests):
            client.get(path)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if profiler is not None:
            profiler.stop()
            _write_profile(profiler, Path(args.profile), name)
        per, issued = 1000 / args.requests, len(statements)
        calls = _calls_per_request(client, path, args.requests) if args.calls else 0
        print(f"{name:<20} {cpu * per:>10.2f} {wall * per:>11.2f} {issued / args.requests:>10.1f} "
              f"{calls:>9,.0f}  {status}")
    return 0


def _calls_per_request(client, path: str, requests: int) -> float:
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(requests):
        client.get(path)
    profile.disable()
    return pstats.Stats(profile).total_calls / requests


def _app(url: str, redis_url: str | None):
    instance = tempfile.mkdtemp(prefix="request-cost-")
    os.environ.update({"DATABASE_URL": url, "SECRET_KEY": "bench", "LMS_INSTANCE_PATH": instance,
                       "API_RATE_LIMIT": "1000000000", "CERTIFICATE_VERIFY_LIMIT_PER_MINUTE": "1000000000"})
    os.environ.pop("REDIS_URL", None)
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    from flask import render_template
    from flask_login import login_required

    from lms import create_app, freeze_start_up_objects

    app = create_app()
    freeze_start_up_objects()  # as wsgi.py does: a full collection would otherwise land in some page's figures
    layout = app.jinja_env.from_string("{% extends 'base.html' %}{% block content %}The layout only.{% endblock %}")
    app.add_url_rule(LAYOUT_ONLY, "bench_layout_only", login_required(lambda: render_template(layout)))
    return app


def _engine(app):
    from lms.extensions import db

    with app.app_context():
        return db.engine


def _signed_in(app, email: str | None):
    client = app.test_client()
    if email and email != "token":
        token = CSRF.search(client.get("/login").get_data(as_text=True))
        answer = client.post("/login", data={"email": email, "password": PASSWORD,
                                             "csrf_token": token.group(1) if token else ""})
        if answer.status_code != 302:
            raise RuntimeError(f"could not sign in as {email}: {answer.status_code}")
    return client


def _profiler(folder: str | None):
    if not folder:
        return None
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    return profiler


def _write_profile(profiler, folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    stem = name.replace(" ", "-")
    (folder / f"{stem}.txt").write_text(profiler.output_text(unicode=False, color=False, show_all=False))
    (folder / f"{stem}.html").write_text(profiler.output_html())


if __name__ == "__main__":
    sys.exit(main())
