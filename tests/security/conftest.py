"""Security test helpers: the six actors of the two-cohort world, and database snapshots.

A snapshot is every row of every table (rate-limit counters and periodic-task
bookkeeping aside). Tests compare snapshots to prove a refused request changed
nothing, and restore one to undo what an allowed request changed, which is much
faster than building the world again.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select

from lms.auth.models import User
from lms.extensions import db
from tests.factories.scenario import TwoCohorts, two_cohorts

ACTORS = ("anon", "learner_a", "learner_b", "mentor_a", "mentor_b", "admin")
# Bookkeeping that any request may touch without changing what anyone owns.
UNTRACKED_TABLES = frozenset({"rate_limit_counter", "periodic_task", "table_version"})  # + page cache versions

Snapshot = dict[str, list[tuple]]


def sign_in_as(client, world: TwoCohorts, actor: str) -> None:
    """Give ``client`` the session of ``actor`` (anonymous: no session at all)."""
    with client.session_transaction() as session:
        session.clear()
    if actor != "anon":
        user = db.session.get(User, getattr(world, actor))
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True


def _tables():
    return [t for t in db.metadata.sorted_tables if t.name not in UNTRACKED_TABLES]


def snapshot() -> Snapshot:
    """Every row of every tracked table, in primary-key order."""
    db.session.commit()
    return {table.name: [tuple(row) for row in db.session.execute(
        select(table).order_by(*table.primary_key.columns))] for table in _tables()}


def changed_tables(before: Snapshot, after: Snapshot) -> list[str]:
    return sorted(name for name in before if before[name] != after.get(name))


def restore(saved: Snapshot) -> None:
    """Put every tracked table back as it was in ``saved`` (ids included)."""
    db.session.rollback()
    tables = _tables()
    for table in reversed(tables):
        db.session.execute(delete(table))
    for table in tables:
        rows = saved[table.name]
        if rows:
            names = [column.name for column in table.columns]
            db.session.execute(insert(table), [dict(zip(names, row, strict=True)) for row in rows])
    db.session.commit()
    db.session.expire_all()


# Limits high enough that a matrix of many requests from one address is never refused.
LIMITS = {"CERTIFICATE_VERIFY_LIMIT_PER_MINUTE": 100_000, "PASSWORD_RESET_REQUEST_LIMIT": 100_000,
          "LOGIN_FAILURE_LIMIT": 100_000}


@dataclass
class Keeper:
    world: TwoCohorts | None = None
    pristine: dict = field(default_factory=dict)
    dirty: bool = False

    def current(self) -> TwoCohorts:
        if self.world is None:
            self.world = two_cohorts()
            self.pristine = snapshot()
        elif self.dirty:
            restore(self.pristine)
        self.dirty = False
        return self.world
