"""Which tables a statement reads or changes, told from its text."""
from __future__ import annotations

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

from lms.pagecache.statements import StatementTables


@pytest.fixture
def tables() -> StatementTables:
    metadata = MetaData()
    Table("track", metadata, Column("id", Integer, primary_key=True))
    Table("cohort", metadata, Column("id", Integer, primary_key=True),
          Column("track_id", ForeignKey("track.id", ondelete="CASCADE")))
    Table("enrollment", metadata, Column("id", Integer, primary_key=True),
          Column("cohort_id", ForeignKey("cohort.id", ondelete="CASCADE")))
    Table("note", metadata, Column("id", Integer, primary_key=True),
          Column("enrollment_id", ForeignKey("enrollment.id", ondelete="SET NULL")))
    Table("audit", metadata, Column("id", Integer, primary_key=True), Column("track_id", ForeignKey("track.id")))
    Table("table_version", metadata, Column("name", Integer, primary_key=True))
    return StatementTables(metadata, ignored=frozenset({"table_version"}))


def test_a_select_reads_the_tables_it_names_not_columns_that_start_like_them(tables):
    effect = tables.effect('SELECT cohort.id, cohort.track_id FROM cohort JOIN "enrollment" AS enrollment_1 '
                           "ON enrollment_1.cohort_id = cohort.id WHERE enrollment_1.id = ?")
    assert effect.reads == {"cohort", "enrollment"} and not effect.writes


def test_a_select_in_parentheses_or_a_read_only_with_is_a_read(tables):
    assert tables.effect("(SELECT id FROM track) UNION (SELECT track_id FROM audit)").reads == {"track", "audit"}
    assert tables.effect("WITH t AS (SELECT id FROM track) SELECT * FROM t").reads == {"track"}


@pytest.mark.parametrize("statement, written", [
    ("INSERT INTO track (id) VALUES (?)", {"track"}),
    ("UPDATE cohort SET track_id=? WHERE cohort.id = ?", {"cohort"}),
    ("INSERT INTO audit (track_id) SELECT id FROM track", {"audit"}),
    ("UPDATE cohort SET track_id=(SELECT max(id) FROM track)", {"cohort"}),
    ("WITH gone AS (DELETE FROM note RETURNING id) SELECT count(*) FROM gone", {"note"}),
])
def test_inserts_and_updates_change_the_table_they_name_first(tables, statement, written):
    effect = tables.effect(statement)
    assert effect.writes == written and not effect.reads


def test_a_delete_also_changes_what_the_database_deletes_or_clears_with_it(tables):
    assert tables.effect("DELETE FROM track WHERE track.id = ?").writes == {"track", "cohort", "enrollment", "note"}
    assert tables.effect("DELETE FROM enrollment").writes == {"enrollment", "note"}
    assert tables.effect('TRUNCATE "cohort" RESTART IDENTITY CASCADE').writes == {"cohort", "enrollment", "note"}


def test_a_schema_change_may_change_every_table(tables):
    effect = tables.effect("ALTER TABLE cohort ADD COLUMN x INTEGER")
    assert effect.schema and effect.writes == {"track", "cohort", "enrollment", "note", "audit"}


@pytest.mark.parametrize("statement", ["PRAGMA foreign_keys=ON", "SAVEPOINT sa_savepoint_1", "BEGIN",
                                       "RELEASE SAVEPOINT sa_savepoint_1", "SET LOCAL lock_timeout = 100",
                                       "SELECT name, version FROM table_version"])
def test_talk_about_the_connection_and_the_version_table_itself_are_nothing(tables, statement):
    effect = tables.effect(statement)
    assert not effect.reads and not effect.writes and not effect.schema
