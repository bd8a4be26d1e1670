"""Database snapshots and restores: SQLite through its online backup API, PostgreSQL through pg_dump/pg_restore.

A snapshot is a context: inside it, ``Snapshot.connection`` sees the database exactly as the
dump holds it (SQLite: the copy itself; PostgreSQL: the transaction whose snapshot pg_dump
used), so row counts and stored files read there agree with the dump.
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, inspect, text

from lms.backup.manifest import DUMP_NAMES, BackupError


@dataclass
class Snapshot:
    connection: Connection
    dump: Path
    pg_schema: str | None = None


def row_counts(connection: Connection) -> dict[str, int]:
    quote = connection.dialect.identifier_preparer.quote
    return {name: connection.scalar(text(f"SELECT count(*) FROM {quote(name)}"))
            for name in sorted(inspect(connection).get_table_names())}


def schema_revision(connection: Connection) -> str | None:
    """The Alembic revision the database is at (None when it was not built by migrations)."""
    if "alembic_version" not in inspect(connection).get_table_names():
        return None
    return ",".join(sorted(connection.scalars(text("SELECT version_num FROM alembic_version"))))


@contextmanager
def snapshot(engine: Engine, folder: Path) -> Iterator[Snapshot]:
    if engine.dialect.name == "sqlite":
        with _sqlite_snapshot(engine, folder) as taken:
            yield taken
    elif engine.dialect.name == "postgresql":
        with _postgresql_snapshot(engine, folder) as taken:
            yield taken
    else:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine.dialect.name}.")


@contextmanager
def _sqlite_snapshot(engine: Engine, folder: Path) -> Iterator[Snapshot]:
    dump = folder / DUMP_NAMES["sqlite"]
    source = engine.raw_connection()
    try:
        with sqlite3.connect(dump) as copy:
            source.driver_connection.backup(copy)  # consistent even while others write
        copy.close()
    finally:
        source.close()
    copy_engine = create_engine(f"sqlite:///{dump}")
    try:
        with copy_engine.connect() as connection:
            yield Snapshot(connection, dump)
    finally:
        copy_engine.dispose()
    # The stored files travel as their own members: keep them once, not also inside the dump.
    with sqlite3.connect(dump, isolation_level=None) as copy:
        if copy.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'stored_file'").fetchone():
            copy.execute("DELETE FROM stored_file")
        copy.execute("VACUUM")
    copy.close()


@contextmanager
def _postgresql_snapshot(engine: Engine, folder: Path) -> Iterator[Snapshot]:
    dump = folder / DUMP_NAMES["postgresql"]
    pg_dump = _tool("pg_dump")
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
        with connection.begin():
            connection.execute(text("SET TRANSACTION READ ONLY"))
            snapshot_id = connection.scalar(text("SELECT pg_export_snapshot()"))
            schema = connection.scalar(text("SELECT current_schema()"))
            _run([pg_dump, "--format=custom", "--no-owner", "--no-acl", f"--snapshot={snapshot_id}",
                  f"--schema={schema}", f"--exclude-table-data={schema}.stored_file", f"--file={dump}",
                  *_connection_arguments(engine)], engine)
            yield Snapshot(connection, dump, pg_schema=schema)


def target_problem(engine: Engine, dialect: str, pg_schema: str | None) -> str | None:
    """Why this database cannot receive the archive's, or None when it can (same kind, no tables)."""
    if engine.dialect.name != dialect:
        return f"The archive holds a {dialect} database; this instance uses {engine.dialect.name}."
    with engine.connect() as connection:
        if dialect == "postgresql":
            current = connection.scalar(text("SELECT current_schema()")) or _first_search_path(connection)
            if current != pg_schema:
                return (f"The archive holds the PostgreSQL schema {pg_schema!r}, but this instance's search_path "
                        f"starts with {current!r}.")
            tables = connection.scalars(text("SELECT table_name FROM information_schema.tables "
                                             "WHERE table_schema = :schema"), {"schema": pg_schema}).all()
        else:
            if engine.url.database in (None, "", ":memory:"):
                return "This instance's SQLite database is in memory; restore needs a database file."
            tables = inspect(connection).get_table_names()
    if tables:
        return (f"The target database is not empty: it has {len(tables)} tables ({', '.join(sorted(tables)[:3])}, "
                f"...). Restore only into a new, empty database, before running `flask db upgrade`.")
    return None


def restore_database(engine: Engine, dump: Path, pg_schema: str | None) -> None:
    if engine.dialect.name == "sqlite":
        _restore_sqlite(engine, dump)
    else:
        _restore_postgresql(engine, dump, pg_schema)


def _restore_sqlite(engine: Engine, dump: Path) -> None:
    target = Path(engine.url.database)
    engine.dispose()
    for suffix in ("-wal", "-shm", "-journal"):  # left by the empty database; stale for the new file
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    partial = target.with_name(target.name + ".restoring")
    shutil.copyfile(dump, partial)
    os.replace(partial, target)


def _restore_postgresql(engine: Engine, dump: Path, pg_schema: str) -> None:
    pg_restore = _tool("pg_restore")
    toc = _run([pg_restore, "--list", str(dump)], engine)
    with engine.connect() as connection:
        schema_exists = connection.scalar(text("SELECT count(*) FROM pg_namespace WHERE nspname = :schema"),
                                          {"schema": pg_schema})
    if schema_exists:  # e.g. public: creating it again would fail; everything else goes into it
        entry = re.compile(rf"^\d+; \d+ \d+ (SCHEMA|COMMENT) - (SCHEMA )?{re.escape(pg_schema)} ")
        toc = "\n".join(line for line in toc.splitlines() if not entry.match(line))
    listing = dump.with_name("toc.list")
    listing.write_text(toc)
    _run([pg_restore, "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction",
          f"--use-list={listing}", *_connection_arguments(engine), str(dump)], engine)


def _first_search_path(connection: Connection) -> str:
    first = connection.scalar(text("SHOW search_path")).split(",")[0].strip()
    return first.strip('"')


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} was not found on PATH: install the PostgreSQL client tools "
                          "(the same major version as the server, or newer).")
    return found


def _connection_arguments(engine: Engine) -> list[str]:
    url = engine.url
    arguments = [f"--dbname={url.database}"]
    if url.host:
        arguments.append(f"--host={url.host}")
    if url.port:
        arguments.append(f"--port={url.port}")
    if url.username:
        arguments.append(f"--username={url.username}")
    return [*arguments, "--no-password"]


def _run(command: list[str], engine: Engine) -> str:
    """Run a PostgreSQL tool with the engine's password and options in its environment (never in argv)."""
    url = engine.url
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    for parameter, variable in (("options", "PGOPTIONS"), ("sslmode", "PGSSLMODE")):
        if url.query.get(parameter):
            value = url.query[parameter]
            environment[variable] = value if isinstance(value, str) else " ".join(value)
    finished = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    if finished.returncode != 0:
        detail = " ".join(finished.stderr.strip().splitlines()[-3:]) or f"exit status {finished.returncode}"
        raise BackupError(f"{Path(command[0]).name} failed: {detail}")
    return finished.stdout
