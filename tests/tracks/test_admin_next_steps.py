"""After an import: a cohort of the track in one click, no developer fields, the authoring guide in the app."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.tracks import guide
from lms.tracks.models import Track, TrackUpload
from tests.factories.auth import make_user
from tests.tracks.test_zip_upload import upload, zip_folder


@pytest.fixture
def imported(client, auth, admin):
    auth.login_as(admin)
    upload(client, zip_folder("good"))
    response = client.post(f"/admin/tracks/uploads/{db.session.scalar(select(TrackUpload.token))}/import")
    assert response.status_code == 302
    return db.session.scalar(select(Track)), response.location


def test_import_result_offers_a_cohort_of_this_track_with_the_track_chosen(client, imported):
    track, location = imported
    page = client.get(location).get_data(as_text=True)
    assert "Imported “" in page and "Create a cohort of this track" in page
    link = re.search(r'href="([^"]*)">Create a cohort of this track', page).group(1)
    assert link == f"/admin/cohorts/new?track={track.id}"
    form = client.get(link).get_data(as_text=True)
    assert re.search(rf'<option selected value="{track.id}">|<option value="{track.id}" selected>', form), form


def test_cohort_form_ignores_an_unknown_or_odd_track(client, imported):
    assert client.get("/admin/cohorts/new?track=%00").status_code == 400  # refused before the view, not a 500
    for value in ["999999", "abc", "-1", ""]:
        response = client.get(f"/admin/cohorts/new?track={value}")
        assert response.status_code == 200
        assert "selected" not in response.get_data(as_text=True).split('name="track_id"')[1].split("</select>")[0]


def test_archived_track_offers_no_new_cohort(client, imported):
    track, location = imported
    track.is_archived = True
    db.session.commit()
    assert "Create a cohort of this track" not in client.get(location).get_data(as_text=True)


def test_track_pages_for_admins_hide_developer_fields(client, imported):
    track, location = imported
    assert track.source_path and track.overview_html  # stored, but not for admins to read
    page = client.get(location).get_data(as_text=True)
    for developer in ("overview_html", "source_path", track.source_path, "content_hash"):
        assert developer not in page
    assert re.search(r"<dt>track details</dt><dd>[^<]*\boverview\b", page)


def test_admin_reads_the_authoring_guide_in_the_app_linked_from_tracks_and_import(client, imported):
    page = client.get("/admin/tracks/help/authoring").get_data(as_text=True)
    assert "<h1" in page and "Authoring skill tracks" in page
    assert 'id="1-folder-layout"' in page and 'href="#1-folder-layout"' in page
    article = page.split("<article")[1].split("</article>")[0]
    assert "<script" not in article and "<input" not in article  # the checklist is text, not unlabelled boxes
    assert '<pre tabindex="0">' in article  # wide code blocks scroll with the keyboard too
    assert 'href="/admin/tracks/help/authoring"' in client.get("/admin/tracks").get_data(as_text=True)
    upload(client, zip_folder("good"))
    preview = client.get(f"/admin/tracks/uploads/{db.session.scalar(select(TrackUpload.token))}")
    assert 'href="/admin/tracks/help/authoring"' in preview.get_data(as_text=True)


def test_the_guide_is_for_admins_only(client, auth):
    auth.login_as(make_user())
    assert client.get("/admin/tracks/help/authoring").status_code == 404


def test_without_the_docs_folder_the_guide_is_not_found(client, auth, admin, monkeypatch, tmp_path):
    monkeypatch.setattr(guide, "GUIDE", tmp_path / "missing.md")
    auth.login_as(admin)
    assert client.get("/admin/tracks/help/authoring").status_code == 404
