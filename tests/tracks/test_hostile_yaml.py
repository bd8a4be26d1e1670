"""Front matter refuses YAML aliases (the "billion laughs" bomb) and deep nesting, as problems."""
from __future__ import annotations

from html import escape

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.tracks.frontmatter import MAX_DEPTH, parse_document
from lms.tracks.models import TrackUpload
from lms.tracks.problems import Report
from tests.tracks.test_zip_upload import upload, zip_entries

# 324 bytes of YAML standing for 9**9 (387 million) strings.
BOMB = "".join(
    f"{name}: &{name} [{','.join(['lol' if name == 'a' else '*' + chr(ord(name) - 1)] * 9)}]\n"
    for name in "abcdefghi"
)
DEEP = "deep: " + "[" * 5000 + "]" * 5000 + "\n"
DEEP_BLOCK = "deep:\n" + "".join("  " * level + "- \n" for level in range(MAX_DEPTH + 5))

ALIASES = "YAML anchors (&) and aliases (*) are not allowed in front matter"
TOO_DEEP = f"YAML nested deeper than {MAX_DEPTH} levels"


def lesson(front_matter: str) -> str:
    return "---\ntitle: Hostile\n" + front_matter + "---\n\n# Hostile\n"


def problems_of(text: str) -> list[str]:
    problems: list = []
    parse_document(text, Report("x.md", problems))
    return [str(problem) for problem in problems]


def test_the_bomb_is_a_few_hundred_bytes():
    assert len(BOMB.encode()) < 400


@pytest.mark.parametrize("front_matter, message", [
    (BOMB, f"x.md:3: {ALIASES}"),
    ("base: &base {a: 1}\nother: *base\n", f"x.md:3: {ALIASES}"),
    ("other: *undefined\n", f"x.md:3: {ALIASES}"),
    (DEEP, f"x.md:3: {TOO_DEEP}"),
    (DEEP_BLOCK, f"x.md:{3 + MAX_DEPTH}: {TOO_DEEP}"),
], ids=["bomb", "alias", "unknown-alias", "deep-flow", "deep-block"])
def test_aliases_and_deep_nesting_are_refused_with_their_line(front_matter, message):
    assert problems_of(lesson(front_matter)) == [message]


def test_ordinary_nesting_is_still_read():
    problems: list = []
    document = parse_document(lesson("rubric:\n  - name: A\n    levels:\n      - {points: 1}\n"),
                              Report("x.md", problems))
    assert problems == [] and document.data["rubric"][0]["levels"] == [{"points": 1}]


def test_flask_tracks_check_reports_the_bomb_and_deep_nesting(runner, tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "track.md").write_text("---\ntitle: Hostile\n" + BOMB + "---\n")
    (folder / "01-deep.md").write_text(lesson(DEEP))
    result = runner.invoke(args=["tracks", "check", str(folder)])
    assert result.exit_code == 1
    assert f"{folder}/track.md:3: {ALIASES}" in result.output
    assert f"{folder}/01-deep.md:3: {TOO_DEEP}" in result.output


def test_zip_preview_shows_the_bomb_and_deep_nesting_as_problems(client, auth, admin):
    auth.login_as(admin)
    response = upload(client, zip_entries(("hostile/track.md", ("---\ntitle: Hostile\n" + BOMB + "---\n").encode()),
                                          ("hostile/01-deep.md", lesson(DEEP).encode())))
    assert response.status_code == 302
    preview = client.get(response.location)
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert f"hostile/track.md:3: {escape(ALIASES)}" in page
    assert f"hostile/01-deep.md:3: {TOO_DEEP}" in page
    assert "/import" not in page
    assert db.session.scalar(select(TrackUpload)) is not None
