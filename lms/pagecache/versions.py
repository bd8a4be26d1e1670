"""A version number per table, raised in the same transaction as every change to the table.

Each connection notes the tables its statements change (``lms.pagecache.statements``); just
before the transaction commits, the versions of those tables go up by one, through the same
database connection. A reader therefore never sees a change without its new version: both
become visible at the commit, to every process and machine sharing the database. Pages read
the versions first and their data after, so a page kept under the versions it read can only
be older than the data when a version has moved on since (``lms.pagecache.pages``).

Changes made around the application (``psql``, another program) raise no version: after such
a change, restart the app servers or run ``flask page-cache clear`` (docs/performance.md).
"""
from __future__ import annotations

import weakref
from contextvars import ContextVar

from sqlalchemy import BigInteger, String, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db
from lms.pagecache.statements import StatementTables

TABLE = "table_version"
# Bookkeeping written on most requests that no page shows: their changes raise no version (a
# round trip saved on each rate-limited request), so a page that reads one is never kept.
UNVERSIONED = frozenset({"rate_limit_counter"})
_WRITTEN = "lms_tables_written"


class TableVersion(db.Model):
    __tablename__ = TABLE

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class Reading:
    """The tables a piece of work read, and whether it changed any (``recording``)."""

    def __init__(self) -> None:
        self.tables: set[str] = set()
        self.wrote = False


_reading: ContextVar[Reading | None] = ContextVar("lms_pagecache_reading", default=None)
_tables: StatementTables | None = None
# Per engine: does its database have the version table? None = ask again (a schema changed).
_versioned: weakref.WeakKeyDictionary[Engine, bool | None] = weakref.WeakKeyDictionary()
_UPSERT = ("INSERT INTO table_version (name, version) VALUES ({p}, 1) "
           "ON CONFLICT (name) DO UPDATE SET version = table_version.version + 1")
_FIND_TABLE = {
    "sqlite": "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'table_version'",
    "postgresql": "SELECT to_regclass('table_version') IS NOT NULL",
}


def statement_tables() -> StatementTables:
    global _tables
    if _tables is None:
        _tables = StatementTables(db.metadata, ignored=frozenset({TABLE}))
    return _tables


def start_reading() -> tuple[Reading, object]:
    reading = Reading()
    return reading, _reading.set(reading)


def stop_reading(token) -> None:
    _reading.reset(token)


def current_versions(connection) -> dict[str, int]:
    """Every table's version, read on ``connection`` (a SQLAlchemy ``Connection``)."""
    return dict(connection.exec_driver_sql("SELECT name, version FROM table_version").all())


def _before_cursor_execute(conn, cursor, statement, parameters, context, executemany) -> None:
    effect = statement_tables().effect(statement)
    reading = _reading.get()
    if reading is not None and effect.reads:
        reading.tables.update(effect.reads)
    if effect.writes:
        if reading is not None:
            reading.wrote = True
        versioned = effect.writes - UNVERSIONED
        if versioned:
            written = conn.info.get(_WRITTEN)
            if written is None:
                written = conn.info[_WRITTEN] = set()
            written.update(versioned)
        if effect.schema:  # the version table may have come or gone: ask again at the commit
            _versioned[conn.engine] = None


def _on_commit(conn) -> None:
    written = conn.info.pop(_WRITTEN, None)
    if written and _has_version_table(conn):
        _raise_versions(conn, written)


def raise_every_version(connection) -> None:
    """Make every kept page old, in every process: each table's version goes up by one."""
    _raise_versions(connection, statement_tables().names - UNVERSIONED)


def _raise_versions(connection, names) -> None:
    """One up for each of ``names``, on ``connection``'s DBAPI connection (inside its transaction)."""
    placeholder = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    cursor = connection.connection.dbapi_connection.cursor()
    try:  # sorted: two transactions raise shared versions in one order, so they never deadlock
        cursor.executemany(_UPSERT.format(p=placeholder), [(name,) for name in sorted(names)])
    finally:
        cursor.close()


def _on_rollback(conn) -> None:
    if not conn.invalidated:  # a lost connection's notes go with it (its ``info`` is cleared)
        conn.info.pop(_WRITTEN, None)


def _has_version_table(conn) -> bool:
    engine = conn.engine
    known = _versioned.get(engine)
    if known is None:
        query = _FIND_TABLE.get(conn.dialect.name)
        if query is None:
            return False
        cursor = conn.connection.dbapi_connection.cursor()
        try:
            cursor.execute(query)
            row = cursor.fetchone()
        finally:
            cursor.close()
        known = _versioned[engine] = bool(row and row[0])
    return known


def watch_engines() -> None:
    """Install the listeners on every engine (once per process)."""
    if not event.contains(Engine, "before_cursor_execute", _before_cursor_execute):
        event.listen(Engine, "before_cursor_execute", _before_cursor_execute)
        event.listen(Engine, "commit", _on_commit)
        event.listen(Engine, "rollback", _on_rollback)
