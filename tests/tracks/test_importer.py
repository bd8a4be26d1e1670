"""Importing: idempotent, updates in place, keeps progress, archives removed lessons with work."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select

from lms.extensions import db
from lms.progress.models import LessonProgress
from lms.tracks.importer import TrackHasErrors, import_track
from lms.tracks.models import Lesson, Module, Track, TrackAsset, TrackVersion
from lms.tracks.parser import parse_track
from tests.factories.cohorts import complete
from tests.factories.tracks import FIXTURES, lesson


@contextmanager
def writes():
    """Collect the INSERT/UPDATE/DELETE statements run on the engine."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def reimport(folder, **kwargs):
    result = import_track(parse_track(folder), **kwargs)
    db.session.commit()
    return result


def test_first_import_creates_track_lessons_modules_assets_and_version(track):
    assert (track.slug, track.title, track.version) == ("good", "Good Track", 1)
    lessons = db.session.scalars(select(Lesson).where(Lesson.track_id == track.id).order_by(Lesson.position)).all()
    assert [l.slug for l in lessons] == ["intro", "basics", "inside", "homework", "check"]
    assert db.session.scalar(select(Module.title)) == "Going deeper"
    assert lessons[2].module.slug == "deeper"
    assets = db.session.scalars(select(TrackAsset.path).order_by(TrackAsset.path)).all()
    assert assets == ["fig/diagram.svg", "files/data.csv"]
    version = db.session.scalar(select(TrackVersion))
    assert (version.number, version.content_hash) == (1, track.content_hash)
    assert version.changes["added"] == ["intro", "basics", "inside", "homework", "check"]


def test_stored_html_links_to_lessons_and_assets(track):
    intro = lesson(track, "intro")
    assert 'href="/tracks/good/lessons/basics"' in intro.body_html
    assert 'href="/tracks/good/lessons/inside#deep-part"' in intro.body_html
    assert 'src="/tracks/good/assets/fig/diagram.svg"' in intro.body_html
    assert 'href="/tracks/good/assets/files/data.csv"' in intro.body_html
    assert "{:" not in intro.body_html
    assert 'src="/tracks/good/assets/fig/diagram.svg"' in track.overview_html
    assert lesson(track, "basics").toc == [{"level": 2, "id": "first-part", "title": "First part"}]


def test_quiz_texts_are_rendered_at_import(track):
    question = lesson(track, "check").spec["questions"][0]
    assert question["prompt_html"] == "Which is a <code>block</code> element?"
    assert question["explanation_html"] == "A div is a block."


def test_reimporting_an_unchanged_track_writes_nothing(track, good_folder):
    with writes() as statements:
        result = reimport(good_folder)
    assert result.status == "unchanged"
    assert statements == []
    assert db.session.scalar(select(func.count()).select_from(TrackVersion)) == 1


def test_changed_lesson_is_updated_in_place_and_keeps_progress(track, learner, good_folder):
    intro = lesson(track, "intro")
    complete(learner, intro)
    db.session.commit()
    path = good_folder / "01-intro.md"
    path.write_text(path.read_text().replace("Read [the basics]", "Now read [the basics]"))

    rendered = []
    result = reimport(good_folder, on_lesson=lambda parsed, did_render: rendered.append((parsed.slug, did_render)))

    assert result.status == "updated"
    assert result.changes == {"updated": ["intro"]}
    assert rendered == [("intro", True), ("basics", False), ("inside", False), ("homework", False), ("check", False)]
    db.session.expire_all()
    assert lesson(track, "intro").id == intro.id
    assert "Now read" in lesson(track, "intro").body_html
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 1
    assert track.version == 2
    version = db.session.scalar(select(TrackVersion).where(TrackVersion.number == 2))
    assert version.changes == {"updated": ["intro"]} and version.content_hash == track.content_hash


def test_removed_lesson_with_progress_is_archived_and_one_without_is_deleted(track, learner, good_folder):
    complete(learner, lesson(track, "basics"))
    (good_folder / "02-basics.md").unlink()
    (good_folder / "04-check.md").unlink()
    intro = good_folder / "01-intro.md"
    intro.write_text(intro.read_text().replace("Read [the basics](02-basics.md) next, or", "Or"))

    result = reimport(good_folder)

    assert result.changes["archived"] == ["basics"]
    assert result.changes["deleted"] == ["check"]
    db.session.expire_all()
    assert lesson(track, "basics").is_archived
    assert lesson(track, "check") is None
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 1


def test_archived_lesson_comes_back_when_restored(track, learner, good_folder, tmp_path):
    complete(learner, lesson(track, "basics"))
    saved = (good_folder / "02-basics.md").read_text()
    (good_folder / "02-basics.md").unlink()
    intro = good_folder / "01-intro.md"
    original = intro.read_text()
    intro.write_text(original.replace("Read [the basics](02-basics.md) next, or", "Or"))
    reimport(good_folder)
    (good_folder / "02-basics.md").write_text(saved)
    intro.write_text(original)

    result = reimport(good_folder)

    assert result.changes["restored"] == ["basics"]
    db.session.expire_all()
    assert not lesson(track, "basics").is_archived
    assert track.version == 3


def test_assets_are_added_updated_and_removed(track, good_folder):
    (good_folder / "files" / "data.csv").write_text("a,b\n3,4\n")
    (good_folder / "fig" / "extra.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = reimport(good_folder)
    assert result.changes["assets"] == {"added": ["fig/extra.png"], "updated": ["files/data.csv"]}
    (good_folder / "fig" / "extra.png").unlink()
    assert reimport(good_folder).changes["assets"] == {"deleted": ["fig/extra.png"]}
    csv = db.session.scalar(select(TrackAsset).where(TrackAsset.path == "files/data.csv"))
    assert csv.content == b"a,b\n3,4\n"


def test_track_with_errors_is_refused_and_nothing_is_written(app):
    parsed = parse_track(FIXTURES / "bad-lessons")
    with writes() as statements, pytest.raises(TrackHasErrors) as refused:
        import_track(parsed)
    assert statements == []
    assert len(refused.value.problems) == 10
    assert db.session.scalar(select(func.count()).select_from(Track)) == 0


def test_version_records_who_imported(app, admin, good_folder):
    result = import_track(parse_track(good_folder), actor=admin)
    db.session.commit()
    assert db.session.scalar(select(TrackVersion.imported_by_id)) == admin.id
    assert result.status == "created"


def test_plain_folder_imports(app):
    result = import_track(parse_track(FIXTURES / "plain"))
    db.session.commit()
    assert result.track.title == "Plain"
    assert 'href="/tracks/plain/lessons/setup"' in lesson(result.track, "intro").body_html
