"""File storage shared by every app server: ``put(bytes) -> key``, ``get(key)``, ``delete(key)``.

The backend is chosen by ``STORAGE_BACKEND``:

- ``database`` (default): a ``StoredFile`` row per file, so every server sees every
  file without a shared disk.
- ``s3``: any S3-compatible service (``S3_BUCKET``, ``S3_ENDPOINT_URL``,
  ``S3_ACCESS_KEY_ID``, ``S3_SECRET_ACCESS_KEY``, ``S3_REGION``, ``S3_PREFIX``).
  boto3 is imported only when this backend is used; it is not tested against a real S3.

Keys are random and carry no meaning; callers keep any display name themselves.
"""
from __future__ import annotations

import secrets
from datetime import datetime
from typing import Protocol

from flask import current_app
from sqlalchemy import Integer, LargeBinary, String, delete as sql_delete, select  # this module has a delete()
from sqlalchemy.orm import Mapped, mapped_column

from lms.database import UTCDateTime, utcnow
from lms.extensions import db


class StorageError(Exception):
    """A stored file could not be written or read."""


class FileMissing(StorageError):
    """No file is stored under this key."""


class StoredFile(db.Model):
    __tablename__ = "stored_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def new_key() -> str:
    return secrets.token_hex(16)


class Storage(Protocol):
    def put(self, data: bytes) -> str: ...
    def get(self, key: str) -> bytes: ...
    def delete(self, key: str) -> None: ...


class DatabaseStorage:
    """Files as rows of the application database, written in the caller's transaction."""

    def put(self, data: bytes) -> str:
        key = new_key()
        db.session.add(StoredFile(key=key, size=len(data), content=data))
        db.session.flush()
        return key

    def get(self, key: str) -> bytes:
        content = db.session.scalar(select(StoredFile.content).where(StoredFile.key == key))
        if content is None:
            raise FileMissing(key)
        return content

    def delete(self, key: str) -> None:
        db.session.execute(sql_delete(StoredFile).where(StoredFile.key == key))


class S3Storage:
    """Files as objects in an S3-compatible bucket (written immediately, outside the transaction)."""

    def __init__(self, config) -> None:
        import boto3  # optional dependency, only needed for this backend

        if not config.get("S3_BUCKET"):
            raise StorageError("STORAGE_BACKEND=s3 needs S3_BUCKET.")
        self.bucket = config["S3_BUCKET"]
        self.prefix = config.get("S3_PREFIX") or ""
        self.client = boto3.client(
            "s3",
            endpoint_url=config.get("S3_ENDPOINT_URL") or None,
            aws_access_key_id=config.get("S3_ACCESS_KEY_ID") or None,
            aws_secret_access_key=config.get("S3_SECRET_ACCESS_KEY") or None,
            region_name=config.get("S3_REGION") or None,
        )

    def put(self, data: bytes) -> str:
        key = new_key()
        self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=data,
                               ContentType="application/octet-stream")
        return key

    def get(self, key: str) -> bytes:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)
        except self.client.exceptions.NoSuchKey as error:
            raise FileMissing(key) from error
        return response["Body"].read()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + key)


def get_storage() -> Storage:
    """The configured backend (one S3 client per app, created on first use)."""
    backend = current_app.config.get("STORAGE_BACKEND", "database")
    if backend == "database":
        return DatabaseStorage()
    if backend == "s3":
        cached = current_app.extensions.get("lms_s3_storage")
        if cached is None:
            cached = current_app.extensions["lms_s3_storage"] = S3Storage(current_app.config)
        return cached
    raise StorageError(f"Unknown STORAGE_BACKEND {backend!r} (use 'database' or 's3').")


def put(data: bytes) -> str:
    return get_storage().put(data)


def get(key: str) -> bytes:
    return get_storage().get(key)


def delete(key: str) -> None:
    get_storage().delete(key)
