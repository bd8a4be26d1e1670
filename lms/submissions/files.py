"""Checking uploaded files: the extension must be allowed AND the content must match it.

Pure functions on plain data (a name and the bytes), so they are tested without HTTP.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

DEFAULT_ALLOWED_EXTENSIONS = (
    "pdf", "png", "jpg", "jpeg", "gif", "webp", "txt", "md", "csv", "zip",
    "docx", "xlsx", "pptx", "odt", "html", "css", "js", "py", "json",
)

TEXT_EXTENSIONS = frozenset({"txt", "md", "csv", "html", "css", "js", "py", "json"})
ZIP_EXTENSIONS = frozenset({"zip", "docx", "xlsx", "pptx", "odt"})
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header, or an empty archive
_MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
}

# What a browser is told a download is; anything else is application/octet-stream.
_SAFE_MEDIA_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "txt": "text/plain; charset=utf-8",
}

_KIND_NAMES = {
    "pdf": "a PDF", "png": "a PNG image", "jpg": "a JPEG image", "jpeg": "a JPEG image",
    "gif": "a GIF image", "webp": "a WebP image", "zip": "a ZIP archive", "docx": "a Word document",
    "xlsx": "an Excel workbook", "pptx": "a PowerPoint file", "odt": "an OpenDocument text",
}


class FileRejected(ValueError):
    """The file may not be handed in; the message says why, for the learner."""


@dataclass(frozen=True)
class CheckedFile:
    filename: str   # safe to display
    extension: str  # lower case, without the dot
    size: int


def extension_of(filename: str) -> str:
    _, dot, ext = filename.rpartition(".")
    return ext.lower() if dot else ""


def display_name(filename: str, max_length: int = 120) -> str:
    """A name to show people: no path, no control or odd characters, not too long."""
    name = unicodedata.normalize("NFC", filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] not in {"C"})
    name = re.sub(r"[<>:\"|?*]", "_", name).strip(" .")
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:10]
        name = (stem[: max_length - len(ext) - 1] + "." + ext) if dot else name[:max_length]
    return name or "file"


def content_matches(extension: str, data: bytes) -> bool:
    """True when the bytes look like what the extension promises."""
    if extension in TEXT_EXTENSIONS:
        if b"\x00" in data:
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    if extension in ZIP_EXTENSIONS:
        return data.startswith(_ZIP_MAGIC)
    if extension == "webp":
        return len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    return any(data.startswith(magic) for magic in _MAGIC.get(extension, ()))


def check_file(filename: str, data: bytes, *, allowed_extensions, max_bytes: int) -> CheckedFile:
    """Accept a file or raise ``FileRejected`` with a message naming the file."""
    name = display_name(filename)
    extension = extension_of(name)
    allowed = {e.lower().lstrip(".") for e in allowed_extensions}
    if extension not in allowed:
        listed = ", ".join(sorted(allowed))
        raise FileRejected(f"“{name}”: files of this type are not accepted. Allowed: {listed}.")
    if len(data) > max_bytes:
        raise FileRejected(f"“{name}” is {human_size(len(data))}; each file may be at most "
                           f"{human_size(max_bytes)}.")
    if not data:
        raise FileRejected(f"“{name}” is empty.")
    if not content_matches(extension, data):
        expected = "a UTF-8 text file" if extension in TEXT_EXTENSIONS else _KIND_NAMES.get(extension, extension)
        raise FileRejected(f"“{name}” is not really {expected}: its content does not match "
                           f"its .{extension} name. Please upload the original file.")
    return CheckedFile(filename=name, extension=extension, size=len(data))


def check_total(sizes: list[int], *, max_total_bytes: int, max_files: int, per: str = "attempt") -> None:
    if len(sizes) > max_files:
        raise FileRejected(f"You can hand in at most {max_files} files per {per}.")
    if sum(sizes) > max_total_bytes:
        raise FileRejected(f"These files add up to {human_size(sum(sizes))}; one {per} may be at most "
                           f"{human_size(max_total_bytes)} in total.")


def download_media_type(extension: str) -> str:
    return _SAFE_MEDIA_TYPES.get(extension, "application/octet-stream")


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
