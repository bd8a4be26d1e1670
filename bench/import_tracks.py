"""Time importing a generated 200-lesson track: the first import and an unchanged re-import.

    .venv/bin/python bench/import_tracks.py [--lessons 200]

Uses a temporary SQLite database, or DATABASE_URL when set (tables are created if missing).
Prints figures; it is not a test.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lms import create_app  # noqa: E402
from lms.extensions import db  # noqa: E402
from lms.tracks.importer import import_track  # noqa: E402
from lms.tracks.parser import parse_track  # noqa: E402

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="{w}" height="20"/></svg>'


def generate(root: Path, lessons: int) -> None:
    root.mkdir()
    (root / "track.md").write_text("---\ntitle: Benchmark track\nsummary: Generated.\nlevel: beginner\n---\n\n"
                                   "Start with [the first lesson](001-lesson-1.md).\n")
    (root / "fig").mkdir()
    for n in range(1, lessons + 1):
        name = f"{n:03d}-lesson-{n}.md"
        if n % 25 == 0:
            text = ("---\ntitle: Quiz {n}\ntype: quiz\nquestions:\n"
                    + "".join(f"  - prompt: Question {q}?\n    choices: [a, b, c]\n    answer: {q % 3}\n"
                              for q in range(5)) + "---\n\nA quiz.\n").format(n=n)
        elif n % 40 == 0:
            text = (f"---\ntitle: Assignment {n}\ntype: assignment\ndue_days: {n // 10}\npass_points: 3\nrubric:\n"
                    "  - name: Quality\n    levels:\n"
                    "      - {label: Good, points: 4}\n      - {label: Weak, points: 1}\n"
                    f"---\n\nBuild something.\n")
        else:
            (root / "fig" / f"figure-{n}.svg").write_text(SVG.format(w=n % 40))
            previous = f"[previous]({n - 1:03d}-lesson-{n - 1}.md)" if n > 1 else ""
            text = (f"---\ntitle: Lesson {n}\nminutes: 15\nobjectives: [Learn part {n}]\n---\n\n"
                    f"## Part {n}\n\nSome *text* with `code` and a {previous} link.\n\n"
                    f"![Figure {n}](fig/figure-{n}.svg)\n\n```python\nprint({n})\n```\n\n"
                    "::: callout\nA callout box.\n:::\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
        (root / name).write_text(text)


def timed_import(folder: Path) -> tuple[float, dict[str, int], str]:
    counts = {"SELECT": 0, "INSERT": 0, "UPDATE": 0, "DELETE": 0}

    def before(conn, cursor, statement, parameters, context, executemany):
        verb = statement.lstrip().split(None, 1)[0].upper()
        if verb in counts:
            counts[verb] += 1

    event.listen(db.engine, "before_cursor_execute", before)
    started = time.perf_counter()
    parsed = parse_track(folder)
    if parsed.errors:
        raise SystemExit("\n".join(str(p) for p in parsed.errors))
    result = import_track(parsed)
    db.session.commit()
    elapsed = time.perf_counter() - started
    event.remove(db.engine, "before_cursor_execute", before)
    return elapsed, counts, result.summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lms-bench-") as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "INSTANCE_PATH": tmp})
        with app.app_context():
            upgrade()  # the migrations, as a real deployment
            folder = Path(tmp) / f"bench-track-{os.getpid()}"
            generate(folder, args.lessons)
            print(f"database: {db.engine.url.render_as_string(hide_password=True)}")
            for label in ("first import", "unchanged re-import"):
                elapsed, counts, summary = timed_import(folder)
                statements = ", ".join(f"{k} {v}" for k, v in counts.items())
                print(f"{label:>20}: {elapsed:7.3f} s  ({statements})  {summary}")
            lesson = folder / "010-lesson-10.md"
            lesson.write_text(lesson.read_text().replace("Some *text*", "Some changed *text*"))
            elapsed, counts, summary = timed_import(folder)
            statements = ", ".join(f"{k} {v}" for k, v in counts.items())
            print(f"{'one lesson changed':>20}: {elapsed:7.3f} s  ({statements})  {summary}")
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
