"""Mentor matching, a pure function: overlap, load, maximums, time zones, determinism."""
from __future__ import annotations

import random
from datetime import date

from lms.cohorts.matching import LearnerInfo, MentorInfo, goal_tokens, suggest_matches, utc_offset_hours


def test_the_mentor_sharing_more_skills_is_suggested():
    learners = [LearnerInfo(1, "Lea", skills=("python",), goals=goal_tokens("Learn pandas for data work"))]
    mentors = [MentorInfo(10, "Web", skills=("html", "css")), MentorInfo(11, "Data", skills=("python", "pandas"))]
    [suggestion] = suggest_matches(learners, mentors, track_skills=["sql"])
    assert suggestion.mentor_id == 11
    assert suggestion.shared_skills == ("python", "pandas")
    assert suggestion.reason == "shares python, pandas; 1 mentee; same time zone"


def test_track_skills_count_as_overlap_too():
    mentors = [MentorInfo(10, skills=("figma",)), MentorInfo(11, skills=("html",))]
    [suggestion] = suggest_matches([LearnerInfo(1)], mentors, track_skills=["html", "css"])
    assert suggestion.mentor_id == 11


def test_multi_word_skills_match_the_words_of_the_goals():
    mentors = [MentorInfo(10, skills=("client calls",)), MentorInfo(11, skills=("git",))]
    [suggestion] = suggest_matches([LearnerInfo(1, goals=goal_tokens("Better client calls, please!"))], mentors, [])
    assert suggestion.mentor_id == 10


def test_equal_overlap_goes_to_the_least_loaded_mentor_and_loads_update_as_it_goes():
    mentors = [MentorInfo(10, mentees=2), MentorInfo(11, mentees=0), MentorInfo(12, mentees=1)]
    suggestions = suggest_matches([LearnerInfo(i) for i in range(1, 7)], mentors, [])
    assert [s.mentor_id for s in suggestions] == [11, 11, 12, 10, 11, 12]
    final = {m: 0 for m in (10, 11, 12)}
    for s in suggestions:
        final[s.mentor_id] += 1
    assert {10: 2 + final[10], 11: final[11], 12: 1 + final[12]} == {10: 3, 11: 3, 12: 3}


def test_a_mentor_at_their_maximum_is_never_suggested():
    mentors = [MentorInfo(10, skills=("python",), mentees=2, max_mentees=3), MentorInfo(11)]
    suggestions = suggest_matches([LearnerInfo(i, skills=("python",)) for i in (1, 2, 3)], mentors, [])
    assert [s.mentor_id for s in suggestions] == [10, 11, 11]
    assert suggestions[0].reason == "shares python; 3 of 3 mentees; same time zone"


def test_nobody_available_is_said_plainly():
    mentors = [MentorInfo(10, mentees=1, max_mentees=1)]
    [suggestion] = suggest_matches([LearnerInfo(1)], mentors, [])
    assert suggestion.mentor_id is None and suggestion.reason == "no mentor has room left"
    assert suggest_matches([LearnerInfo(1)], [], [])[0].mentor_id is None


def test_nearer_time_zones_come_first_and_the_distance_is_explained():
    learner = LearnerInfo(1, skills=("python",), utc_offset=1.0)
    far = MentorInfo(10, skills=("python", "pandas"), utc_offset=-7.0)   # 8 h apart: more skills, too far
    near = MentorInfo(11, skills=("python",), utc_offset=3.0)             # 2 h apart
    [suggestion] = suggest_matches([learner], [far, near], [])
    assert suggestion.mentor_id == 11 and suggestion.hours_apart == 2
    assert suggestion.reason.endswith("; 2 h apart")
    # With only far mentors, the far one is still suggested.
    assert suggest_matches([learner], [far], [])[0].mentor_id == 10


def test_half_hour_offsets_are_shown_as_such():
    [s] = suggest_matches([LearnerInfo(1, utc_offset=5.5)], [MentorInfo(10, utc_offset=1.0)], [])
    assert s.reason.endswith("4.5 h apart")


def test_offsets_are_taken_at_the_cohort_start_date():
    assert utc_offset_hours("Europe/Berlin", date(2025, 1, 15)) == 1.0
    assert utc_offset_hours("Europe/Berlin", date(2025, 7, 15)) == 2.0
    assert utc_offset_hours("Asia/Kolkata", date(2025, 7, 15)) == 5.5
    assert utc_offset_hours("Not/AZone", date(2025, 7, 15)) == 0.0


def test_the_result_does_not_depend_on_input_order():
    learners = [LearnerInfo(i, skills=(("python",) if i % 2 else ("css",)), utc_offset=i % 3) for i in range(1, 30)]
    mentors = [MentorInfo(m, skills=(("python",) if m % 2 else ("css", "html")), utc_offset=m % 4,
                          max_mentees=8) for m in range(100, 106)]
    expected = suggest_matches(learners, mentors, ["html"])
    for seed in range(5):
        shuffled_l, shuffled_m = learners[:], mentors[:]
        random.Random(seed).shuffle(shuffled_l)
        random.Random(seed + 1).shuffle(shuffled_m)
        assert suggest_matches(shuffled_l, shuffled_m, ["html"]) == expected
    assert [s.learner_id for s in expected] == list(range(1, 30))


def test_ties_are_broken_by_the_mentor_id():
    [s] = suggest_matches([LearnerInfo(1)], [MentorInfo(12), MentorInfo(11)], [])
    assert s.mentor_id == 11 and s.alternatives == (12,)


def test_goal_tokens_are_lower_case_words_without_repeats():
    assert goal_tokens("Learn Python, python and C++ / node.js.") == ("learn", "python", "and", "c++", "node.js")
