"""Which tables an SQL statement reads or writes, told from its text.

Every statement the application sends passes through here (``lms.pagecache.versions`` watches
the engine), so the answer is cached per statement text. It may name a table the statement
does not really touch (a column or alias spelt like a table): that costs a cache entry, never
correctness. It never misses one: every statement names the tables it reads or writes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import MetaData

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_READ = re.compile(r"\s*\(?\s*(SELECT|VALUES)\b", re.IGNORECASE)
_WITH = re.compile(r"\s*WITH\b", re.IGNORECASE)
_DATA_CHANGE = re.compile(r"\b(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
_DELETE = re.compile(r"\b(DELETE|TRUNCATE)\b", re.IGNORECASE)
# The one table an INSERT, UPDATE or DELETE changes (its other names are read, if anything).
_TARGET = re.compile(r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?',
                     re.IGNORECASE)
_SCHEMA_CHANGE = re.compile(r"\s*(CREATE|ALTER|DROP)\b", re.IGNORECASE)
# Talk about the connection, not the data: nothing to record.
_NOT_DATA = re.compile(r"\s*(PRAGMA|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|SET|SHOW|LOCK|EXPLAIN|ANALYZE|"
                       r"VACUUM|REINDEX|LISTEN|NOTIFY|DISCARD|RESET)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Effect:
    reads: frozenset[str] = frozenset()
    writes: frozenset[str] = frozenset()
    schema: bool = False  # CREATE, ALTER, DROP: may change any table


NOTHING = Effect()


class StatementTables:
    """``effect(sql)``: the tables of ``metadata`` the statement reads, or those it may change.

    A DELETE (or TRUNCATE) also changes the tables whose rows the database deletes or empties
    with it (foreign keys ``ON DELETE CASCADE`` / ``SET NULL``); a change to the schema
    (CREATE, ALTER, DROP) may change any table.
    """

    def __init__(self, metadata: MetaData, *, ignored: frozenset[str] = frozenset()) -> None:
        self.names = frozenset(metadata.tables) - ignored
        self.deleted_with = _deleted_with(metadata)
        self.effect = lru_cache(maxsize=8192)(self._effect)

    def _effect(self, statement: str) -> Effect:
        if _NOT_DATA.match(statement):
            return NOTHING
        named = self.names.intersection(_WORD.findall(statement))
        if _READ.match(statement) or (_WITH.match(statement) and not _DATA_CHANGE.search(statement)):
            return Effect(reads=frozenset(named))
        if _SCHEMA_CHANGE.match(statement):
            return Effect(writes=self.names, schema=True)
        target = _TARGET.match(statement)
        if target is not None and target.group(1) in self.names:
            named = {target.group(1)}
        if _DELETE.search(statement):
            named = named.union(*(self.deleted_with.get(name, ()) for name in named))
        return Effect(writes=frozenset(named))


def _deleted_with(metadata: MetaData) -> dict[str, frozenset[str]]:
    """For each table, the tables a DELETE on it changes through foreign keys, transitively."""
    children: dict[str, set[str]] = {}
    for table in metadata.tables.values():
        for key in table.foreign_keys:
            if (key.ondelete or "").upper() in {"CASCADE", "SET NULL", "SET DEFAULT"}:
                children.setdefault(key.column.table.name, set()).add(table.name)
    closure: dict[str, frozenset[str]] = {}
    for name in children:
        seen: set[str] = set()
        waiting = [name]
        while waiting:
            for child in children.get(waiting.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    waiting.append(child)
        closure[name] = frozenset(seen)
    return closure
