"""Admins: the list of tracks, importing a track from a .zip (check, then confirm), version history."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext, lazy_gettext
from flask_login import current_user, login_required

from lms.auth import acting_user
from lms.extensions import db
from lms.permissions import can_manage_tracks, require
from lms.tracks import guide as authoring_guide, queries, uploads
from lms.tracks.forms import ConfirmForm, TrackUploadForm
from lms.tracks.importer import TrackHasErrors
from lms.tracks.views import admin_bp as bp
from lms.tracks.zipimport import UnsafeArchive, ZipLimits


@bp.before_request
@login_required
def _admins_only():
    require(can_manage_tracks(current_user), hide=True)


@bp.route("")
def index():
    return render_template("tracks/admin/index.html", rows=queries.admin_rows(), form=TrackUploadForm())


@bp.route("/upload", methods=["POST"])
def upload():
    form = TrackUploadForm()
    if not form.validate_on_submit():
        return render_template("tracks/admin/index.html", rows=queries.admin_rows(), form=form), 400
    stored = uploads.store_upload(form.archive.data.filename or "track.zip", form.archive.data.read(), acting_user())
    db.session.commit()
    return redirect(url_for("tracks_admin.preview", token=stored.token))


@bp.route("/uploads/<token>")
def preview(token: str):
    upload = uploads.find_upload(token)
    require(upload is not None, hide=True)
    return render_template("tracks/admin/preview.html", upload=upload, form=ConfirmForm(), **_checked(upload))


@bp.route("/uploads/<token>/import", methods=["POST"])
def confirm(token: str):
    upload = uploads.find_upload(token)
    require(upload is not None, hide=True)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("tracks_admin.preview", token=token))
    try:
        result = uploads.import_upload(upload, current_user, _limits())
    except (TrackHasErrors, UnsafeArchive):
        db.session.rollback()
        flash(gettext("The track was not imported: fix the problems below and upload it again."), "error")
        return redirect(url_for("tracks_admin.preview", token=token))
    db.session.commit()
    flash(_imported_message(result), "success")
    return redirect(url_for("tracks_admin.history", slug=result.track.slug))


@bp.route("/uploads/<token>/discard", methods=["POST"])
def discard(token: str):
    upload = uploads.find_upload(token)
    if upload is not None and ConfirmForm().validate_on_submit():
        uploads.discard_upload(upload)
        db.session.commit()
        flash(gettext("The upload was discarded."), "info")
    return redirect(url_for("tracks_admin.index"))


@bp.route("/help/authoring")  # two segments: never a track slug
def guide():
    html = authoring_guide.guide_html()
    if html is None:
        abort(404)
    return render_template("tracks/admin/guide.html", guide_html=html)


def _imported_message(result) -> str:
    title = result.track.title
    if result.status == "created":
        return gettext("Imported “%(title)s”: created, version %(version)s.", title=title, version=result.track.version)
    if result.status == "updated":
        return gettext("Imported “%(title)s”: updated, version %(version)s.", title=title, version=result.track.version)
    return gettext("Imported “%(title)s”: unchanged, version %(version)s.", title=title, version=result.track.version)


# Track fields as admins know them in the version history; developer-only ones are left out.
# Front-matter keys (slug, skills, level, completion...) are shown as written in track.md.
FIELD_LABELS = {"overview_html": lazy_gettext("overview"), "estimated_hours": lazy_gettext("estimated hours"),
                "title": lazy_gettext("title"), "summary": lazy_gettext("summary"),
                "language": lazy_gettext("language")}
DEVELOPER_FIELDS = {"source_path", "content_hash"}
# The kinds of change a version records (keys of TrackVersion.changes).
CHANGE_LABELS = {"track": lazy_gettext("track details"), "modules": lazy_gettext("modules"),
                 "assets": lazy_gettext("files"), "added": lazy_gettext("lessons added"),
                 "updated": lazy_gettext("lessons updated"), "restored": lazy_gettext("lessons restored"),
                 "moved": lazy_gettext("lessons moved"), "archived": lazy_gettext("lessons archived"),
                 "deleted": lazy_gettext("lessons deleted")}
ASSET_CHANGE_LABELS = {"added": lazy_gettext("files added"), "updated": lazy_gettext("files updated"),
                       "deleted": lazy_gettext("files deleted")}


def field_labels(fields: list[str]) -> list[str]:
    return [str(FIELD_LABELS.get(name, name)) for name in fields if name not in DEVELOPER_FIELDS]


def change_label(key: str, sub: str | None = None) -> str:
    """``assets`` + ``added`` -> "files added"; ``archived`` -> "lessons archived"; unknown keys as stored."""
    if sub is not None:
        label = ASSET_CHANGE_LABELS.get(sub) if key == "assets" else None
        return str(label) if label else f"{change_label(key)} {sub}"
    return str(CHANGE_LABELS.get(key, key))


@bp.route("/<slug>")
def history(slug: str):
    track = queries.track_by_slug(slug)
    require(track is not None, hide=True)
    return render_template("tracks/admin/history.html", track=track, versions=queries.versions_of(track),
                           field_labels=field_labels, change_label=change_label)


def _limits() -> ZipLimits:
    return ZipLimits.from_config(current_app.config)


def _checked(upload) -> dict:
    """Unpack and check an upload for the preview page."""
    try:
        with uploads.unpacked(upload, _limits()) as parsed:
            existing = queries.track_by_slug(parsed.slug)
            return {"parsed": parsed, "refusal": None, "existing": existing,
                    "unchanged": existing is not None and existing.content_hash == parsed.content_hash}
    except UnsafeArchive as error:
        return {"parsed": None, "refusal": str(error), "existing": None, "unchanged": False}
