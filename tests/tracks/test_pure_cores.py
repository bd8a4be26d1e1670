"""Pure cores: Markdown clean-up, link scanning, rubric points, completion rule, quiz grading."""
from __future__ import annotations

from lms.tracks.completion import CompletionFacts, evaluate_completion
from lms.tracks.links import LinkMap, TargetKind
from lms.tracks.markup import clean_body, references, take_title
from lms.tracks.quizzes import grade, validate_answers
from lms.tracks.rubric import rubric_max_points
from tests.factories.tracks import QUIZ_SPEC


def test_clean_body_strips_kramdown_ials_and_liquid_but_keeps_lines():
    text = "~~~\n$ ls\n~~~\n{: .language-bash}\n> quote\n{: .callout}\n{% include links.md %}\n"
    cleaned = clean_body(text)
    assert cleaned == "~~~\n$ ls\n~~~\n\n> quote\n\n\n"


def test_clean_body_keeps_attribute_lines_inside_code():
    text = "```\n{: .not-an-ial}\n```\n"
    assert clean_body(text) == text


def test_pandoc_image_attributes_become_alt_text():
    assert clean_body("![](fig/a.svg){alt='A tree of folders' width='50%'}") == "![A tree of folders](fig/a.svg)"
    assert clean_body("![Kept](fig/a.svg){alt='ignored'}") == "![Kept](fig/a.svg)"


def test_take_title_uses_the_first_h1_outside_code():
    title, body = take_title("```\n# not a heading\n```\n\n# Real title #\n\nText")
    assert title == "Real title"
    assert body == "```\n# not a heading\n```\n\n\n\nText"


def test_references_find_links_images_and_html_with_lines():
    text = ("Intro [a](a.md) and ![img](fig/x.png \"title\")\n`[code](no.md)`\n"
            "[![badge](b.svg)](c.md)\n<img src=\"fig/y.png\" alt=\"\">\n[ref]: files/z.pdf\n")
    found = [(r.line, r.url, r.image) for r in references(text)]
    assert found == [(1, "fig/x.png", True), (1, "a.md", False), (3, "b.svg", True), (3, "c.md", False),
                     (4, "fig/y.png", True), (5, "files/z.pdf", False)]


def test_carpentries_links_resolve_from_episodes_to_figures():
    links = LinkMap(files={"episodes/01-a.md", "episodes/fig/x.svg", "index.md"}, lessons={"episodes/01-a.md": "a"},
                    overview_files={"index.md"}, lessons_dir="episodes")
    assert links.resolve("episodes/01-a.md", "../fig/x.svg").path == "episodes/fig/x.svg"
    assert links.resolve("episodes/01-a.md", "fig/x.svg").path == "episodes/fig/x.svg"
    assert links.resolve("episodes/01-a.md", "{{ page.root }}/fig/x.svg").path == "episodes/fig/x.svg"
    assert links.resolve("episodes/01-a.md", "../learners/setup.md").kind is TargetKind.MISSING


def test_links_outside_the_track_are_flagged():
    links = LinkMap(files={"01-a.md"}, lessons={"01-a.md": "a"})
    assert links.resolve("01-a.md", "../../etc/passwd").kind is TargetKind.OUTSIDE


def test_rubric_max_points_sums_each_criterion_best_level():
    rubric = [{"levels": [{"points": 4}, {"points": 1}]}, {"levels": [{"points": 0}, {"points": 3}]}, {"levels": []}]
    assert rubric_max_points(rubric) == 7
    assert rubric_max_points([]) == 0


def _facts(**done):
    return CompletionFacts(lessons=["a", "b"], assignments=["task"], quizzes=["q"],
                           titles={"a": "Alpha", "b": "Beta", "task": "Task", "q": "Quiz"}, **done)


def test_completion_requires_everything_by_default():
    result = evaluate_completion({}, _facts(lessons_done={"a"}))
    assert not result.complete
    assert result.missing == ["Complete the lesson “Beta”", "Get the assignment “Task” approved",
                              "Pass the quiz “Quiz”"]


def test_completion_with_lists_and_none():
    rule = {"lessons": ["a"], "assignments": "all", "quizzes": "none"}
    assert evaluate_completion(rule, _facts(lessons_done={"a"}, assignments_approved={"task"})).complete
    assert evaluate_completion(rule, _facts(lessons_done={"a"})).missing == ["Get the assignment “Task” approved"]


def test_completion_accepts_a_plain_mapping():
    facts = {"lessons": ["a"], "assignments": [], "quizzes": ["q"], "completed_lessons": ["a"],
             "passed_quizzes": ["q"]}
    assert evaluate_completion({"lessons": "all"}, facts).complete


def test_grading_counts_exact_answer_sets():
    result = grade(QUIZ_SPEC, [[1], [0]])
    assert (result.correct, result.total, result.percent, result.passed) == (1, 2, 50, True)
    assert [r.correct for r in result.results] == [True, False]
    assert grade(QUIZ_SPEC, [[0], [0, 2]]).results[1].correct
    assert not grade({**QUIZ_SPEC, "pass_percent": 51}, [[1], [0]]).passed


def test_pass_mark_compares_exact_scores_not_rounded_percentages():
    spec = {"pass_percent": 67, "questions": [{"answer": [0], "choices": ["a", "b"]}] * 3}
    result = grade(spec, [[0], [0], [1]])
    assert result.percent == 66 and not result.passed


def test_answers_are_validated_per_question():
    assert validate_answers(QUIZ_SPEC, [[1], []]) == ["Answer question 2."]
    assert validate_answers(QUIZ_SPEC, [[0, 1], [0]]) == ["Question 1: choose from the options shown."]
    assert validate_answers(QUIZ_SPEC, [[7], [0]]) == ["Question 1: choose from the options shown."]
