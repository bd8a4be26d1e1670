"""Real content: the Carpentries shell lesson, an XSS payload list, and the shipped courses."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.tracks.importer import import_track
from lms.tracks.layout import find_tracks
from lms.tracks.models import Lesson, TrackAsset
from lms.tracks.parser import parse_track
from tests.corpus import corpus_lines, corpus_path
from tests.html_safety import assert_html_safe

REPO = Path(__file__).resolve().parents[2]
EPISODES = ["intro", "filedir", "create", "pipefilter", "loop", "script", "find"]


@pytest.fixture
def shell_lesson(app):
    parsed = parse_track(corpus_path("carpentries-shell-novice"))
    result = import_track(parsed)
    db.session.commit()
    return parsed, result.track


def test_carpentries_lesson_imports_with_zero_errors_and_all_episodes(shell_lesson):
    parsed, track = shell_lesson
    assert parsed.errors == []
    assert track.title == "The Unix Shell"
    lessons = db.session.scalars(select(Lesson).where(Lesson.track_id == track.id).order_by(Lesson.position)).all()
    assert [l.slug for l in lessons] == EPISODES
    assert lessons[1].title == "Navigating Files and Directories"
    assert lessons[1].minutes == 40  # teaching 30 + exercises 10


def test_carpentries_figures_are_stored_and_linked(shell_lesson):
    _, track = shell_lesson
    stored = set(db.session.scalars(select(TrackAsset.path).where(TrackAsset.track_id == track.id)))
    figures = {f"episodes/fig/{p.name}" for p in corpus_path("carpentries-shell-novice", "episodes", "fig").iterdir()}
    assert figures <= stored
    html = "".join(db.session.scalars(select(Lesson.body_html).where(Lesson.track_id == track.id)))
    linked = set(re.findall(r'src="/tracks/carpentries-shell-novice/assets/([^"]+)"', html))
    assert linked and linked <= stored
    assert 'alt="The file system is made up of a root directory' in html  # Pandoc {alt=...} became alt text


def test_carpentries_callouts_are_boxes_and_kramdown_leftovers_are_gone(shell_lesson):
    _, track = shell_lesson
    html = "".join(db.session.scalars(select(Lesson.body_html).where(Lesson.track_id == track.id)))
    assert 'class="box box-callout"' in html and 'class="box box-challenge"' in html
    assert "{:" not in html and "{alt=" not in html and ":::" not in html
    assert 'href="/tracks/carpentries-shell-novice/lessons/filedir"' in html


def test_carpentries_pages_and_figures_are_served(client, auth, admin, shell_lesson):
    auth.login_as(admin)
    assert client.get("/tracks/carpentries-shell-novice/lessons/filedir").status_code == 200
    figure = client.get("/tracks/carpentries-shell-novice/assets/episodes/fig/filesystem.svg")
    assert figure.status_code == 200 and figure.mimetype == "image/svg+xml"


def test_xss_payloads_in_lessons_leave_no_script_in_stored_html(app, tmp_path):
    payloads = [line for _, line in corpus_lines("xss")]
    folder = tmp_path / "xss"
    folder.mkdir()
    (folder / "track.md").write_text("---\ntitle: XSS\n---\n\n" + "\n\n".join(payloads[:50]))
    for start in range(0, len(payloads), 60):
        chunk = payloads[start:start + 60]
        body = "\n\n".join(chunk) + "\n\n" + "\n".join(f"[link]({p.split()[0] if p.split() else p})" for p in chunk)
        (folder / f"{start // 60 + 1:02d}-chunk-{start}.md").write_text(f"# Chunk {start}\n\n{body}\n")
    quiz = '---\ntype: quiz\nquestions:\n  - prompt: "<img src=x onerror=alert(1)> [x](javascript:alert(1))"\n' \
           '    choices: ["<script>alert(1)</script>", "<a href=javascript:alert(1)>b</a>"]\n    answer: 0\n---\n'
    (folder / "99-quiz.md").write_text(quiz)
    parsed = parse_track(folder)
    # The payloads point at files that do not exist (missing image, broken link errors): what
    # matters here is the HTML the importer stores, so import regardless.
    parsed.problems = [p for p in parsed.problems if not p.is_error]
    track = import_track(parsed).track
    db.session.commit()
    assert_html_safe(track.overview_html)
    for lesson in db.session.scalars(select(Lesson).where(Lesson.track_id == track.id)):
        assert_html_safe(lesson.body_html)
        for question in lesson.spec.get("questions", []):
            assert_html_safe(question["prompt_html"] + "".join(question["choices_html"]))


def test_shipped_courses_have_no_errors():
    tracks = find_tracks(REPO / "courses")
    if not tracks:
        pytest.skip("courses/ has no tracks yet")
    problems = [str(p) for folder in tracks for p in parse_track(folder, display_root=f"courses/{folder.name}").errors]
    assert problems == []
