"""Exports at scale: the biggest cohort's gradebook, roster and completion CSVs, streamed.

    .venv/bin/python bench/exports.py --database-url URL [--size L] [--repeat 5] [--json out.json]

Serves the app with gunicorn (one sync worker, so each figure is one request alone) against
a database seeded by bench/seed.py (an empty one is seeded first with ``--size``), signs in
as the seeded admin and downloads each export of the cohort with the most learners
``--repeat`` times, reading the body as it streams. Per export: rows, bytes, the median
time to the first byte and to the last, rows per second (rows / median total time), and the
server's CPU per download. Not a test: it asserts nothing. Issue 17's target is a
10,000-row gradebook in under 2 s.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.driving.server import Gunicorn, sign_in  # noqa: E402
from bench.pages import seed_if_empty  # noqa: E402
from bench.seed import PASSWORD  # noqa: E402
from lms.config import normalise_database_url  # noqa: E402

ADMIN = "admin@seed.test"


@dataclass
class ExportFigures:
    export: str
    rows: int
    bytes: int
    first_byte_ms: float
    total_ms: float
    rows_per_second: float
    cpu_ms: float
    status: int


def biggest_cohort(url: str) -> tuple[int, int]:
    """(cohort id, learners) of the cohort with the most learners."""
    engine = create_engine(url)
    with engine.connect() as connection:
        row = connection.execute(text(
            "SELECT cohort_id, count(*) FROM enrollment WHERE role = 'learner' GROUP BY cohort_id "
            "ORDER BY count(*) DESC, cohort_id LIMIT 1")).first()
    engine.dispose()
    return row[0], row[1]


def download(server: Gunicorn, session, name: str, path: str, repeat: int) -> ExportFigures:
    firsts, totals, size, rows, status = [], [], 0, 0, 0
    cpu_before = server.cpu_seconds()
    for _ in range(repeat):
        started = time.perf_counter()
        with session.get(server.base + path, stream=True, timeout=600) as response:
            status = response.status_code
            first = None
            chunks = []
            for chunk in response.iter_content(chunk_size=65536):
                if first is None:
                    first = time.perf_counter() - started
                chunks.append(chunk)
        totals.append(time.perf_counter() - started)
        firsts.append(first or totals[-1])
        body = b"".join(chunks)
        size = len(body)
        rows = max(body.count(b"\r\n") - 1, 0)  # less the header; a cell's own line breaks are rare here
    cpu = (server.cpu_seconds() - cpu_before) / repeat
    total = statistics.median(totals)
    return ExportFigures(name, rows, size, round(statistics.median(firsts) * 1000, 1), round(total * 1000, 1),
                         round(rows / total, 0) if total else 0.0, round(cpu * 1000, 1), status)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        required=not os.environ.get("DATABASE_URL"))
    parser.add_argument("--size", choices=("S", "M", "L"), default="S", help="seeded first if the database is empty")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args(argv)
    url = normalise_database_url(args.database_url)
    seed_if_empty(url, args.size)
    cohort, learners = biggest_cohort(url)
    exports = [("gradebook", f"/cohorts/{cohort}/gradebook.csv"), ("roster", f"/cohorts/{cohort}/roster.csv"),
               ("completions", f"/cohorts/{cohort}/completions.csv")]
    with Gunicorn(url, workers=1) as server:
        session = sign_in(server.base, ADMIN, PASSWORD)
        for _, path in exports:  # warm: templates, first connections, the planner's caches
            session.get(server.base + path, timeout=600).close()
        figures = [download(server, session, name, path, args.repeat) for name, path in exports]
    print(f"cohort {cohort} ({learners} learners), 1 sync worker, median of {args.repeat} downloads")
    print(f"{'export':<12} {'rows':>8} {'bytes':>11} {'first byte ms':>14} {'total ms':>9} {'rows/s':>9} "
          f"{'CPU ms':>8} status")
    for f in figures:
        print(f"{f.export:<12} {f.rows:>8,} {f.bytes:>11,} {f.first_byte_ms:>14} {f.total_ms:>9} "
              f"{f.rows_per_second:>9,.0f} {f.cpu_ms:>8} {f.status}")
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(f) for f in figures], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
