"""Migration 0005 gives every certificate its status list index: existing ones in the order
they were created, each once (unique, required), from an empty database and with data."""
from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, inspect, select
from sqlalchemy.exc import IntegrityError

from lms.extensions import db
from tests.test_migrations import (  # noqa: F401  (the fixtures)
    ROWS_AT_0001,
    app_with_rows_at_0001,
    empty_database_url,
    unmigrated_app,
)


def _certificates():
    metadata = MetaData()
    with db.engine.connect() as connection:
        metadata.reflect(connection, only=["certificate"])
        table = metadata.tables["certificate"]
        return table, [row._asdict() for row in connection.execute(select(table).order_by(table.c.id))]


@pytest.mark.usefixtures("unmigrated_app")
def test_from_an_empty_database_the_column_is_required_and_unique():
    upgrade(revision="0005")
    with db.engine.connect() as connection:
        inspector = inspect(connection)
        column = next(c for c in inspector.get_columns("certificate") if c["name"] == "status_list_index")
        unique = [c["column_names"] for c in inspector.get_unique_constraints("certificate")]
    assert column["nullable"] is False and ["status_list_index"] in unique
    downgrade(revision="0004")
    with db.engine.connect() as connection:
        assert "status_list_index" not in {c["name"] for c in inspect(connection).get_columns("certificate")}


@pytest.mark.usefixtures("app_with_rows_at_0001")
def test_existing_certificates_get_indexes_in_creation_order_once():
    table, [first] = _certificates()
    later = [{**first, "id": id_, "code": f"C{id_}", "code_hash": f"h{id_}", "status": "revoked",
              "revoked_at": first["issued_at"]} for id_ in (7, 4)]
    with db.engine.begin() as connection:
        connection.execute(table.insert(), later)
    upgrade(revision="0005")
    table, rows = _certificates()
    assert [(row["id"], row["status_list_index"]) for row in rows] == [(1, 0), (4, 1), (7, 2)]
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(table.update().where(table.c.id == 7).values(status_list_index=0))
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(table.update().where(table.c.id == 7).values(status_list_index=None))
    downgrade(revision="0004")
    _, rows = _certificates()
    assert [row["id"] for row in rows] == [1, 4, 7] and "status_list_index" not in rows[0]
    assert ROWS_AT_0001["certificate"][0]["code"] == rows[0]["code"]
