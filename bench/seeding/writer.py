"""Bulk rows for the seeding script: ids chosen here, many rows per INSERT, parents first."""
from __future__ import annotations

import sys
import time
from collections import defaultdict

from sqlalchemy import Table, func, insert, select, text

from lms.extensions import db

BATCH = 5_000


class Writer:
    """Buffers rows per table and writes them with Core ``INSERT`` statements of many rows.

    Ids are assigned here (the database is empty apart from the imported tracks), so a child
    row can name its parent before either is written; ``flush`` writes tables in foreign-key
    order and ``finish`` moves PostgreSQL's sequences past the ids used.
    """

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)
        self._next: dict[str, int] = {}
        self._order = {table.name: n for n, table in enumerate(db.metadata.sorted_tables)}
        self._started = time.monotonic()
        self._phase = ""

    def new_id(self, table: Table) -> int:
        if table.name not in self._next:
            self._next[table.name] = (db.session.scalar(select(func.max(table.c.id))) or 0) + 1
        value = self._next[table.name]
        self._next[table.name] = value + 1
        return value

    def add(self, table: Table, row: dict, *, with_id: bool = True) -> dict:
        if with_id and "id" not in row:
            row["id"] = self.new_id(table)
        self.rows[table.name].append(row)
        if len(self.rows[table.name]) >= BATCH:
            self.flush()
        return row

    def phase(self, name: str) -> None:
        self.flush()
        self._phase = name
        self._report()

    def flush(self) -> None:
        for name in sorted(self.rows, key=self._order.__getitem__):
            rows = self.rows.pop(name)
            table = db.metadata.tables[name]
            for start in range(0, len(rows), BATCH):
                chunk = rows[start:start + BATCH]
                for key_set in _uniform(chunk):
                    db.session.execute(insert(table), key_set)
            self.counts[name] += len(rows)
        self._report()

    def finish(self) -> None:
        self.flush()
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            for table in db.metadata.sorted_tables:
                if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement is not False:
                    sequence = db.session.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"),
                                                 {"t": f'"{table.name}"'})
                    if sequence:
                        db.session.execute(text(f'SELECT setval(:s, coalesce((SELECT max(id) FROM "{table.name}"), 0)'
                                                f' + 1, false)'), {"s": sequence})
            db.session.commit()
        # Statistics as autovacuum would gather them soon after a real import: measure pages on a
        # maintained database. (Migration 0014 made the worst page immune to stale ones anyway.)
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        if not self.quiet:
            sys.stderr.write("\n")

    def _report(self) -> None:
        if self.quiet:
            return
        total = sum(self.counts.values())
        elapsed = time.monotonic() - self._started
        bar = "#" * min(40, int(elapsed / 3))
        sys.stderr.write(f"\r{elapsed:6.1f}s {self._phase:<24} {total:>9,} rows {bar:<40}")
        sys.stderr.flush()


def _uniform(rows: list[dict]) -> list[list[dict]]:
    """Rows grouped by their set of keys: one multi-row INSERT needs the same columns in every row."""
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    return list(groups.values())
