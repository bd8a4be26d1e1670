"""File checks: allowed extensions, sizes, and content that must match the name."""
from __future__ import annotations

import io
import zipfile

import pytest

from lms.submissions.files import (
    DEFAULT_ALLOWED_EXTENSIONS,
    FileRejected,
    check_file,
    check_total,
    display_name,
    download_media_type,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20
GIF = b"GIF89a" + b"\x00" * 10
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 "
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 40


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def check(name, data, max_bytes=1000):
    return check_file(name, data, allowed_extensions=DEFAULT_ALLOWED_EXTENSIONS, max_bytes=max_bytes)


@pytest.mark.parametrize("name,data", [
    ("site.png", PNG), ("report.pdf", PDF), ("photo.JPG", JPEG), ("photo.jpeg", JPEG), ("anim.gif", GIF),
    ("image.webp", WEBP), ("notes.md", "# Héllo".encode()), ("data.csv", b"a,b\n1,2\n"), ("app.py", b"print(1)\n"),
    ("page.html", b"<h1>Hi</h1>"), ("style.css", b"body{}"), ("script.js", b"let a = 1;"), ("d.json", b"{}"),
    ("cv.docx", _zip()), ("sheet.xlsx", _zip()), ("deck.pptx", _zip()), ("text.odt", _zip()), ("code.zip", _zip()),
])
def test_genuine_files_are_accepted(name, data):
    assert check(name, data, max_bytes=10_000).size == len(data)


@pytest.mark.parametrize("name,data", [
    ("invoice.pdf", EXE), ("cat.png", b"<html><script>alert(1)</script></html>"), ("photo.jpg", PNG),
    ("cv.docx", PDF), ("notes.txt", b"text\x00with a NUL"), ("notes.md", b"\xff\xfe\xfdnot utf-8"),
    ("image.webp", PNG), ("page.html", EXE),
])
def test_disguised_files_are_refused_with_a_clear_message(name, data):
    with pytest.raises(FileRejected, match="content does not match"):
        check(name, data)


@pytest.mark.parametrize("name", ["virus.exe", "script.sh", "page.svg", "noextension", "archive.tar.gz"])
def test_extensions_outside_the_allow_list_are_refused(name):
    with pytest.raises(FileRejected, match="not accepted"):
        check(name, b"hello")


def test_a_file_over_the_per_file_limit_is_refused():
    with pytest.raises(FileRejected, match="at most 1000 bytes"):
        check("notes.txt", b"x" * 1001)


def test_totals_and_counts_are_limited():
    check_total([500, 500], max_total_bytes=1000, max_files=2)
    with pytest.raises(FileRejected, match="in total"):
        check_total([600, 500], max_total_bytes=1000, max_files=2)
    with pytest.raises(FileRejected, match="at most 2 files"):
        check_total([1, 1, 1], max_total_bytes=1000, max_files=2)


@pytest.mark.parametrize("raw,shown", [
    ("../../etc/passwd.txt", "passwd.txt"), ("C:\\Users\\me\\cv.pdf", "cv.pdf"), ("a\x00b\n.txt", "ab.txt"),
    ('<script>".png', "_script__.png"), ("", "file"), ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
])
def test_display_names_are_sanitised(raw, shown):
    assert display_name(raw) == shown


def test_only_safe_types_are_served_as_themselves():
    assert download_media_type("pdf") == "application/pdf"
    assert download_media_type("png") == "image/png"
    assert download_media_type("txt").startswith("text/plain")
    for extension in ("html", "js", "css", "svg", "json", "docx", "zip", "md"):
        assert download_media_type(extension) == "application/octet-stream"
