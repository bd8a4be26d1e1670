"""``flask tracks check|import|list``."""
from __future__ import annotations

from sqlalchemy import func, select

from lms.extensions import db
from lms.tracks.models import Track


def test_check_prints_problems_and_summary_and_fails_on_errors(runner, fixtures):
    result = runner.invoke(args=["tracks", "check", "bad-yaml", "no-title"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "bad-yaml/01-broken.md:5: YAML syntax error: expected <block end>, but found '<block sequence start>'",
        "bad-yaml/02-unclosed.md:1: front matter is not closed (no second --- line)",
        "no-title/track.md:1: missing title",
        "2 tracks, 3 lessons: 3 errors, 0 warnings",
    ]


def test_check_succeeds_with_warnings_only(runner, fixtures):
    result = runner.invoke(args=["tracks", "check", "plain", "good"])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "2 tracks, 7 lessons: 0 errors, 3 warnings"


def test_check_finds_tracks_in_a_folder_of_tracks(runner, tmp_path):
    from tests.factories.tracks import copy_fixture

    copy_fixture("good", tmp_path / "courses")
    copy_fixture("plain", tmp_path / "courses")
    result = runner.invoke(args=["tracks", "check", str(tmp_path / "courses")])
    assert result.exit_code == 0
    assert f"{tmp_path}/courses/plain/intro.md:2: warning: unknown key 'author' (ignored)" in result.output


def test_check_does_not_touch_the_database(runner, fixtures, app):
    from tests.tracks.test_importer import writes

    with writes() as statements:
        runner.invoke(args=["tracks", "check", "good"])
    assert statements == []


def test_check_reports_a_path_without_tracks(runner, tmp_path):
    result = runner.invoke(args=["tracks", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path}:1: no track found" in result.output


def test_import_then_reimport_says_unchanged(runner, good_folder):
    first = runner.invoke(args=["tracks", "import", str(good_folder)])
    assert first.exit_code == 0, first.output
    assert "good: created version 1" in first.output
    assert "  01-intro.md" in first.output  # a line per lesson when not on a terminal
    second = runner.invoke(args=["tracks", "import", str(good_folder)])
    assert second.output.strip() == "good: unchanged (version 1)"
    listing = runner.invoke(args=["tracks", "list"])
    assert listing.output.strip() == "good\tv1\t5 lessons\tGood Track"


def test_import_refuses_a_track_with_errors(runner, fixtures):
    result = runner.invoke(args=["tracks", "import", "bad-lessons", "plain"])
    assert result.exit_code == 1
    assert "bad-lessons/01-intro.md:3: broken link to a lesson: 02-missing.md" in result.output
    assert "bad-lessons: refused (10 errors); nothing imported" in result.output
    assert "plain: created version 1" in result.output
    assert db.session.scalars(select(Track.slug)).all() == ["plain"]
    assert db.session.scalar(select(func.count()).select_from(Track)) == 1


def test_two_folders_with_one_track_slug_are_an_error(runner, tmp_path):
    from tests.factories.tracks import copy_fixture

    copy_fixture("plain", tmp_path / "a")
    copy_fixture("plain", tmp_path / "b")
    result = runner.invoke(args=["tracks", "check", str(tmp_path / "a" / "plain"), str(tmp_path / "b" / "plain")])
    assert result.exit_code == 1
    assert f"{tmp_path}/b/plain:1: duplicate track slug 'plain' (also used by {tmp_path}/a/plain)" in result.output
