"""Rules every model follows, checked on the metadata: indexes that earn their keep, checked enums."""
from __future__ import annotations

from sqlalchemy import Enum, MetaData, PrimaryKeyConstraint, Table, UniqueConstraint
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateTable

import lms.models  # noqa: F401  (every table in db.metadata)
from lms.extensions import db


def _tables() -> list[Table]:
    return list(db.metadata.sorted_tables)


def _lookup_indexes(table: Table) -> list[tuple[str, list[str]]]:
    """Every index, UNIQUE constraint and primary key that can find any row, with its columns.

    A partial index (``..._where``) only finds the rows it covers, so it is left out.
    """
    found = [(index.name, [column.name for column in index.columns]) for index in table.indexes
             if not any(key.endswith("_where") and value is not None
                        for key, value in index.dialect_kwargs.items())]
    found += [(constraint.name, [column.name for column in constraint.columns])
              for constraint in table.constraints
              if isinstance(constraint, (UniqueConstraint, PrimaryKeyConstraint)) and constraint.columns]
    return found


def test_no_single_column_index_repeats_the_first_column_of_a_composite_one():
    redundant = []
    for table in _tables():
        lookups = _lookup_indexes(table)
        for index in table.indexes:
            columns = [column.name for column in index.columns]
            if len(columns) == 1 and not index.unique:
                covering = [name for name, other in lookups if len(other) > 1 and other[0] == columns[0]]
                if covering:
                    redundant.append((index.name, covering))
    assert redundant == []


def test_every_foreign_key_starts_an_index():
    # Deleting the referred row (a user, a cohort) looks up the referring rows by this key.
    unindexed = []
    for table in _tables():
        lookups = _lookup_indexes(table)
        for foreign_key in table.foreign_key_constraints:
            columns = [column.name for column in foreign_key.columns]
            if not any(other[:len(columns)] == columns for _name, other in lookups):
                unindexed.append(f"{table.name}.{'+'.join(columns)}")
    assert unindexed == []


def test_every_enum_column_stores_values_checked_by_the_database():
    unchecked = [f"{table.name}.{column.name}" for table in db.metadata.sorted_tables for column in table.columns
                 if isinstance(column.type, Enum)
                 and (column.type.native_enum or not column.type.create_constraint)]
    assert unchecked == []


def test_an_enum_check_is_named_after_its_column_in_a_copy_of_the_table_too():
    # Alembic copies tables and types when it renders and runs migrations.
    copies = MetaData(naming_convention=db.metadata.naming_convention)
    for table in db.metadata.sorted_tables:
        table.to_metadata(copies)
    ddl = str(CreateTable(copies.tables["enrollment"]).compile(dialect=postgresql.dialect()))
    assert "CONSTRAINT ck_enrollment_role CHECK" in ddl
    assert "CONSTRAINT ck_enrollment_status CHECK" in ddl
