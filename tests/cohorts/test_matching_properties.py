"""Properties of the matcher on generated cohorts (Hypothesis), checked against brute force and the old greedy."""
from __future__ import annotations

import itertools
import random
from dataclasses import replace
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings, strategies as st

from bench.matching import greedy_matches
from lms.cohorts import matching
from lms.cohorts.matching import LOAD_STEP, NOBODY, NOBODY_ALLOWED, suggest_matches
from lms.cohorts.matching_fit import LearnerInfo, MentorInfo, allowed, free_places, pair_fit

SKILLS = ["python", "sql", "css", "html", "client calls"]
LEVELS = ["learning", "working", "strong", "expert"]
OFFSETS = [-8.0, -5.0, 0.0, 1.0, 5.5, 9.0]
LANGS = ["en", "es", "pt-BR"]

skills = st.lists(st.tuples(st.sampled_from(SKILLS), st.sampled_from(LEVELS)), max_size=3, unique_by=lambda s: s[0])
languages = st.lists(st.sampled_from(LANGS), max_size=2, unique=True).map(tuple)


@st.composite
def cohorts(draw, max_learners=5, max_mentors=3, constraints=True):
    n_mentors = draw(st.integers(0, max_mentors))
    mentors = [MentorInfo(
        id=100 + j, skills=tuple(draw(skills)), utc_offset=draw(st.sampled_from(OFFSETS)),
        mentees=draw(st.integers(0, 2)), max_mentees=draw(st.none() | st.integers(0, 4)),
        languages=draw(languages),
        active_mentees=draw(st.integers(0, 3)) if constraints else 0,
        profile_max=draw(st.none() | st.integers(0, 5)) if constraints else None) for j in range(n_mentors)]
    mentor_ids = [m.id for m in mentors]
    learners = [LearnerInfo(
        id=1 + i, skills=tuple(draw(skills)), goals=tuple(draw(st.lists(st.sampled_from(["sql", "client", "calls"]),
                                                                        max_size=2, unique=True))),
        utc_offset=draw(st.sampled_from(OFFSETS)), languages=draw(languages),
        excluded_mentors=frozenset(draw(st.lists(st.sampled_from(mentor_ids), max_size=1)) if mentor_ids and constraints
                                   else ()))
        for i in range(draw(st.integers(0, max_learners)))]
    required = draw(st.sampled_from(["", "", "en", "pt"])) if constraints else ""
    return learners, mentors, ["html"], required


def _checks(learners, mentors, track, required, suggestions):
    by_id = {m.id: m for m in mentors}
    learner_by_id = {learner.id: learner for learner in learners}
    assert sorted(s.learner_id for s in suggestions) == sorted(learner_by_id)          # a row per learner
    for s in suggestions:
        if s.mentor_id is None:
            assert s.reason in (NOBODY, NOBODY_ALLOWED)
            continue
        learner, mentor = learner_by_id[s.learner_id], by_id[s.mentor_id]
        assert allowed(learner, mentor, required)                                     # hard constraints
        assert s.fit == pair_fit(learner, mentor, track).points
        assert mentor.id not in learner.excluded_mentors and s.mentor_id not in s.alternatives
        assert all(allowed(learner, by_id[other], required) for other in s.alternatives)
    for mentor in mentors:                                                            # capacity
        taken = sum(s.mentor_id == mentor.id for s in suggestions)
        assert free_places(mentor) is None or taken <= free_places(mentor)


def _objective(assignment: dict[int, int | None], fits) -> tuple[int, int, float]:
    """(learners matched, worst fit, total fit less the load cost) of an assignment."""
    chosen = [fits[(learner, mentor)] for learner, mentor in assignment.items() if mentor is not None]
    counts = [list(assignment.values()).count(m) for m in set(assignment.values()) if m is not None]
    cost = sum(LOAD_STEP * k * (k - 1) / 2 for k in counts)
    return len(chosen), min(chosen, default=0), sum(chosen) - cost


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts())
def test_hard_constraints_capacity_and_a_row_per_learner_hold(cohort):
    learners, mentors, track, required = cohort
    _checks(learners, mentors, track, required, suggest_matches(learners, mentors, track, required))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts(), st.randoms(use_true_random=False))
def test_the_result_is_the_same_whatever_the_input_order(cohort, rnd: random.Random):
    learners, mentors, track, required = cohort
    expected = suggest_matches(learners, mentors, track, required)
    learners, mentors = learners[:], mentors[:]
    rnd.shuffle(learners)
    rnd.shuffle(mentors)
    assert suggest_matches(learners, mentors, track, required) == expected


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts(max_learners=5, max_mentors=3))
def test_brute_force_finds_nothing_better(cohort):
    """Over every assignment: none matches more learners, none with as many has a better worst
    fit, and none with both has a higher total fit less load cost."""
    learners, mentors, track, required = cohort
    fits = {(learner.id, mentor.id): pair_fit(learner, mentor, track).points
            for learner in learners for mentor in mentors if allowed(learner, mentor, required)}
    places = {m.id: free_places(m) for m in mentors}
    options = [[None] + [m.id for m in mentors if (learner.id, m.id) in fits] for learner in learners]
    feasible = []
    for combo in itertools.product(*options):
        if all(places[m] is None or combo.count(m) <= places[m] for m in places):
            feasible.append(_objective(dict(zip((learner.id for learner in learners), combo, strict=True)), fits))
    best_count = max(count for count, _, _ in feasible)
    best_worst = max(worst for count, worst, _ in feasible if count == best_count)
    best_total = max(total for count, worst, total in feasible if count == best_count and worst >= best_worst)
    ours = _objective({s.learner_id: s.mentor_id for s in suggest_matches(learners, mentors, track, required)}, fits)
    assert ours[:2] == (best_count, best_worst)
    assert ours[2] >= best_total - 1e-6


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts(max_learners=25, max_mentors=5, constraints=False))
def test_never_worse_than_the_old_greedy(cohort):
    """As many learners matched; and either a strictly better worst-off learner, or (greedy's
    answer being one we could have chosen) a total fit less load cost at least as high."""
    learners, mentors, track, _ = cohort
    fits = {(learner.id, mentor.id): pair_fit(learner, mentor, track).points
            for learner in learners for mentor in mentors}
    ours = _objective({s.learner_id: s.mentor_id for s in suggest_matches(learners, mentors, track)}, fits)
    greedy = _objective(greedy_matches(learners, mentors, track), fits)
    assert ours[0] >= greedy[0]
    if ours[0] == greedy[0] and ours[1] == greedy[1]:
        assert ours[2] >= greedy[2] - 1e-6
    elif ours[0] == greedy[0]:
        assert ours[1] > greedy[1]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts(max_learners=40, max_mentors=4, constraints=False))
def test_growing_the_columns_of_busy_mentors_finds_the_same_optimum_as_all_columns(cohort):
    """``_assign`` starts unlimited mentors with a few columns and doubles them when filled;
    its answer must be as good as one solve with every place as a column."""
    learners, mentors, track, required = cohort
    learners = sorted(learners, key=lambda item: item.id)
    mentors = sorted([replace(m, max_mentees=None) if m.id % 2 else m for m in mentors], key=lambda item: item.id)
    problem = matching._problem(learners, mentors, tuple(track), required)
    most, threshold = matching.best_minimum(problem)
    if not most:
        return
    usable = problem.points >= threshold
    every_place = [min(int(problem.capacity[j]), int(usable[:, j].sum()), most) for j in range(len(mentors))]
    reference = matching._solve(usable, problem.points, every_place, len(learners) - most)
    fits = {(learner.id, mentor.id): int(problem.points[i, j])
            for i, learner in enumerate(learners) for j, mentor in enumerate(mentors)}
    with patch.object(matching, "_first_places", lambda learners, mentors: 1):   # double from 1, 2, 4 ...
        chosen = matching._assign(problem, most, threshold)
    ours = _objective({learner.id: mentors[chosen[i]].id if i in chosen else None
                       for i, learner in enumerate(learners)}, fits)
    theirs = _objective({learner.id: mentors[j].id if j >= 0 else None
                         for learner, j in zip(learners, reference, strict=True)}, fits)
    assert ours[0] == theirs[0] == most
    assert abs(ours[2] - theirs[2]) < 1e-6
