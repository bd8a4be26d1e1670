"""Mentor matching, a pure function: fit, reasons, capacity, hard constraints, the global objective."""
from __future__ import annotations

import random
from datetime import date

from lms.cohorts.matching import suggest_matches
from lms.cohorts.matching_fit import (
    LearnerInfo,
    MentorInfo,
    free_places,
    goal_tokens,
    overlap_hours,
    pair_fit,
    utc_offset_hours,
)


def _mentor_of(suggestions) -> dict[int, int | None]:
    return {s.learner_id: s.mentor_id for s in suggestions}


def test_the_mentor_sharing_more_skills_is_suggested_and_the_reason_names_levels():
    learners = [LearnerInfo(1, "Lea", skills=(("python", "learning"),), goals=goal_tokens("Learn pandas for data"))]
    mentors = [MentorInfo(10, "Web", skills=("html", "css")),
               MentorInfo(11, "Data", skills=(("python", "strong"), ("pandas", "working")), max_mentees=5)]
    [suggestion] = suggest_matches(learners, mentors, track_skills=["sql"])
    assert suggestion.mentor_id == 11
    assert suggestion.shared_skills == ("python", "pandas")
    assert suggestion.reason == "shares python (strong), pandas; 9 h of overlapping working hours; 1 of 5 mentees"
    assert suggestion.alternatives == (10,)


def test_the_reason_says_the_shared_language_and_the_overlapping_hours():
    learner = LearnerInfo(1, skills=("python",), languages=("es-MX", "en"), utc_offset=-3.0)
    mentor = MentorInfo(10, skills=(("python", "expert"),), languages=("es",), utc_offset=0.0, mentees=1,
                        max_mentees=5)
    [s] = suggest_matches([learner], [mentor], [])
    assert s.reason == "shares python (expert); both speak Spanish; 6 h of overlapping working hours; 2 of 5 mentees"
    assert s.overlap_hours == 6


def test_fit_counts_levels_teaching_and_goals():
    learner = LearnerInfo(1, skills=(("python", "learning"),))
    working = pair_fit(learner, MentorInfo(10, skills=(("python", "working"),)), []).points
    expert = pair_fit(learner, MentorInfo(11, skills=(("python", "expert"),)), []).points
    assert expert - working == (6 + 2) - 3          # expert over working, plus teaching what the learner learns
    with_goal = pair_fit(LearnerInfo(1, skills=(("python", "learning"),), goals=("python",)),
                         MentorInfo(11, skills=(("python", "expert"),)), []).points
    assert with_goal - expert == 3
    assert pair_fit(learner, MentorInfo(12, skills=(("python", "learning"),)), []).shared_skills == ("python",)


def test_track_skills_and_multi_word_goals_count_as_interests():
    mentors = [MentorInfo(10, skills=("figma",)), MentorInfo(11, skills=("html",))]
    assert suggest_matches([LearnerInfo(1)], mentors, track_skills=["html", "css"])[0].mentor_id == 11
    mentors = [MentorInfo(10, skills=("client calls",)), MentorInfo(11, skills=("git",))]
    learner = LearnerInfo(1, goals=goal_tokens("Better client calls, please!"))
    assert suggest_matches([learner], mentors, [])[0].mentor_id == 10


def test_working_hours_overlap_wraps_around_midnight():
    assert overlap_hours(1.0, 1.0) == 9
    assert overlap_hours(1.0, -5.0) == 3
    assert overlap_hours(5.5, 1.0) == 4.5
    assert overlap_hours(-10.0, 12.0) == 7     # 22 h apart is 2 h apart
    assert overlap_hours(0.0, 10.0) == 0


def test_offsets_are_taken_at_the_cohort_start_date():
    assert utc_offset_hours("Europe/Berlin", date(2025, 1, 15)) == 1.0
    assert utc_offset_hours("Europe/Berlin", date(2025, 7, 15)) == 2.0
    assert utc_offset_hours("Asia/Kolkata", date(2025, 7, 15)) == 5.5
    assert utc_offset_hours("Not/AZone", date(2025, 7, 15)) == 0.0


def test_free_places_are_the_smaller_of_the_cohort_and_the_profile_limits():
    assert free_places(MentorInfo(1, mentees=2, max_mentees=5, active_mentees=7, profile_max=8)) == 1
    assert free_places(MentorInfo(1, mentees=2, max_mentees=3)) == 1
    assert free_places(MentorInfo(1, active_mentees=9, profile_max=8)) == 0    # lowered below their load
    assert free_places(MentorInfo(1)) is None


def test_a_mentor_never_gets_more_than_their_free_places_and_the_rest_say_so():
    mentors = [MentorInfo(10, skills=("python",), mentees=2, max_mentees=3),
               MentorInfo(11, active_mentees=4, profile_max=5)]
    suggestions = suggest_matches([LearnerInfo(i, skills=("python",)) for i in (1, 2, 3)], mentors, [])
    assert sorted(s.mentor_id for s in suggestions if s.mentor_id) == [10, 11]
    [nobody] = [s for s in suggestions if s.mentor_id is None]
    assert nobody.reason == "no mentor has room left"
    across = next(s for s in suggestions if s.mentor_id == 11)
    assert across.reason.endswith("5 of 5 mentees across cohorts")
    assert suggest_matches([LearnerInfo(1)], [], [])[0].mentor_id is None


def test_the_worst_matched_learner_comes_first_even_at_some_cost_in_total_fit():
    # Greedy gives Ann the mentor who shares both her skills and leaves Bob with nobody who
    # shares one: more total fit, but Bob is badly served. The matcher serves Bob first.
    ann = LearnerInfo(1, skills=("python", "sql"))
    bob = LearnerInfo(2, skills=("python",))
    both = MentorInfo(10, skills=(("python", "expert"), ("sql", "expert")), max_mentees=1)
    sql = MentorInfo(11, skills=(("sql", "working"),), max_mentees=1)
    suggestions = suggest_matches([ann, bob], [both, sql], [])
    assert _mentor_of(suggestions) == {1: 11, 2: 10}
    greedy_total = pair_fit(ann, both, []).points + pair_fit(bob, sql, []).points
    assert sum(s.fit for s in suggestions) < greedy_total
    assert min(s.fit for s in suggestions) > min(pair_fit(ann, both, []).points, pair_fit(bob, sql, []).points)


def test_as_many_learners_as_possible_get_a_mentor_before_fit_is_weighed():
    # The only mentor Bob may have (Ann is excluded from Carl) is the better one for Ann too.
    ann = LearnerInfo(1, skills=("python",), excluded_mentors=frozenset({11}))
    bob = LearnerInfo(2, excluded_mentors=frozenset({11}))
    mentors = [MentorInfo(10, skills=(("python", "expert"),), max_mentees=1), MentorInfo(11, max_mentees=5)]
    suggestions = suggest_matches([ann, bob], mentors, [])
    assert sum(s.mentor_id is not None for s in suggestions) == 1
    assert all(s.mentor_id != 11 for s in suggestions)


def test_excluded_pairs_are_never_suggested_nor_offered_as_alternatives():
    learner = LearnerInfo(1, user_id=100, skills=("python",), excluded_mentors=frozenset({10}))
    mentors = [MentorInfo(10, skills=(("python", "expert"),)), MentorInfo(11), MentorInfo(12)]
    [s] = suggest_matches([learner], mentors, [])
    assert s.mentor_id in (11, 12) and 10 not in s.alternatives


def test_a_required_language_is_a_hard_constraint():
    learner = LearnerInfo(1, skills=("python",), languages=("pt-BR", "en"))
    english = MentorInfo(10, skills=(("python", "expert"),), languages=("en",))
    portuguese = MentorInfo(11, languages=("pt",))
    assert suggest_matches([learner], [english, portuguese], [], required_language="pt")[0].mentor_id == 11
    [nobody] = suggest_matches([learner], [english], [], required_language="de")
    assert nobody.mentor_id is None
    assert nobody.reason == "no mentor with room may be paired with them (an excluded pair or the required language)"


def test_extra_mentees_in_one_run_cost_a_little_so_equal_fits_are_spread():
    mentors = [MentorInfo(10), MentorInfo(11), MentorInfo(12)]
    suggestions = suggest_matches([LearnerInfo(i) for i in range(1, 7)], mentors, [])
    loads = {m: sum(s.mentor_id == m for s in suggestions) for m in (10, 11, 12)}
    assert loads == {10: 2, 11: 2, 12: 2}


def test_the_load_in_the_reason_counts_the_suggestions_in_learner_order():
    suggestions = suggest_matches([LearnerInfo(i) for i in (1, 2)], [MentorInfo(10, mentees=1, max_mentees=5)], [])
    assert [s.load for s in suggestions] == ["2 of 5 mentees", "3 of 5 mentees"]


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


def test_goal_tokens_are_lower_case_words_without_repeats():
    assert goal_tokens("Learn Python, python and C++ / node.js.") == ("learn", "python", "and", "c++", "node.js")
