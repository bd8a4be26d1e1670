"""Database helpers shared by every feature: time, engine tuning, common column types."""
from __future__ import annotations

import enum
import functools
import time
from datetime import datetime, timezone

from sqlalchemy import DateTime, Enum, Float, TypeDecorator, event, insert as sa_insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement

from lms.extensions import db


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(timezone.utc)


def as_utc(moment) -> datetime | None:
    """An aggregate (``max``/``min``) over a UTCDateTime column comes back untyped: a naive
    datetime, or a string on SQLite. This gives it back as an aware UTC datetime."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment


@functools.cache
def alias(entity, name: str):
    """``aliased(entity, name=name)``, made once per process and reused by every statement.

    A fresh alias builds its own copy of every column of the table the first time each is
    read (0.25–0.45 ms per alias; the mentor queue made six per request). Each place gets its
    own ``name``: a subquery must not share an alias with the statement around it, or it
    would be correlated to it."""
    return aliased(entity, name=name)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware.

    SQLite has no time zones; PostgreSQL does. This type makes both behave alike.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class seconds_between(FunctionElement):  # noqa: N801 (used like a SQL function: seconds_between(a, b))
    """The seconds from one UTCDateTime column to another, computed by the database: one number
    per row instead of two timestamps turned into aware datetimes in Python (a statistic over
    thousands of rows spent most of its time there). Negative when ``end`` is earlier."""

    type = Float()
    name = "seconds_between"
    inherit_cache = True


@compiles(seconds_between)
def _seconds_between(element, compiler, **kw):
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"EXTRACT(EPOCH FROM ({end} - {start}))"


@compiles(seconds_between, "sqlite")
def _seconds_between_sqlite(element, compiler, **kw):
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"((julianday({end}) - julianday({start})) * 86400.0)"


def enum_column_type(enum_class: type[enum.Enum], length: int = 20) -> Enum:
    """The column type of every enum column: the members' values in a VARCHAR, checked.

    A VARCHAR rather than a native PostgreSQL ENUM, so a new member needs no type
    migration. The database refuses any other value through a CHECK constraint, which
    the naming convention names after its column: ``ck_<table>_<column>``.
    """
    return Enum(enum_class, native_enum=False, create_constraint=True, length=length,
                values_callable=lambda members: [member.value for member in members])


def insert_once(model, **values) -> int | None:
    """INSERT a row unless its ``dedupe_key`` exists; the new id, or None when it existed.

    ``ON CONFLICT DO NOTHING`` (PostgreSQL, SQLite) also waits for a concurrent
    transaction inserting the same key, so two processes never both write it. (No
    savepoint: on SQLite the driver would commit a savepoint opened outside a transaction.)
    """
    dialect = db.session.get_bind().dialect.name
    if dialect not in _INSERT_ON_CONFLICT:  # other databases: a duplicate raises IntegrityError
        return db.session.execute(sa_insert(model).values(**values).returning(model.id)).scalar_one()
    statement = (_INSERT_ON_CONFLICT[dialect](model).values(**values)
                 .on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(model.id))
    return db.session.execute(statement).scalar_one_or_none()


_INSERT_ON_CONFLICT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def ping_connections_after_idle(engine: Engine, idle_seconds: float) -> None:
    """Test a pooled connection before handing it out, when it has sat unused for longer than
    ``idle_seconds``: after a database restart the pool holds dead ones, and every request would
    fail once. One used moments ago is handed out as it is (``pool_pre_ping`` would spend a
    round trip on every request for it). A read whose connection died anyway is dispatched once
    more and a write gets a clean 503 (``lms.web``). SQLite has no connection to lose."""
    if engine.dialect.name == "sqlite" or idle_seconds < 0:
        return

    @event.listens_for(engine.pool, "connect")
    @event.listens_for(engine.pool, "checkin")
    def _note_use(dbapi_connection, connection_record):
        connection_record.info["lms_used_at"] = time.monotonic()

    @event.listens_for(engine.pool, "checkout")
    def _ping_if_idle(dbapi_connection, connection_record, connection_proxy):
        used_at = connection_record.info.get("lms_used_at")
        if used_at is not None and time.monotonic() - used_at <= idle_seconds:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # noqa: BLE001 (whatever the driver raises for a dead connection)
            raise DisconnectionError(str(error)) from error
        if not alive:
            raise DisconnectionError("the database did not answer the ping")


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection, connection_record):
    """Foreign keys on, WAL for concurrent readers, wait rather than fail on a lock."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


@event.listens_for(Engine, "savepoint")
def _sqlite_savepoint_inside_a_transaction(conn, name):
    """Open the transaction before a SAVEPOINT on SQLite.

    Python's sqlite3 module starts transactions lazily, before the first write. A
    SAVEPOINT issued before any write would start SQLite's transaction behind the
    module's back, and releasing it would commit for real: a later rollback could not
    undo it. Beginning first keeps ``begin_nested()`` nested, as on PostgreSQL.
    """
    if conn.dialect.name == "sqlite":
        dbapi_connection = conn.connection.dbapi_connection
        if not dbapi_connection.in_transaction:
            dbapi_connection.execute("BEGIN")
