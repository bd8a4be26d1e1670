"""The archive's manifest: what a backup holds, and the checks a restore makes before touching anything.

An archive is a ``.tar.gz`` holding ``manifest.json`` first, then the database dump
(``database.sqlite`` or ``database.pgdump``), then one member per stored file
(``files/000001`` ...; the storage key is in the manifest, never in a member's name).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import IO

FORMAT = "lms-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DUMP_NAMES = {"sqlite": "database.sqlite", "postgresql": "database.pgdump"}
_FILE_MEMBER = re.compile(r"files/\d{6,}")
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why, for an administrator."""


@dataclass
class Member:
    """One member of the archive besides the manifest, with what it must hash to."""

    name: str
    size: int
    sha256: str


@dataclass
class StoredFileEntry(Member):
    key: str = ""
    created_at: str | None = None


@dataclass
class Manifest:
    created_at: str
    schema_revision: str | None
    dialect: str
    database: Member
    tables: dict[str, int]
    files: list[StoredFileEntry] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)
    pg_schema: str | None = None
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def members(self) -> list[Member]:
        return [self.database, *self.files]

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        """Read and check a manifest; anything unexpected is a ``BackupError`` naming the problem."""
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, ValueError) as error:
            raise BackupError(f"{MANIFEST_NAME} is not valid JSON ({error}).") from error
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError(f"{MANIFEST_NAME} does not describe an LMS backup.")
        if data.get("format_version") != FORMAT_VERSION:
            raise BackupError(f"The archive's format version is {data.get('format_version')!r}; "
                              f"this version of the LMS reads format version {FORMAT_VERSION} only.")
        try:
            manifest = cls(**{**data, "database": Member(**data["database"]),
                              "files": [StoredFileEntry(**entry) for entry in data["files"]]})
        except (KeyError, TypeError) as error:
            raise BackupError(f"{MANIFEST_NAME} is incomplete or malformed ({error}).") from error
        manifest._check()
        return manifest

    def _check(self) -> None:
        if self.dialect not in DUMP_NAMES or self.database.name != DUMP_NAMES[self.dialect]:
            raise BackupError(f"{MANIFEST_NAME} names an unknown database dump ({self.dialect!r}).")
        names = [member.name for member in self.files]
        if len(set(names)) != len(names) or not all(_FILE_MEMBER.fullmatch(name) for name in names):
            raise BackupError(f"{MANIFEST_NAME} lists files under unexpected names.")
        for member in self.members():
            if not isinstance(member.size, int) or member.size < 0 or not re.fullmatch(r"[0-9a-f]{64}",
                                                                                       str(member.sha256)):
                raise BackupError(f"{MANIFEST_NAME} has no valid size and checksum for {member.name}.")
        if not isinstance(self.tables, dict) or not all(isinstance(n, int) for n in self.tables.values()):
            raise BackupError(f"{MANIFEST_NAME} has malformed table row counts.")


def copy_hashing(source: IO[bytes], target: IO[bytes], *, limit: int | None = None) -> tuple[int, str]:
    """Copy a stream, returning its size and SHA-256; stops one byte past ``limit`` (a member that lies)."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(_CHUNK if limit is None else min(_CHUNK, limit + 1 - size)):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
        if limit is not None and size > limit:
            break
    return size, digest.hexdigest()


def len_and_sha256(source: IO[bytes]) -> tuple[int, str]:
    digest = hashlib.file_digest(source, "sha256")
    source.seek(0, 2)
    return source.tell(), digest.hexdigest()
