"""Track images and files: served from the database with safe headers, only to readers of the track."""
from __future__ import annotations

from sqlalchemy import select

from lms.extensions import db
from lms.tracks.models import TrackAsset

SVG = "/tracks/good/assets/fig/diagram.svg"


def test_svg_is_served_as_an_image_that_cannot_run_script(client, auth, learner, track):
    auth.login_as(learner)
    response = client.get(SVG)
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data.startswith(b"<svg")


def test_assets_have_an_etag_and_answer_304_when_unchanged(client, auth, learner, track):
    auth.login_as(learner)
    response = client.get(SVG)
    stored = db.session.scalar(select(TrackAsset.content_hash).where(TrackAsset.path == "fig/diagram.svg"))
    assert response.headers["ETag"] == f'"{stored}"'
    assert "private" in response.headers["Cache-Control"]
    again = client.get(SVG, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_csv_is_shown_as_text(client, auth, learner, track):
    auth.login_as(learner)
    response = client.get("/tracks/good/assets/files/data.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.data == b"a,b\n1,2\n"


def test_html_files_download_instead_of_rendering(client, auth, learner, track):
    db.session.add(TrackAsset(track_id=track.id, path="files/page.html", media_type="text/html",
                              content=b"<script>alert(1)</script>", content_hash="abc"))
    db.session.commit()
    auth.login_as(learner)
    response = client.get("/tracks/good/assets/files/page.html")
    assert response.mimetype == "application/octet-stream"
    assert response.headers["Content-Disposition"] == "attachment; filename=\"page.html\"; filename*=UTF-8''page.html"


def test_unknown_asset_is_404_and_outsiders_cannot_fetch(client, auth, learner, outsider, track):
    auth.login_as(learner)
    assert client.get("/tracks/good/assets/fig/none.svg").status_code == 404
    assert client.get("/tracks/good/assets/../track.md").status_code == 404
    auth.login_as(outsider)
    assert client.get(SVG).status_code == 404


def test_anonymous_is_sent_to_login(client, track):
    assert client.get(SVG).status_code == 302
