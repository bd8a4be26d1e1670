"""Unpacking an uploaded track .zip safely, for the parser to read.

Refused, each with a message an admin understands: entries with absolute paths or
``..``, names longer than 255 bytes, paths longer than 1024 bytes or deeper than 32
folders, symbolic links, encrypted entries, more than ``max_entries`` entries, any file
larger than ``max_file_bytes`` or all files together larger than ``max_total_bytes``
(counted while decompressing, never trusting the headers), and entries that compress
better than ``max_ratio`` to one (zip bombs).
"""
from __future__ import annotations

import io
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lms.errors import DomainError
from lms.tracks.layout import find_tracks

_CHUNK = 64 * 1024
_IGNORED_PREFIXES = ("__MACOSX/",)
_IGNORED_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
MAX_NAME_BYTES = 255   # one file or folder name (the file systems' limit)
MAX_PATH_BYTES = 1024  # the whole path inside the archive (PATH_MAX is 4096, the temporary folder adds some)
MAX_DEPTH = 32         # folders inside folders


class UnsafeArchive(DomainError):
    """The archive was refused; the message says why."""


@dataclass(frozen=True)
class ZipLimits:
    max_entries: int = 2000
    max_total_bytes: int = 50 * 1024 * 1024
    max_file_bytes: int = 10 * 1024 * 1024
    max_ratio: int = 100
    # Tiny files may compress extremely well (a file of spaces); the ratio applies above this.
    ratio_floor_bytes: int = 1024 * 1024

    @classmethod
    def from_config(cls, config) -> ZipLimits:
        return cls(max_entries=config.get("TRACK_UPLOAD_MAX_ENTRIES", cls.max_entries),
                   max_total_bytes=config.get("TRACK_UPLOAD_MAX_TOTAL_BYTES", cls.max_total_bytes),
                   max_file_bytes=config.get("TRACK_UPLOAD_MAX_FILE_BYTES", cls.max_file_bytes),
                   max_ratio=config.get("TRACK_UPLOAD_MAX_RATIO", cls.max_ratio))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def _shown(name: str) -> str:
    """An entry's name for a message: a name may be 64 KB long."""
    return name if len(name) <= 120 else f"{name[:60]}…{name[-40:]}"


def safe_member_path(name: str) -> PurePosixPath:
    """The entry's relative path, or :class:`UnsafeArchive` when it could escape the folder
    or could not be unpacked (a name or path longer, or folders deeper, than allowed)."""
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        raise UnsafeArchive(f"Refused “{_shown(name)}”: absolute paths are not allowed in the archive.")
    parts = [part for part in normalised.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise UnsafeArchive(f"Refused “{_shown(name)}”: paths with “..” are not allowed in the archive.")
    if any("\0" in part for part in parts):
        raise UnsafeArchive(f"Refused “{_shown(name)}”: the name is not valid.")
    # Past these the file system refuses the name (ENAMETOOLONG) or walking the
    # folders recurses too deep; no track needs anything near them.
    if any(len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES for part in parts):
        raise UnsafeArchive(f"Refused “{_shown(name)}”: a file or folder name is longer than "
                            f"{MAX_NAME_BYTES} bytes.")
    if len(parts) > MAX_DEPTH:
        raise UnsafeArchive(f"Refused “{_shown(name)}”: folders are nested more than {MAX_DEPTH} deep.")
    if len("/".join(parts).encode("utf-8", "surrogatepass")) > MAX_PATH_BYTES:
        raise UnsafeArchive(f"Refused “{_shown(name)}”: the path is longer than {MAX_PATH_BYTES} bytes.")
    return PurePosixPath(*parts) if parts else PurePosixPath(".")


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def extract_zip(data: bytes, destination: Path, limits: ZipLimits = ZipLimits()) -> None:
    """Unpack ``data`` into the (empty, temporary) ``destination`` or raise :class:`UnsafeArchive`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise UnsafeArchive("The file is not a valid .zip archive.") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_entries:
            raise UnsafeArchive(f"The archive has {len(infos):,} entries; the limit is {limits.max_entries:,}.")
        seen: set[str] = set()
        total = 0
        for info in infos:
            path = safe_member_path(info.filename)
            if _is_symlink(info):
                raise UnsafeArchive(f"Refused “{info.filename}”: symbolic links are not allowed in the archive.")
            if info.flag_bits & 0x1:
                raise UnsafeArchive(f"Refused “{info.filename}”: encrypted entries are not supported.")
            if info.is_dir() or str(path) == "." or _ignored(info.filename):
                continue
            key = str(path).lower()
            if key in seen:
                raise UnsafeArchive(f"Refused “{info.filename}”: the archive contains it twice.")
            seen.add(key)
            total = _extract_one(archive, info, destination / path, total, limits)


def _ignored(name: str) -> bool:
    return name.startswith(_IGNORED_PREFIXES) or name.rsplit("/", 1)[-1] in _IGNORED_NAMES


def _extract_one(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, total: int,
                 limits: ZipLimits) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    try:
        with archive.open(info) as source, open(target, "xb") as out:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                total += len(chunk)
                if written > limits.max_file_bytes:
                    raise UnsafeArchive(f"“{info.filename}” is larger than {_megabytes(limits.max_file_bytes)} "
                                        "once unpacked; the limit per file is "
                                        f"{_megabytes(limits.max_file_bytes)}.")
                if total > limits.max_total_bytes:
                    raise UnsafeArchive(f"The archive unpacks to more than {_megabytes(limits.max_total_bytes)}; "
                                        "that is the limit.")
                if written > limits.ratio_floor_bytes and written > limits.max_ratio * max(info.compress_size, 1):
                    raise UnsafeArchive(f"Refused “{info.filename}”: it is compressed more than "
                                        f"{limits.max_ratio} to 1, which looks like a zip bomb.")
                out.write(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as error:
        raise UnsafeArchive(f"Could not unpack “{info.filename}”: {error}.") from None
    except FileExistsError:
        raise UnsafeArchive(f"Refused “{info.filename}”: the archive contains it twice.") from None
    except (NotADirectoryError, IsADirectoryError):
        raise UnsafeArchive(f"Refused “{info.filename}”: a file and a folder have the same name.") from None
    return total


def track_root(destination: Path) -> Path:
    """The one track folder of an unpacked archive (its top level, or its only folder)."""
    found = find_tracks(destination)
    if not found:
        raise UnsafeArchive("The archive contains no track: expected a folder with track.md "
                            "(or a Carpentries lesson, or Markdown lessons).")
    if len(found) > 1:
        names = ", ".join(p.name for p in found[:5])
        raise UnsafeArchive(f"The archive contains {len(found)} track folders ({names}); upload one track at a time.")
    return found[0]
