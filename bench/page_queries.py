"""SQL statements per page for each kind of user, on the demo organisation.

    .venv/bin/python bench/page_queries.py

Builds a temporary SQLite database with the migrations, the shipped courses and
``flask demo``, signs in as each demo account and prints how many statements each
page issues (the tests assert that these stay constant as data grows; this prints the
absolute figures, to compare two versions of the code). Prints figures; not a test.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from sqlalchemy import event, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lms import create_app  # noqa: E402
from lms.extensions import db  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "learner@demo.test": ["/dashboard", "/tracks", "/tracks/freelance-web-foundations",
                          "/tracks/freelance-web-foundations/lessons/semantic-html"],
    "mentor@demo.test": ["/dashboard", "/reviews/"],
    "admin@demo.test": ["/admin/cohorts", "/cohorts/{spring}", "/cohorts/{spring}/roster.csv",
                        "/cohorts/{spring}/gradebook.csv", "/cohorts/{spring}/progress.svg", "/admin/tracks"],
}
PASSWORDS = {"learner@demo.test": "demo-learner-pass", "mentor@demo.test": "demo-mentor-pass",
             "admin@demo.test": "demo-admin-pass"}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                          "INSTANCE_PATH": folder, "WTF_CSRF_ENABLED": False, "JOBS_IN_PROCESS_THREAD": False,
                          "RATELIMIT_ENABLED": False})
        runner = app.test_cli_runner()
        for args in (["db", "upgrade"], ["tracks", "import", str(ROOT / "courses")], ["demo"]):
            result = runner.invoke(args=args)
            assert result.exit_code == 0, result.output
        with app.app_context():
            from lms.cohorts.models import Cohort

            spring = db.session.scalar(select(Cohort.id).where(Cohort.name == "Spring cohort"))
            engine = db.engine
        statements = []
        event.listen(engine, "before_cursor_execute", lambda *args: statements.append(1))
        print(f"{'user':<20} {'page':<58} statements")
        for email, pages in PAGES.items():
            client = app.test_client()
            client.post("/login", data={"email": email, "password": PASSWORDS[email]})
            for page in pages:
                url = page.format(spring=spring)
                client.get(url)  # warm: first-request work is not the page's
                statements.clear()
                status = client.get(url).status_code
                print(f"{email:<20} {url:<58} {len(statements):>4}  ({status})")


if __name__ == "__main__":
    main()
