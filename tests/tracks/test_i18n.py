"""Tracks in several languages: the language a track is written in (``language:`` in track.md, on its
content as lang/dir), the check results of an upload in the admin's language, the admin pages in
Spanish and Arabic."""
from __future__ import annotations

from pathlib import Path

import pytest

from lms.extensions import db
from lms.tracks.language import authored_lang
from lms.tracks.parser import parse_track
from tests.factories.tracks import copy_fixture, import_folder
from tests.tracks.test_zip_upload import upload, zip_entries


def _with_language(folder: Path, value: str) -> Path:
    track_md = folder / "track.md"
    track_md.write_text(track_md.read_text().replace("level: beginner\n", f"level: beginner\nlanguage: {value}\n"))
    return folder


@pytest.mark.parametrize("written, stored", [("es", "es"), ("pt-br", "pt-BR"), ("AR", "ar"), ("zh_hant", "zh-Hant")])
def test_track_language_is_read_as_a_canonical_bcp47_tag(tmp_path, written, stored):
    parsed = parse_track(_with_language(copy_fixture("good", tmp_path), written))
    assert parsed.problems == [] and parsed.language == stored


@pytest.mark.parametrize("written", ["spanish", "xx-YY-ZZ", "e", "[es, pt]"])
def test_a_bad_track_language_is_a_problem_at_its_line(tmp_path, written):
    parsed = parse_track(_with_language(copy_fixture("good", tmp_path), written), display_root="good")
    assert parsed.language is None
    messages = [str(problem) for problem in parsed.problems]
    assert len(messages) == 1 and messages[0].startswith("good/track.md:6: ")   # the line of "language:"
    assert "language" in messages[0]


def test_a_track_without_language_has_no_lang_attribute(app, good_folder):
    track = import_folder(good_folder)
    assert track.language is None and authored_lang(track) == ""


def test_the_overview_carries_the_tracks_language_and_direction(client, auth, admin, tmp_path):
    track = import_folder(_with_language(copy_fixture("good", tmp_path), "ar"))
    assert track.language == "ar"
    auth.login_as(admin)
    page = client.get(f"/tracks/{track.slug}").get_data(as_text=True)
    assert '<html lang="en" dir="ltr"' in page                                  # the interface
    assert '<div class="content reading" lang="ar" dir="rtl">' in page          # the authored overview
    assert '<h1 lang="ar" dir="rtl">Good Track</h1>' in page


def test_changing_the_language_is_a_new_version(app, tmp_path):
    folder = copy_fixture("good", tmp_path)
    import_folder(folder)
    track = import_folder(_with_language(folder, "pt-BR"))
    assert track.language == "pt-BR" and track.version == 2
    assert str(authored_lang(track)) == ' lang="pt-BR" dir="ltr"'


@pytest.fixture
def as_spanish_admin(client, auth, admin):
    admin.language = "es"
    db.session.commit()
    auth.login_as(admin)
    return client


def test_check_results_are_in_the_admins_language_with_the_path_and_line_as_written(as_spanish_admin):
    data = zip_entries(("t/track.md", b"---\ntitle: T\nlanguage: klingon\nlevel: expert\n---\n"),
                       ("t/01-a.md", b"---\ntype: essay\n---\n# A\n\n[gone](02-gone.md)\n"))
    response = upload(as_spanish_admin, data)
    page = as_spanish_admin.get(response.location).get_data(as_text=True)
    assert "t/track.md:3: language debe ser un código de idioma como es, pt-BR o ar, no &#39;klingon&#39;" in page
    assert "t/track.md:4: level debe ser uno de estos valores: beginner, intermediate, advanced, no &#39;expert&#39;" \
        in page
    assert "t/01-a.md:2: tipo desconocido &#39;essay&#39; (se esperaba lesson, assignment o quiz)" in page
    assert "t/01-a.md:6: enlace roto a una lección: 02-gone.md" in page
    assert "4 errores" in page and "Resultado de la revisión" in page
    assert "must be" not in page


def test_a_refused_archive_is_explained_in_the_admins_language(as_spanish_admin):
    response = upload(as_spanish_admin, b"not a zip at all")
    page = as_spanish_admin.get(response.location).get_data(as_text=True)
    assert "El archivo no es un .zip válido." in page and "No se importó nada." in page


def test_the_tracks_admin_page_reads_right_to_left_in_arabic(client, auth, admin, track):
    admin.language = "ar"
    db.session.commit()
    auth.login_as(admin)
    page = client.get("/admin/tracks").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in page
    assert "استيراد مسار" in page and "دليل التأليف" in page and "رفع وفحص" in page
    assert "Import a track" not in page
    guide = client.get("/admin/tracks/help/authoring").get_data(as_text=True)
    assert 'lang="en" dir="ltr"' in guide and "الدليل مكتوب باللغة الإنجليزية." in guide


def test_the_command_line_keeps_english_problems(tmp_path, runner):
    folder = _with_language(copy_fixture("good", tmp_path), "spanish")
    result = runner.invoke(args=["tracks", "check", str(folder)])
    assert "track.md:6: language must be a language code such as es, pt-BR or ar, not 'spanish'" in result.output
