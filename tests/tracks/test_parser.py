"""The parser on good and bad fixture tracks: exact ``path:line: message`` problems."""
from __future__ import annotations

from pathlib import Path

from lms.tracks.models import LessonKind
from lms.tracks.parser import parse_track


def messages(parsed) -> list[str]:
    return [str(problem) for problem in parsed.problems]


def test_good_track_has_no_problems(fixtures):
    parsed = parse_track(Path("good"))
    assert messages(parsed) == []
    assert parsed.slug == "good"
    assert parsed.title == "Good Track"
    assert parsed.skills == ["html", "css"]
    assert parsed.level == "beginner"
    assert parsed.estimated_hours == 2.5
    assert parsed.certificate == {"title": "Certificate of Completion", "statement": "has completed the Good Track."}


def test_lessons_are_ordered_by_number_with_modules(fixtures):
    parsed = parse_track(Path("good"))
    assert [(l.slug, l.kind, l.module_slug, l.position) for l in parsed.lessons] == [
        ("intro", LessonKind.LESSON, None, 1),
        ("basics", LessonKind.LESSON, None, 2),
        ("inside", LessonKind.LESSON, "deeper", 3),
        ("homework", LessonKind.ASSIGNMENT, "deeper", 4),
        ("check", LessonKind.QUIZ, None, 5),
    ]
    assert [(m.slug, m.title, m.summary) for m in parsed.modules] == [("deeper", "Going deeper", "The second half.")]


def test_title_from_first_heading_is_removed_from_the_body(fixtures):
    intro = parse_track(Path("good")).lessons[0]
    assert intro.title == "Introduction"
    assert "# Introduction" not in intro.body
    assert intro.objectives == ["Know the layout"]
    assert intro.minutes == 10


def test_kramdown_attribute_lines_are_stripped(fixtures):
    intro = parse_track(Path("good")).lessons[0]
    assert "{: .language-bash}" not in intro.body
    # Line numbers stay those of the file.
    assert intro.body.count("\n") == Path("good/01-intro.md").read_text().split("---", 2)[2].count("\n") - 1


def test_rubric_is_normalised_with_levels_by_points_and_max_points(fixtures):
    homework = parse_track(Path("good")).lessons[3]
    assert homework.spec == {
        "submission": ["text", "url"],
        "due_days": 7,
        "pass_points": 5,
        "max_points": 7,
        "rubric": [
            {"name": "Structure", "description": "Is it organised?", "levels": [
                {"label": "Strong", "points": 4, "description": "Clear."},
                {"label": "Fair", "points": 2, "description": ""},
                {"label": "Weak", "points": 1, "description": "Hard to follow."},
            ]},
            {"name": "Style", "description": "", "levels": [
                {"label": "Good", "points": 3, "description": ""},
                {"label": "Poor", "points": 0, "description": ""},
            ]},
        ],
    }


def test_quiz_spec_marks_multiple_answer_questions(fixtures):
    quiz = parse_track(Path("good")).lessons[4]
    assert quiz.spec["pass_percent"] == 50
    assert quiz.spec["max_attempts"] == 2
    assert [(q["answer"], q["multiple"]) for q in quiz.spec["questions"]] == [([1], False), ([0, 2], True)]
    assert quiz.spec["questions"][0]["explanation"] == "A div is a block."


def test_completion_rule_is_normalised(fixtures):
    assert parse_track(Path("good")).completion == {"lessons": ["intro", "inside"], "assignments": "all",
                                                    "quizzes": "none"}


def test_completion_defaults_to_everything(fixtures):
    assert parse_track(Path("bad-yaml")).completion == {"lessons": "all", "assignments": "all", "quizzes": "all"}


def test_referenced_files_and_asset_folders_become_assets(fixtures):
    assets = {a.path: a.media_type for a in parse_track(Path("good")).assets}
    assert assets == {"fig/diagram.svg": "image/svg+xml", "files/data.csv": "text/csv"}


def test_links_resolve_to_lessons_overview_and_assets(fixtures):
    links = parse_track(Path("good")).links
    assert links.resolver("good", "01-intro.md")("03-deeper/01-inside.md#deep-part") == \
        "/tracks/good/lessons/inside#deep-part"
    assert links.resolver("good", "03-deeper/01-inside.md")("../01-intro.md") == "/tracks/good/lessons/intro"
    assert links.resolver("good", "03-deeper/index.md")("../track.md") == "/tracks/good"
    assert links.resolver("good", "01-intro.md")("fig/diagram.svg") == "/tracks/good/assets/fig/diagram.svg"
    assert links.resolver("good", "01-intro.md")("https://example.org/x.md") is None
    assert links.resolver("good", "01-intro.md")("#local") is None


def test_yaml_syntax_error_points_at_the_line_in_the_file(fixtures):
    assert messages(parse_track(Path("bad-yaml"))) == [
        "bad-yaml/01-broken.md:5: YAML syntax error: expected <block end>, but found '<block sequence start>'",
        "bad-yaml/02-unclosed.md:1: front matter is not closed (no second --- line)",
    ]


def test_bad_lessons_report_every_problem_at_its_line(fixtures):
    assert messages(parse_track(Path("bad-lessons"))) == [
        "bad-lessons/01-intro.md:3: broken link to a lesson: 02-missing.md",
        "bad-lessons/01-intro.md:5: missing image: fig/nope.png",
        "bad-lessons/02-intro.md:1: duplicate slug 'intro' (also used by 01-intro.md)",
        "bad-lessons/03-weird.md:3: unknown type 'lecture' (expected lesson, assignment or quiz)",
        "bad-lessons/04-task.md:4: due_days must be a whole number of days, not 'soon'",
        "bad-lessons/04-task.md:5: pass_points (10) is more than the rubric's maximum (3)",
        "bad-lessons/04-task.md:10: rubric criterion 'Empty' has no levels",
        "bad-lessons/05-test.md:7: question 1: answer 3 is out of range (choices are numbered 0 to 2)",
        "bad-lessons/06-notes.md:3: warning: unknown key 'colour' (ignored)",
        "bad-lessons/track.md:3: level must be one of beginner, intermediate, advanced, not 'expert'",
        "bad-lessons/track.md:4: warning: unknown key 'colour' (ignored)",
        "bad-lessons/track.md:6: completion.quizzes: 'intro' is a lesson, not a quiz",
    ]


def test_missing_track_title_is_an_error(fixtures):
    assert messages(parse_track(Path("no-title"))) == ["no-title/track.md:1: missing title"]


def test_plain_folder_of_markdown_imports_with_warnings_only(fixtures):
    parsed = parse_track(Path("plain"))
    assert parsed.ok
    assert parsed.title == "Plain"
    assert [(l.slug, l.title) for l in parsed.lessons] == [("intro", "Welcome"), ("setup", "Setup")]
    assert messages(parsed) == [
        "plain:1: warning: no track.md: the title 'Plain' is taken from the folder name",
        "plain/intro.md:2: warning: unknown key 'author' (ignored)",
        "plain/setup.md:1: warning: no title (front matter or '# heading'): using 'Setup'",
    ]


def test_problems_use_the_display_root(fixtures):
    parsed = parse_track(Path("no-title"), display_root="upload/no-title")
    assert messages(parsed) == ["upload/no-title/track.md:1: missing title"]


def test_content_hash_changes_with_any_file(tmp_path):
    from tests.factories.tracks import copy_fixture

    folder = copy_fixture("good", tmp_path)
    before = parse_track(folder).content_hash
    assert parse_track(folder).content_hash == before
    (folder / "fig" / "diagram.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert parse_track(folder).content_hash != before


def test_titles_written_over_several_lines_are_read_as_one_line(tmp_path, monkeypatch):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "track.md").write_text("---\ntitle: |\n  Web\n  basics\n---\nIntro\n")
    (tmp_path / "t" / "01-one.md").write_text("---\ntitle: \"First\\nlesson\\u2028today\"\n---\nText\n")
    monkeypatch.chdir(tmp_path)
    parsed = parse_track(Path("t"))
    assert parsed.title == "Web basics"
    assert [lesson.title for lesson in parsed.lessons] == ["First lesson today"]
