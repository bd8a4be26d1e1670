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

from flask_babel import gettext

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
    return gettext("%(size)s MB", size=f"{size / (1024 * 1024):g}")


def _shown(name: str) -> str:
    """An entry's name for a message: a name may be 64 KB long."""
    return name if len(name) <= 120 else f"{name[:60]}…{name[-40:]}"


def safe_member_path(name: str) -> PurePosixPath:
    """The entry's relative path, or :class:`UnsafeArchive` when it could escape the folder
    or could not be unpacked (a name or path longer, or folders deeper, than allowed)."""
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        raise UnsafeArchive(gettext("Refused “%(name)s”: absolute paths are not allowed in the archive.",
                                    name=_shown(name)))
    parts = [part for part in normalised.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise UnsafeArchive(gettext("Refused “%(name)s”: paths with “..” are not allowed in the archive.",
                                    name=_shown(name)))
    if any("\0" in part for part in parts):
        raise UnsafeArchive(gettext("Refused “%(name)s”: the name is not valid.", name=_shown(name)))
    # Past these the file system refuses the name (ENAMETOOLONG) or walking the
    # folders recurses too deep; no track needs anything near them.
    if any(len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES for part in parts):
        raise UnsafeArchive(gettext("Refused “%(name)s”: a file or folder name is longer than %(limit)s bytes.",
                                    name=_shown(name), limit=MAX_NAME_BYTES))
    if len(parts) > MAX_DEPTH:
        raise UnsafeArchive(gettext("Refused “%(name)s”: folders are nested more than %(limit)s deep.",
                                    name=_shown(name), limit=MAX_DEPTH))
    if len("/".join(parts).encode("utf-8", "surrogatepass")) > MAX_PATH_BYTES:
        raise UnsafeArchive(gettext("Refused “%(name)s”: the path is longer than %(limit)s bytes.",
                                    name=_shown(name), limit=MAX_PATH_BYTES))
    return PurePosixPath(*parts) if parts else PurePosixPath(".")


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def extract_zip(data: bytes, destination: Path, limits: ZipLimits = ZipLimits()) -> None:
    """Unpack ``data`` into the (empty, temporary) ``destination`` or raise :class:`UnsafeArchive`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise UnsafeArchive(gettext("The file is not a valid .zip archive.")) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_entries:
            raise UnsafeArchive(gettext("The archive has %(count)s entries; the limit is %(limit)s.",
                                        count=f"{len(infos):,}", limit=f"{limits.max_entries:,}"))
        seen: set[str] = set()
        total = 0
        for info in infos:
            path = safe_member_path(info.filename)
            if _is_symlink(info):
                raise UnsafeArchive(gettext("Refused “%(name)s”: symbolic links are not allowed in the archive.",
                                            name=info.filename))
            if info.flag_bits & 0x1:
                raise UnsafeArchive(gettext("Refused “%(name)s”: encrypted entries are not supported.",
                                            name=info.filename))
            if info.is_dir() or str(path) == "." or _ignored(info.filename):
                continue
            key = str(path).lower()
            if key in seen:
                raise UnsafeArchive(gettext("Refused “%(name)s”: the archive contains it twice.", name=info.filename))
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
                    raise UnsafeArchive(gettext("“%(name)s” is larger than %(size)s once unpacked; the limit per file "
                                                "is %(size)s.", name=info.filename,
                                                size=_megabytes(limits.max_file_bytes)))
                if total > limits.max_total_bytes:
                    raise UnsafeArchive(gettext("The archive unpacks to more than %(size)s; that is the limit.",
                                                size=_megabytes(limits.max_total_bytes)))
                if written > limits.ratio_floor_bytes and written > limits.max_ratio * max(info.compress_size, 1):
                    raise UnsafeArchive(gettext("Refused “%(name)s”: it is compressed more than %(ratio)s to 1, "
                                                "which looks like a zip bomb.", name=info.filename,
                                                ratio=limits.max_ratio))
                out.write(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as error:
        raise UnsafeArchive(gettext("Could not unpack “%(name)s”: %(error)s.", name=info.filename,
                                    error=error)) from None
    except FileExistsError:
        raise UnsafeArchive(gettext("Refused “%(name)s”: the archive contains it twice.",
                                    name=info.filename)) from None
    except (NotADirectoryError, IsADirectoryError):
        raise UnsafeArchive(gettext("Refused “%(name)s”: a file and a folder have the same name.",
                                    name=info.filename)) from None
    return total


def track_root(destination: Path) -> Path:
    """The one track folder of an unpacked archive (its top level, or its only folder)."""
    found = find_tracks(destination)
    if not found:
        raise UnsafeArchive(gettext("The archive contains no track: expected a folder with track.md "
                                    "(or a Carpentries lesson, or Markdown lessons)."))
    if len(found) > 1:
        names = ", ".join(p.name for p in found[:5])
        raise UnsafeArchive(gettext("The archive contains %(count)s track folders (%(names)s); upload one track "
                                    "at a time.", count=len(found), names=names))
    return found[0]
