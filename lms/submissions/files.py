"""Checking uploaded files: the extension must be allowed AND the content must match it.

Pure functions on plain data (a name and the bytes), so they are tested without HTTP.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from babel.units import format_unit
from flask_babel import get_locale, gettext, lazy_gettext, ngettext

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

# "“notes.pdf” is not really a PDF: ..." (one whole sentence per kind, for the translators).
_NOT_REALLY = {
    "pdf": lazy_gettext("“%(name)s” is not really a PDF: its content does not match its .%(extension)s name. "
                        "Please upload the original file."),
    "image": lazy_gettext("“%(name)s” is not really a %(kind)s image: its content does not match its "
                          ".%(extension)s name. Please upload the original file."),
    "zip": lazy_gettext("“%(name)s” is not really a ZIP archive: its content does not match its .%(extension)s "
                        "name. Please upload the original file."),
    "docx": lazy_gettext("“%(name)s” is not really a Word document: its content does not match its "
                         ".%(extension)s name. Please upload the original file."),
    "xlsx": lazy_gettext("“%(name)s” is not really an Excel workbook: its content does not match its "
                         ".%(extension)s name. Please upload the original file."),
    "pptx": lazy_gettext("“%(name)s” is not really a PowerPoint file: its content does not match its "
                         ".%(extension)s name. Please upload the original file."),
    "odt": lazy_gettext("“%(name)s” is not really an OpenDocument text: its content does not match its "
                        ".%(extension)s name. Please upload the original file."),
    "text": lazy_gettext("“%(name)s” is not really a UTF-8 text file: its content does not match its "
                         ".%(extension)s name. Please upload the original file."),
    "other": lazy_gettext("The content of “%(name)s” does not match its .%(extension)s name. "
                          "Please upload the original file."),
}
_IMAGE_KINDS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF", "webp": "WebP"}


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
        raise FileRejected(gettext("“%(name)s”: files of this type are not accepted. Allowed: %(types)s.",
                                   name=name, types=listed))
    if len(data) > max_bytes:
        raise FileRejected(gettext("“%(name)s” is %(size)s; each file may be at most %(limit)s.",
                                   name=name, size=human_size(len(data)), limit=human_size(max_bytes)))
    if not data:
        raise FileRejected(gettext("“%(name)s” is empty.", name=name))
    if not content_matches(extension, data):
        kind = ("text" if extension in TEXT_EXTENSIONS else "image" if extension in _IMAGE_KINDS
                else extension if extension in _NOT_REALLY else "other")
        raise FileRejected(str(_NOT_REALLY[kind]) % {"name": name, "extension": extension,
                                                      "kind": _IMAGE_KINDS.get(extension, "")})
    return CheckedFile(filename=name, extension=extension, size=len(data))


def check_total(sizes: list[int], *, max_total_bytes: int, max_files: int, per: str = "attempt") -> None:
    """``per`` is ``"attempt"`` (a hand-in) or ``"message"`` (an ask, a reply, a post)."""
    if len(sizes) > max_files:
        if per == "message":
            raise FileRejected(ngettext("You can attach at most %(num)d file per message.",
                                        "You can attach at most %(num)d files per message.", max_files))
        raise FileRejected(ngettext("You can hand in at most %(num)d file per attempt.",
                                    "You can hand in at most %(num)d files per attempt.", max_files))
    if sum(sizes) > max_total_bytes:
        total, limit = human_size(sum(sizes)), human_size(max_total_bytes)
        if per == "message":
            raise FileRejected(gettext("These files add up to %(total)s; one message may be at most %(limit)s "
                                       "in total.", total=total, limit=limit))
        raise FileRejected(gettext("These files add up to %(total)s; one attempt may be at most %(limit)s "
                                   "in total.", total=total, limit=limit))


def download_media_type(extension: str) -> str:
    return _SAFE_MEDIA_TYPES.get(extension, "application/octet-stream")


def human_size(size: int) -> str:
    """``100 bytes``, ``12 kB``, ``2.5 MB`` in the reader's language (CLDR units)."""
    locale = str(get_locale() or "en")
    if size < 1024:
        return format_unit(size, "digital-byte", length="long", format="0", locale=locale)
    if size < 1024 * 1024:
        return format_unit(round(size / 1024), "digital-kilobyte", length="short", format="#,##0", locale=locale)
    return format_unit(round(size / (1024 * 1024), 1), "digital-megabyte", length="short", format="#,##0.#",
                       locale=locale)
