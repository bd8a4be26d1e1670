"""``peer_reviews``, ``peer_rubric``, ``peer_anonymous`` and ``peer_calibration`` in an
assignment's front matter: normalised into ``spec["peer"]``, bad values reported at their line."""
from __future__ import annotations

from pathlib import Path

from lms.tracks.parser import parse_track

RUBRIC = """rubric:
  - name: Structure
    levels:
      - {label: Clear, points: 2}
      - {label: Messy, points: 0}
"""


def _parse(tmp_path, monkeypatch, front: str):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "track.md").write_text("---\ntitle: T\n---\nIntro\n")
    (tmp_path / "t" / "01-task.md").write_text(f"---\ntitle: Task\ntype: assignment\n{front}---\nDo it.\n")
    monkeypatch.chdir(tmp_path)
    parsed = parse_track(Path("t"))
    return parsed.lessons[0].spec if parsed.lessons else None, [str(p) for p in parsed.problems]


def test_without_peer_reviews_the_spec_has_no_peer_settings(tmp_path, monkeypatch):
    spec, problems = _parse(tmp_path, monkeypatch, RUBRIC)
    assert "peer" not in spec and problems == []


def test_peer_reviews_default_to_anonymous_on_the_mentor_rubric(tmp_path, monkeypatch):
    spec, problems = _parse(tmp_path, monkeypatch, RUBRIC + "peer_reviews: 2\n")
    assert problems == []
    assert spec["peer"] == {"reviews": 2, "anonymous": True, "rubric": spec["rubric"], "calibration": None}


def test_a_lighter_peer_rubric_and_a_calibration_by_index_or_label(tmp_path, monkeypatch):
    front = RUBRIC + """peer_reviews: 1
peer_anonymous: false
peer_rubric:
  - name: Clarity
    levels:
      - {label: Easy to follow, points: 1}
      - {label: Hard to follow, points: 0}
  - name: Effort
    levels: [{label: Done, points: 1}, {label: Not done, points: 0}]
peer_calibration:
  text: "My **example**"
  scores: [1, "done"]
"""
    spec, problems = _parse(tmp_path, monkeypatch, front)
    assert problems == []
    peer = spec["peer"]
    assert peer["anonymous"] is False
    assert [c["name"] for c in peer["rubric"]] == ["Clarity", "Effort"]
    assert peer["calibration"] == {"text": "My **example**", "scores": [1, 0]}


def test_bad_peer_values_are_reported_at_their_line(tmp_path, monkeypatch):
    front = RUBRIC + """peer_reviews: 9
peer_anonymous: maybe
"""
    spec, problems = _parse(tmp_path, monkeypatch, front)
    assert "t/01-task.md:9: peer_reviews must be between 0 and 5, not 9" in problems
    assert "t/01-task.md:10: peer_anonymous must be true or false, not 'maybe'" in problems
    assert "peer" not in spec


def test_a_bad_peer_rubric_and_calibration_scores_are_reported(tmp_path, monkeypatch):
    front = RUBRIC + """peer_reviews: 2
peer_rubric:
  - levels: [{label: Ok}]
peer_calibration:
  text: Example
  scores: [7]
"""
    _, problems = _parse(tmp_path, monkeypatch, front)
    assert "t/01-task.md:11: peer_rubric[0] has no name" in problems
    assert "t/01-task.md:11: peer_rubric[0]: level 1 has no points" in problems
    assert any(p.startswith("t/01-task.md:14: peer_calibration.scores[0] must be a level of") for p in problems)


def test_calibration_needs_one_score_per_criterion(tmp_path, monkeypatch):
    front = RUBRIC + "peer_reviews: 1\npeer_calibration:\n  text: Example\n  scores: [0, 1]\n"
    _, problems = _parse(tmp_path, monkeypatch, front)
    assert "t/01-task.md:12: peer_calibration.scores must list one level per criterion (1)" in problems


def test_peer_keys_without_peer_reviews_are_warned_about(tmp_path, monkeypatch):
    _, problems = _parse(tmp_path, monkeypatch, RUBRIC + "peer_anonymous: false\n")
    assert problems == ["t/01-task.md:9: warning: 'peer_anonymous' has no effect without peer_reviews "
                        "(1 to 5); ignored"]


def test_peer_keys_on_a_quiz_are_warned_about(tmp_path, monkeypatch):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "track.md").write_text("---\ntitle: T\n---\nIntro\n")
    (tmp_path / "t" / "01-q.md").write_text("---\ntitle: Q\ntype: quiz\npeer_reviews: 2\nquestions:\n"
                                            "  - {prompt: 'A', choices: [a, b], answer: 0}\n---\nQ\n")
    monkeypatch.chdir(tmp_path)
    problems = [str(p) for p in parse_track(Path("t")).problems]
    assert "t/01-q.md:4: warning: 'peer_reviews' only applies to assignments (this is a quiz); ignored" in problems
