"""Admins upload a track .zip, see the check results, then confirm; unsafe archives are refused."""
from __future__ import annotations

import io
import os
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.database import utcnow
from lms.extensions import db
from lms.tracks.models import Track, TrackUpload
from lms.tracks.zipimport import UnsafeArchive, ZipLimits, extract_zip
from tests.factories.tracks import FIXTURES


def zip_folder(name: str, *, prefix: str | None = None) -> bytes:
    """The fixture folder ``name`` zipped, inside a folder ``prefix`` (default: its name)."""
    buffer = io.BytesIO()
    root = FIXTURES / name
    prefix = name if prefix is None else prefix
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                archive.write(path, os.path.join(prefix, path.relative_to(root).as_posix()))
    return buffer.getvalue()


def zip_entries(*entries: tuple[str | zipfile.ZipInfo, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(client, data: bytes, filename: str = "track.zip"):
    return client.post("/admin/tracks/upload", data={"archive": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


@pytest.fixture
def as_admin(client, auth, admin):
    auth.login_as(admin)
    return client


def test_good_upload_is_checked_then_imported_on_confirmation(as_admin):
    response = upload(as_admin, zip_folder("good"))
    assert response.status_code == 302
    stored = db.session.scalar(select(TrackUpload))
    assert response.location.endswith(f"/admin/tracks/uploads/{stored.token}")
    preview = as_admin.get(response.location).get_data(as_text=True)
    assert "0 errors" in preview and "a new track" in preview and "Import" in preview
    assert db.session.scalar(select(func.count()).select_from(Track)) == 0  # nothing yet

    confirmed = as_admin.post(f"/admin/tracks/uploads/{stored.token}/import")
    assert confirmed.status_code == 302 and confirmed.location.endswith("/admin/tracks/good")
    track = db.session.scalar(select(Track))
    assert (track.slug, track.version, track.source_path) == ("good", 1, "upload:track.zip")
    assert db.session.scalars(select(TrackUpload)).all() == []
    history = as_admin.get("/admin/tracks/good").get_data(as_text=True)
    assert "v1" in history and "intro" in history


def test_uploading_the_same_track_again_is_unchanged(as_admin):
    upload(as_admin, zip_folder("good"))
    as_admin.post(f"/admin/tracks/uploads/{db.session.scalar(select(TrackUpload.token))}/import")
    response = upload(as_admin, zip_folder("good", prefix=""), "good.zip")  # files at the top level
    preview = as_admin.get(response.location).get_data(as_text=True)
    assert "importing changes nothing" in preview


def test_upload_with_errors_shows_path_line_messages_and_cannot_be_imported(as_admin):
    response = upload(as_admin, zip_folder("bad-lessons"))
    preview = as_admin.get(response.location).get_data(as_text=True)
    assert "bad-lessons/01-intro.md:3: broken link to a lesson: 02-missing.md" in preview
    assert "bad-lessons/04-task.md:10: rubric criterion &#39;Empty&#39; has no levels" in preview
    assert "10 errors" in preview and "/import" not in preview
    token = db.session.scalar(select(TrackUpload.token))
    assert as_admin.post(f"/admin/tracks/uploads/{token}/import").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Track)) == 0


@pytest.mark.parametrize("entries, message", [
    ([("../evil.md", b"x")], "Refused “../evil.md”: paths with “..” are not allowed in the archive."),
    ([("track/../../evil.md", b"x")], "Refused “track/../../evil.md”: paths with “..” are not allowed"),
    ([("/etc/evil.md", b"x")], "Refused “/etc/evil.md”: absolute paths are not allowed in the archive."),
    ([("C:/evil.md", b"x")], "Refused “C:/evil.md”: absolute paths are not allowed in the archive."),
], ids=["dotdot", "nested-dotdot", "absolute", "drive"])
def test_paths_escaping_the_folder_are_refused(as_admin, entries, message):
    response = upload(as_admin, zip_entries(("track/track.md", b"---\ntitle: T\n---\n"), *entries))
    page = as_admin.get(response.location).get_data(as_text=True)
    assert message in page
    assert "/import" not in page


@pytest.mark.parametrize("name, message", [
    ("track/" + "a" * 300 + ".md", "a file or folder name is longer than 255 bytes"),
    ("track/" + "é" * 200 + ".md", "a file or folder name is longer than 255 bytes"),
    ("track/" + "a/" * 40 + "deep.md", "folders are nested more than 32 deep"),
    ("track/" + "a/" * 3000 + "deep.md", "folders are nested more than 32 deep"),
    ("track/" + ("b" * 200 + "/") * 6 + "long.md", "the path is longer than 1024 bytes"),
], ids=["long-name", "long-utf8-name", "deep", "very-deep", "long-path"])
def test_over_long_names_and_extreme_nesting_are_refused(as_admin, name, message):
    response = upload(as_admin, zip_entries(("track/track.md", b"---\ntitle: T\n---\n"), (name, b"# L\n")))
    page = as_admin.get(response.location)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f": {message}." in text and "Refused “track/" in text and "/import" not in text
    assert len(text) < 20_000, "the refused name is shortened on the page"


def test_symbolic_links_are_refused(as_admin):
    link = zipfile.ZipInfo("track/fig/passwd")
    link.external_attr = (0o120777 << 16)
    response = upload(as_admin, zip_entries(("track/track.md", b"---\ntitle: T\n---\n"), (link, b"/etc/passwd")))
    assert "Refused “track/fig/passwd”: symbolic links are not allowed in the archive." in \
        as_admin.get(response.location).get_data(as_text=True)


def test_too_many_entries_are_refused(as_admin, app):
    app.config["TRACK_UPLOAD_MAX_ENTRIES"] = 5
    data = zip_entries(*[(f"track/{i:02d}-l.md", b"# L\n") for i in range(6)])
    response = upload(as_admin, data)
    assert "The archive has 6 entries; the limit is 5." in as_admin.get(response.location).get_data(as_text=True)


def test_too_large_archives_are_refused_while_unpacking(as_admin, app):
    app.config["TRACK_UPLOAD_MAX_TOTAL_BYTES"] = 3000
    data = zip_entries(("track/track.md", b"---\ntitle: T\n---\n"), ("track/fig/a.bin", os.urandom(2000)),
                       ("track/fig/b.bin", os.urandom(2000)))
    response = upload(as_admin, data)
    assert "The archive unpacks to more than 0.00286102 MB; that is the limit." in \
        as_admin.get(response.location).get_data(as_text=True)


def test_files_over_the_per_file_limit_are_refused(tmp_path):
    data = zip_entries(("track/fig/big.bin", os.urandom(5000)))
    with pytest.raises(UnsafeArchive, match="“track/fig/big.bin” is larger than"):
        extract_zip(data, tmp_path, ZipLimits(max_file_bytes=4096))


def test_zip_bombs_are_refused_by_compression_ratio(tmp_path):
    data = zip_entries(("track/bomb.md", b"\0" * (3 * 1024 * 1024)))
    with pytest.raises(UnsafeArchive, match="compressed more than 100 to 1, which looks like a zip bomb"):
        extract_zip(data, tmp_path)


def test_sizes_are_counted_not_taken_from_headers(tmp_path):
    data = bytearray(zip_entries(("track/a.md", os.urandom(5000))))
    # Lie in the central directory: claim the file is 10 bytes.
    index = data.rfind(b"PK\x01\x02")
    data[index + 24:index + 28] = (10).to_bytes(4, "little")
    with pytest.raises(UnsafeArchive):
        extract_zip(bytes(data), tmp_path, ZipLimits(max_file_bytes=4096))


def test_not_a_zip_and_two_tracks_are_refused(as_admin):
    page = as_admin.get(upload(as_admin, b"not a zip").location).get_data(as_text=True)
    assert "The file is not a valid .zip archive." in page
    both = zip_entries(("a/track.md", b"---\ntitle: A\n---\n"), ("b/track.md", b"---\ntitle: B\n---\n"))
    page = as_admin.get(upload(as_admin, both).location).get_data(as_text=True)
    assert "The archive contains 2 track folders (a, b); upload one track at a time." in page


def test_upload_form_requires_a_zip(as_admin):
    response = as_admin.post("/admin/tracks/upload", data={"archive": (io.BytesIO(b"x"), "track.tar")},
                             content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Upload a .zip file of one track folder." in response.get_data(as_text=True)


def test_old_uploads_are_removed_and_expired_tokens_are_404(as_admin):
    upload(as_admin, zip_folder("good"))
    old = db.session.scalar(select(TrackUpload))
    old.created_at = utcnow() - timedelta(days=2)
    token = old.token
    db.session.commit()
    assert as_admin.get(f"/admin/tracks/uploads/{token}").status_code == 404
    upload(as_admin, zip_folder("plain"))
    assert db.session.scalar(select(func.count()).select_from(TrackUpload)) == 1


def test_discarding_an_upload(as_admin):
    upload(as_admin, zip_folder("good"))
    token = db.session.scalar(select(TrackUpload.token))
    assert as_admin.post(f"/admin/tracks/uploads/{token}/discard").status_code == 302
    assert db.session.scalars(select(TrackUpload)).all() == []


def test_only_admins_reach_track_administration(client, auth, learner, track):
    assert client.get("/admin/tracks").status_code == 302  # anonymous: sign in first
    auth.login_as(learner)
    assert client.get("/admin/tracks").status_code == 404
    assert upload(client, zip_folder("good")).status_code == 404
    assert client.get("/admin/tracks/good").status_code == 404


def test_admin_list_shows_counts_and_last_import(as_admin, track, learner):
    page = as_admin.get("/admin/tracks").get_data(as_text=True)
    assert "Good Track" in page and "v1" in page
    assert '<td class="num">5</td>' in page and '<td class="num">1</td>' in page
    assert "UTC" in page
