"""Program health page timings at scale.

    .venv/bin/python bench/health.py [--learners 100 1000 5000]

Builds a temporary SQLite database with the migrations, then for each size a cohort whose
every learner has an answered and rated ask and a reviewed, rated hand-in (written in bulk),
and prints, signed in as an admin, the time and SQL statements of the cohort health page,
its CSV, and the organisation page and CSV (which cover every cohort built so far).
Prints figures; it is not a test.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lms import create_app  # noqa: E402
from lms.database import utcnow  # noqa: E402
from lms.extensions import db  # noqa: E402
from tests.factories.auth import PASSWORD, make_admin  # noqa: E402
from tests.factories.health_rows import busy_cohort  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, nargs="+", default=[100, 1000, 5000])
    sizes = parser.parse_args().learners
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                          "INSTANCE_PATH": folder, "WTF_CSRF_ENABLED": False, "JOBS_IN_PROCESS_THREAD": False,
                          "RATELIMIT_ENABLED": False})
        assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
        statements: list[int] = []
        with app.app_context():
            admin_email = make_admin().email
            event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(1))
        client = app.test_client()
        assert client.post("/login", data={"email": admin_email, "password": PASSWORD}).status_code == 302
        print(f"{'learners':>8}  {'page':<28} {'ms':>8} statements")
        for learners in sizes:
            with app.app_context():
                now = utcnow()
                cohort_id = busy_cohort(learners, starts_on=(now - timedelta(days=20)).date(), now=now).id
            for page in (f"/cohorts/{cohort_id}/health", f"/cohorts/{cohort_id}/health.csv", "/health",
                         "/health.csv"):
                client.get(page)  # warm: first-request work is not the page's
                statements.clear()
                started = time.perf_counter()
                status = client.get(page).status_code
                elapsed = (time.perf_counter() - started) * 1000
                print(f"{learners:>8}  {page:<28} {elapsed:>8.1f} {len(statements):>5}  ({status})")


if __name__ == "__main__":
    main()
