"""File storage: the database backend (the default) and backend selection."""
from __future__ import annotations

import pytest

from lms import storage
from lms.extensions import db


def test_database_storage_round_trip(app):
    key = storage.put(b"\x00binary\xff")
    db.session.commit()
    assert len(key) == 32 and storage.get(key) == b"\x00binary\xff"
    storage.delete(key)
    db.session.commit()
    with pytest.raises(storage.FileMissing):
        storage.get(key)


def test_keys_are_random(app):
    assert storage.put(b"same") != storage.put(b"same")


def test_unknown_backend_is_a_clear_error(app):
    app.config["STORAGE_BACKEND"] = "floppy"
    with pytest.raises(storage.StorageError, match="Unknown STORAGE_BACKEND"):
        storage.get_storage()


def test_s3_backend_needs_a_bucket(app, monkeypatch):
    import sys
    import types

    monkeypatch.setitem(sys.modules, "boto3", types.SimpleNamespace(client=lambda *a, **k: object()))
    app.config.update(STORAGE_BACKEND="s3", S3_BUCKET=None)
    with pytest.raises(storage.StorageError, match="S3_BUCKET"):
        storage.get_storage()
