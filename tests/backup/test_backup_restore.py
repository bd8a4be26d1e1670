"""`flask backup` then `flask restore` into an empty instance gives back every row and every file."""
from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import create_engine, delete, inspect, make_url, select, text

from lms.backup.databases import row_counts
from lms.extensions import db
from lms.storage import StoredFile
from lms.submissions.models import AttemptFile
from lms.submissions.services import read_file
from tests.factories.scenario import two_cohorts


def head_revision() -> str:
    """The newest migration, read from migrations/ so a new migration needs no edit here."""
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parents[2] / "migrations"))
    return ScriptDirectory.from_config(config).get_current_head()


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def snapshot_of(app) -> tuple[dict[str, int], dict[str, bytes]]:
    with app.app_context(), db.engine.connect() as connection:
        files = dict(connection.execute(select(StoredFile.key, StoredFile.content)).all())
        return row_counts(connection), files


def tables_of(app) -> list[str]:
    with app.app_context(), db.engine.connect() as connection:
        return inspect(connection).get_table_names()


@pytest.fixture(scope="module")
def seeded(module_pair):
    source = module_pair.migrated_source()
    with source.app_context():
        world = two_cohorts()
        db.session.remove()
    return source, world


@pytest.fixture(scope="module")
def pristine_archive(seeded, tmp_path_factory) -> Path:
    app, _ = seeded
    path = tmp_path_factory.mktemp("archive") / "lms.tar.gz"
    result = run(app, "backup", str(path))
    assert result.exit_code == 0, result.output + result.stderr
    assert f"to {path}" in result.output
    return path


@pytest.fixture
def archive(pristine_archive, tmp_path) -> Path:
    """A copy of the module's archive, for this test to change."""
    return Path(shutil.copy(pristine_archive, tmp_path / "lms.tar.gz"))


def rewrite(archive: Path, change) -> None:
    """Rewrite the archive with ``change(members: dict[name, bytes])`` applied (as someone tampering would)."""
    with tarfile.open(archive, "r:gz") as tar:
        members = {info.name: tar.extractfile(info).read() for info in tar.getmembers()}
    change(members)
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_restored_instance_has_every_row_of_every_table_and_every_file_byte_for_byte(seeded, archive, target):
    source, world = seeded
    counts, files = snapshot_of(source)

    result = run(target, "restore", str(archive))

    assert result.exit_code == 0, result.output + result.stderr
    assert "all checksums verified" in result.output
    restored_counts, restored_files = snapshot_of(target)
    assert restored_counts == counts
    assert sum(counts.values()) > 100 and len(files) >= 5
    assert restored_files == files
    with target.app_context():  # the files are reachable the way the app reaches them
        attempt_file = db.session.get(AttemptFile, world.file_a)
        assert read_file(attempt_file) == b"second notes"


def test_manifest_lists_revision_dialect_row_counts_and_file_checksums(seeded, archive, module_pair):
    source, _ = seeded
    counts, files = snapshot_of(source)
    with tarfile.open(archive, "r:gz") as tar:
        assert tar.getnames()[0] == "manifest.json"
        manifest = json.loads(tar.extractfile("manifest.json").read())
        member = manifest["files"][0]
        content = tar.extractfile(member["name"]).read()
    assert manifest["format_version"] == 1 and manifest["schema_revision"] == head_revision()
    assert manifest["dialect"] == module_pair.dialect
    assert manifest["tables"] == counts
    assert {entry["key"]: entry["size"] for entry in manifest["files"]} == {k: len(v) for k, v in files.items()}
    assert hashlib.sha256(content).hexdigest() == member["sha256"] and content == files[member["key"]]
    assert manifest["missing_files"] == []


def test_tampered_file_is_refused_naming_it_and_nothing_is_restored(seeded, archive, target):
    with tarfile.open(archive, "r:gz") as tar:
        member = json.loads(tar.extractfile("manifest.json").read())["files"][1]
    rewrite(archive, lambda members: members.__setitem__(member["name"], b"changed" + members[member["name"]]))

    result = run(target, "restore", str(archive))

    assert result.exit_code == 1
    assert f"Checksum mismatch for {member['name']} (stored file {member['key']})" in result.stderr
    assert tables_of(target) == []


def test_tampered_database_dump_is_refused(seeded, archive, target):
    def corrupt(members):
        name = next(name for name in members if name.startswith("database."))
        members[name] = members[name][:-10] + b"0123456789"
    rewrite(archive, corrupt)

    result = run(target, "restore", str(archive))

    assert result.exit_code == 1 and "Checksum mismatch for database." in result.stderr
    assert tables_of(target) == []


def test_restore_into_an_instance_with_data_is_refused_and_changes_nothing(seeded, archive):
    source, _ = seeded
    before = snapshot_of(source)

    result = run(source, "restore", str(archive))

    assert result.exit_code == 1 and "The target database is not empty" in result.stderr
    assert snapshot_of(source) == before


def test_restore_into_a_migrated_but_empty_database_is_refused(archive, target, module_pair):
    if module_pair.dialect == "postgresql":
        with create_engine(make_url(module_pair.url("target")).set(query={})).begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{module_pair.schema}"'))
    with target.app_context():
        upgrade()

    result = run(target, "restore", str(archive))

    assert result.exit_code == 1 and "before running `flask db upgrade`" in result.stderr


@pytest.mark.parametrize("change, message", [
    (lambda m: m.__setitem__("manifest.json", json.dumps({**json.loads(m["manifest.json"]), "format_version": 9})
                             .encode()), "format version is 9"),
    (lambda m: m.__setitem__("manifest.json", json.dumps({**json.loads(m["manifest.json"]),
                                                           "schema_revision": "0099"}).encode()),
     "schema revision 0099 is unknown"),
    (lambda m: m.__setitem__("manifest.json", b"{not json"), "manifest.json is not valid JSON"),
    (lambda m: m.pop("manifest.json"), "has no manifest.json"),
    (lambda m: m.pop(next(name for name in m if name.startswith("files/"))), "The archive is incomplete: files/"),
    (lambda m: m.__setitem__("../../evil", b"x"), "unexpected member: ../../evil"),
])
def test_archive_problems_are_refused_with_a_clear_message(seeded, archive, target, change, message):
    rewrite(archive, change)

    result = run(target, "restore", str(archive))

    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert tables_of(target) == []


def test_a_file_that_is_not_an_archive_is_refused(target, tmp_path):
    (tmp_path / "junk.tar.gz").write_bytes(b"not a backup at all")

    result = run(target, "restore", str(tmp_path / "junk.tar.gz"))

    assert result.exit_code == 1 and "is not a readable backup archive" in result.stderr


def test_backup_never_overwrites_and_names_archives_in_a_folder_by_date(seeded, tmp_path):
    source, _ = seeded
    (tmp_path / "taken.tar.gz").write_bytes(b"keep me")

    refused = run(source, "backup", str(tmp_path / "taken.tar.gz"))
    dated = run(source, "backup", str(tmp_path))

    assert refused.exit_code == 1 and "already exists" in refused.stderr
    assert (tmp_path / "taken.tar.gz").read_bytes() == b"keep me"
    assert dated.exit_code == 0 and len(list(tmp_path.glob("lms-backup-*Z.tar.gz"))) == 1
    assert not list(tmp_path.glob(".lms-backup-*"))  # no work folder left behind


def test_a_referenced_file_missing_from_storage_is_reported_by_key_and_column(seeded, archive, target, tmp_path):
    _, world = seeded
    assert run(target, "restore", str(archive)).exit_code == 0
    with target.app_context():
        key = db.session.get(AttemptFile, world.file_a).storage_key
        db.session.execute(delete(StoredFile).where(StoredFile.key == key))
        db.session.commit()

    result = run(target, "backup", str(tmp_path / "again.tar.gz"))

    assert result.exit_code == 0
    assert f"missing from storage (listed in the manifest): {key} (attempt_file.storage_key)" in result.stderr
    with tarfile.open(tmp_path / "again.tar.gz", "r:gz") as tar:
        assert json.loads(tar.extractfile("manifest.json").read())["missing_files"] == [
            f"{key} (attempt_file.storage_key)"]


@pytest.mark.slow  # migrates a database of its own twice (6-9 s)
def test_an_older_schema_is_restored_then_upgraded(new_pair, tmp_path):
    pair = new_pair("old")
    old = pair.migrated_source(revision="0012")
    assert run(old, "backup", str(tmp_path / "old.tar.gz")).exit_code == 0
    target = pair.app("target")

    result = run(target, "restore", str(tmp_path / "old.tar.gz"))

    assert result.exit_code == 0, result.stderr
    assert f"Upgraded the schema from 0012 to {head_revision()}." in result.output
    assert "webhook_endpoint" in tables_of(target)


def test_missing_pg_dump_is_a_clear_error(seeded, tmp_path, monkeypatch):
    source, _ = seeded
    if "postgresql" not in source.config["SQLALCHEMY_DATABASE_URI"]:
        pytest.skip("pg_dump is used only on PostgreSQL")
    monkeypatch.setattr(shutil, "which", lambda name: None)

    result = run(source, "backup", str(tmp_path / "lms.tar.gz"))

    assert result.exit_code == 1 and "pg_dump was not found on PATH" in result.stderr
    assert not (tmp_path / "lms.tar.gz").exists()
