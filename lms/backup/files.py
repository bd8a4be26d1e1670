"""The stored files in an archive: which the database refers to, reading them at the snapshot, writing them back.

With the ``database`` storage backend the files are ``stored_file`` rows: they are read from
the database snapshot itself, so they match it exactly, and the dump leaves their contents
out (each file is stored once, as its own checked member). With ``s3`` the files the
snapshot refers to are fetched after it; a file written later is not referred to yet.
A restore writes every file into the target's own backend under its original key.
"""
from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import Connection, func, insert, inspect, select, text

from lms import storage
from lms.backup.manifest import StoredFileEntry
from lms.extensions import db
from lms.storage import StoredFile

# Columns that hold a storage key (attempt, ask and post files; certificate PDFs).
FILE_KEY_COLUMNS = frozenset({"storage_key", "pdf_key"})


def file_references(connection: Connection) -> dict[str, str]:
    """Every storage key the database refers to, with the first ``table.column`` that does."""
    present = set(inspect(connection).get_table_names())
    references: dict[str, str] = {}
    for table in db.metadata.sorted_tables:
        if table.name not in present:
            continue
        for column in table.columns:
            if column.name in FILE_KEY_COLUMNS:
                for key in connection.scalars(select(column).where(column.is_not(None)).distinct()):
                    references.setdefault(key, f"{table.name}.{column.name}")
    return references


def copy_stored_files(connection: Connection, folder: Path) -> tuple[list[StoredFileEntry], list[str]]:
    """Write the files of the snapshot into ``folder`` as ``files/NNNNNN``.

    Returns their manifest entries and the keys referred to but stored nowhere (described).
    """
    (folder / "files").mkdir()
    references = file_references(connection)
    entries: list[StoredFileEntry] = []

    def add(key: str, content: bytes, created_at: datetime | None) -> None:
        name = f"files/{len(entries) + 1:06d}"
        (folder / name).write_bytes(content)
        entries.append(StoredFileEntry(name=name, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                                       key=key, created_at=created_at.isoformat() if created_at else None))

    if _backend() == "database":
        table = StoredFile.__table__
        rows = connection.execution_options(stream_results=True, yield_per=20).execute(
            select(table.c.key, table.c.content, table.c.created_at).order_by(table.c.id))
        for key, content, created_at in rows:
            add(key, content, created_at)
        stored = {entry.key for entry in entries}
        missing = [key for key in references if key not in stored]
    else:
        missing = []
        for key in sorted(references):
            try:
                add(key, storage.get(key), None)
            except storage.FileMissing:
                missing.append(key)
    return entries, [f"{key} ({references[key]})" for key in missing]


def storage_is_empty() -> bool:
    """Whether the target's storage holds no file (the database's own table is checked with the others)."""
    if _backend() == "database":
        return True
    backend = storage.get_storage()
    answer = backend.client.list_objects_v2(Bucket=backend.bucket, Prefix=backend.prefix, MaxKeys=1)
    return not answer.get("KeyCount")


def restore_stored_files(entries: list[StoredFileEntry], folder: Path) -> None:
    """Put every file back under its own key, in the target's backend."""
    if _backend() == "database":
        table = StoredFile.__table__
        with db.engine.begin() as connection:
            for entry in entries:
                created_at = datetime.fromisoformat(entry.created_at) if entry.created_at else None
                connection.execute(insert(table).values(key=entry.key, size=entry.size,
                                                        content=(folder / entry.name).read_bytes(),
                                                        **({"created_at": created_at} if created_at else {})))
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT setval(pg_get_serial_sequence('stored_file', 'id'), :next, false)"),
                                   {"next": (connection.scalar(select(func.max(table.c.id))) or 0) + 1})
        return
    backend = storage.get_storage()
    for entry in entries:
        backend.client.put_object(Bucket=backend.bucket, Key=backend.prefix + entry.key,
                                  Body=(folder / entry.name).read_bytes(), ContentType="application/octet-stream")


def _backend() -> str:
    return current_app.config.get("STORAGE_BACKEND", "database")

