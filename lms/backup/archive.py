"""``create_backup`` and ``restore_backup``: the whole of ``flask backup`` and ``flask restore``."""
from __future__ import annotations

import os
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import inspect

from lms.backup import databases, files
from lms.backup.manifest import MANIFEST_NAME, BackupError, Manifest, Member, copy_hashing, len_and_sha256
from lms.extensions import db


@dataclass
class BackupResult:
    path: Path
    manifest: Manifest


@dataclass
class RestoreResult:
    manifest: Manifest
    upgraded_to: str | None  # the head revision, when the archive's was older


def create_backup(path: Path) -> BackupResult:
    """Write one archive at ``path`` (or a dated one inside it, when it is a folder); never overwrite one."""
    path = Path(path)
    if path.is_dir():
        path = path / f"lms-backup-{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}.tar.gz"
    if path.exists():
        raise BackupError(f"{path} already exists; choose a new name or a folder.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    with tempfile.TemporaryDirectory(prefix=".lms-backup-", dir=path.parent) as temporary:
        folder = Path(temporary)
        with databases.snapshot(db.engine, folder) as taken:
            revision = databases.schema_revision(taken.connection)
            tables = databases.row_counts(taken.connection)
            stored, missing = files.copy_stored_files(taken.connection, folder)
        with open(taken.dump, "rb") as dump:
            size, sha256 = len_and_sha256(dump)
        manifest = Manifest(created_at=datetime.now(timezone.utc).isoformat(), schema_revision=revision,
                            dialect=db.engine.dialect.name, database=Member(taken.dump.name, size, sha256),
                            tables=tables, files=stored, missing_files=missing, pg_schema=taken.pg_schema)
        (folder / MANIFEST_NAME).write_bytes(manifest.to_json())
        partial = folder / "archive.partial"
        with tarfile.open(partial, "w:gz") as archive:
            for name in (MANIFEST_NAME, *(member.name for member in manifest.members())):
                archive.add(folder / name, arcname=name, recursive=False)
        os.replace(partial, path)  # the archive appears whole, or not at all
    return BackupResult(path, manifest)


def restore_backup(path: Path) -> RestoreResult:
    """Check the archive and the target completely, then restore the database and the files."""
    with tempfile.TemporaryDirectory(prefix="lms-restore-") as temporary:
        folder = Path(temporary)
        manifest = _extract_verified(Path(path), folder)
        head = _check_revision(manifest.schema_revision)
        problem = databases.target_problem(db.engine, manifest.dialect, manifest.pg_schema)
        if problem is None and not files.storage_is_empty():
            problem = "The target's file storage is not empty; restore only into an empty instance."
        if problem:
            raise BackupError(problem)
        db.session.remove()
        databases.restore_database(db.engine, folder / manifest.database.name, manifest.pg_schema)
        files.restore_stored_files(manifest.files, folder)
        _check_row_counts(manifest)
    if manifest.schema_revision == head:
        return RestoreResult(manifest, None)
    upgrade()
    return RestoreResult(manifest, head)


def _extract_verified(path: Path, folder: Path) -> Manifest:
    """Unpack the manifest's members into ``folder``, checking each one's size and checksum."""
    try:
        archive = tarfile.open(path, "r:gz")
    except FileNotFoundError as error:
        raise BackupError(f"{path} does not exist.") from error
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{path} is not a readable backup archive ({error}).") from error
    (folder / "files").mkdir()
    try:
        with archive:
            members = {}
            for info in archive.getmembers():
                if info.name in members or not info.isfile():
                    raise BackupError(f"The archive has an unexpected member: {info.name}.")
                members[info.name] = info
            if MANIFEST_NAME not in members:
                raise BackupError(f"The archive has no {MANIFEST_NAME}: it is not an LMS backup.")
            manifest = Manifest.from_json(archive.extractfile(members.pop(MANIFEST_NAME)).read(1024 * 1024 * 64))
            for member in manifest.members():
                if member.name not in members:
                    raise BackupError(f"The archive is incomplete: {member.name} is missing.")
                # Names come from the checked manifest (the dump's, or files/NNNNNN), never from the tar.
                source = archive.extractfile(members.pop(member.name))
                with source, open(folder / member.name, "wb") as target:
                    size, sha256 = copy_hashing(source, target, limit=member.size)
                if (size, sha256) != (member.size, member.sha256):
                    raise BackupError(f"Checksum mismatch for {_describe(member)}: the archive is damaged or "
                                      "was changed. Nothing was restored.")
            if members:
                raise BackupError(f"The archive has an unexpected member: {sorted(members)[0]}.")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{path} is damaged ({error}).") from error
    return manifest


def _describe(member: Member) -> str:
    key = getattr(member, "key", "")
    return f"{member.name} (stored file {key})" if key else member.name


def _check_revision(revision: str | None) -> str:
    """This code's head revision, once sure it can migrate the archive's database."""
    script = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
    head = script.get_current_head()
    if revision is None:
        raise BackupError("The archive records no schema revision (its database was not built by "
                          "`flask db upgrade`), so it cannot be restored safely.")
    if revision not in {script_revision.revision for script_revision in script.walk_revisions()}:
        raise BackupError(f"The archive's schema revision {revision} is unknown to this version of the LMS "
                          f"(it knows up to {head}): restore it with the version that made it, or a newer one.")
    return head


def _check_row_counts(manifest: Manifest) -> None:
    with db.engine.connect() as connection:
        present = set(inspect(connection).get_table_names())
        counts = databases.row_counts(connection) if present else {}
    for table, expected in manifest.tables.items():
        if counts.get(table) != expected:
            raise BackupError(f"After the restore, table {table} has {counts.get(table)} rows, not {expected} "
                              "as the archive says. Start again with a new, empty database.")
