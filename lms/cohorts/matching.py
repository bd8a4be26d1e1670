"""Mentor matching: a primary mentor for every learner who has none, chosen for the whole cohort at once.

Pure and deterministic: plain dataclasses in, suggestions out (inputs are sorted by id
first, so their order never matters).

**Fit** (``lms.cohorts.matching_fit.pair_fit``), whole points from 0 to 100:

- skills, at most 64: for each of the mentor's skills that meets the learner's interests
  (the track's skills, the learner's own skills, and the words of their open goals;
  a multi-word skill meets the goals when all its words appear there): 3 points if the
  mentor works with it, 5 if strong, 6 if expert (0 if they are learning it themselves);
  +2 when the mentor is strong or expert in a skill the learner is learning or working on;
  +3 when the skill is among the learner's goals;
- language, 8: they share a language (``Profile.languages``, compared by primary subtag);
- time zones, up to 18: 2 per hour of overlapping 09:00-18:00 working day, with the
  offsets taken at the cohort's start;
- load, up to 10: the share of places the mentor still has free under the limit that binds
  first (this cohort's maximum, or their own maximum across cohorts); without a limit
  ``10 / (1 + mentees / 10)``.

**Hard constraints**: a pair an admin excluded is never suggested; when the cohort requires
a language, both must speak it; a mentor gets at most their free places (the smaller of
the cohort's and the profile's); away mentors are not offered at all (``matching_inputs``).

**Objective**, lexicographic:

1. as many learners as possible get a mentor (maximum flow, ``scipy.sparse.csgraph``);
2. the worst-matched learner is as well off as possible: the highest fit ``t`` such that
   as many learners can still be matched using only pairs with fit >= ``t`` (binary
   search over the distinct fit values, each checked by a maximum flow);
3. the total fit is as high as possible with every pair at fit >= ``t``, less a small
   load cost that spreads learners: a mentor's k-th new mentee in this run costs
   ``LOAD_STEP * (k - 1)`` points (diminishing returns per place). Solved by
   ``scipy.optimize.linear_sum_assignment`` on a cost matrix whose columns are the mentors'
   places (a mentor with k free places gives k columns, an unlimited one as many as there
   are learners; busy mentors' columns are added only as the answer needs them, see
   ``_assign``) plus "no mentor" columns with a large cost.

Each suggestion keeps its reasons in words and up to three alternatives (other allowed
mentors with room, best fit first).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from flask_babel import lazy_gettext
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_flow

from lms.cohorts.matching_fit import (
    LearnerInfo,
    MentorInfo,
    allowed,
    fit_points,
    free_places,
    goal_tokens,
    load_words,
    prepare_learner,
    prepare_mentor,
    prepared_fit,
    utc_offset_hours,
)

__all__ = ["LearnerInfo", "MentorInfo", "Suggestion", "goal_tokens", "suggest_matches", "utc_offset_hours"]

LOAD_STEP = 0.2
NO_MENTOR_COST = 1e4     # above any difference in fit: matching one more learner always wins
FORBIDDEN_COST = 1e6     # above "no mentor": a forbidden pair is never chosen
ALTERNATIVES = 3
NOBODY = lazy_gettext("no mentor has room left")
NOBODY_ALLOWED = lazy_gettext("no mentor with room may be paired with them (an excluded pair or the required language)")


@dataclass(frozen=True)
class Suggestion:
    learner_id: int
    mentor_id: int | None         # None: no mentor has room
    fit: int = 0
    shared_skills: tuple[str, ...] = ()
    overlap_hours: float = 0.0
    load: str = ""                # e.g. "2 of 5 mentees", counting the suggestions before this one
    reason: str = ""
    alternatives: tuple[int, ...] = ()   # other allowed mentors with room, best fit first


@dataclass(frozen=True)
class _Problem:
    points: np.ndarray                   # fit points per (learner, mentor), -1 where forbidden or no room
    capacity: np.ndarray                 # places each mentor can take in this run

    def matched_at(self, threshold: int) -> int:
        """How many learners can get a mentor using only pairs with fit >= threshold."""
        return _max_matched(self.points >= threshold, self.capacity)


def _max_matched(usable: np.ndarray, capacity: np.ndarray) -> int:
    n, m = usable.shape
    if not n or not m or not usable.any():
        return 0
    source, sink = 0, n + m + 1
    learner_rows, mentor_cols = np.nonzero(usable)
    tails = np.concatenate([np.full(n, source), learner_rows + 1, np.arange(m) + n + 1])
    heads = np.concatenate([np.arange(n) + 1, mentor_cols + n + 1, np.full(m, sink)])
    caps = np.concatenate([np.ones(n), np.ones(len(learner_rows)), capacity]).astype(np.int32)
    graph = csr_matrix((caps, (tails, heads)), shape=(n + m + 2, n + m + 2))
    return int(maximum_flow(graph, source, sink).flow_value)


def _problem(learners: list[LearnerInfo], mentors: list[MentorInfo], track_skills, required_language) -> _Problem:
    capacity = np.array([len(learners) if free_places(m) is None else min(free_places(m), len(learners))
                         for m in mentors], dtype=np.int64)
    views = [prepare_mentor(mentor) for mentor in mentors]
    points = np.full((len(learners), len(mentors)), -1, dtype=np.int64)
    for i, learner in enumerate(learners):
        view = prepare_learner(learner, track_skills)
        for j, mentor in enumerate(mentors):
            if capacity[j] > 0 and allowed(learner, mentor, required_language):
                points[i, j] = fit_points(view, views[j])
    return _Problem(points, capacity)


def best_minimum(problem: _Problem) -> tuple[int, int]:
    """(learners matched, the highest fit every matched learner can have) — steps 1 and 2."""
    most = problem.matched_at(0)
    if not most:
        return 0, 0
    values = np.unique(problem.points[problem.points >= 0])
    low, high = 0, len(values) - 1          # values[low] is always feasible
    while low < high:
        middle = (low + high + 1) // 2
        if problem.matched_at(int(values[middle])) == most:
            low = middle
        else:
            high = middle - 1
    return most, int(values[low])


def _solve(usable: np.ndarray, points: np.ndarray, places: list[int], dummies: int) -> list[int]:
    """One linear_sum_assignment: mentor index (or -1) per learner, with ``places[j]`` columns for mentor j."""
    n = usable.shape[0]
    columns, costs = [], []
    for j, count in enumerate(places):
        base = np.where(usable[:, j], -points[:, j].astype(float), FORBIDDEN_COST)
        for k in range(count):
            columns.append(j)
            costs.append(base + LOAD_STEP * k)
    columns += [-1] * dummies
    costs += [np.full(n, NO_MENTOR_COST)] * dummies
    chosen = [-1] * n
    if columns:
        for i, c in zip(*linear_sum_assignment(np.column_stack(costs)), strict=True):
            chosen[i] = columns[c]
    return chosen


def _first_places(learners: int, mentors: int) -> int:
    """Columns a mentor starts with: four times an even share of the learners, at least 8."""
    return max(4 * -(-learners // max(mentors, 1)), 8)


def _assign(problem: _Problem, most: int, threshold: int) -> dict[int, int]:
    """Learner index -> mentor index maximising total fit (less load cost) at fit >= threshold (step 3).

    A mentor with many places first gets only ``_first_places`` columns; when the answer fills
    them all, they get twice as many and it is solved again. An answer that leaves a mentor's
    last column empty is optimal for all their places too: the load cost is convex, so a limit
    that does not bind changes nothing. This keeps the matrix small for unlimited mentors.
    """
    usable = problem.points >= threshold
    n, m = usable.shape
    full = [min(int(problem.capacity[j]), int(usable[:, j].sum()), most) for j in range(m)]
    first = _first_places(n, m)
    places = [min(count, first) for count in full]
    while True:
        chosen = _solve(usable, problem.points, places, n - most)
        loads = [chosen.count(j) for j in range(m)]
        cramped = [j for j in range(m) if loads[j] >= places[j] and places[j] < full[j]]
        if not cramped:
            break
        for j in cramped:
            places[j] = min(full[j], 2 * places[j])
    return {i: j for i, j in enumerate(chosen) if j >= 0 and usable[i, j]}


def suggest_matches(learners: list[LearnerInfo], mentors: list[MentorInfo], track_skills,
                    required_language: str = "") -> list[Suggestion]:
    """One suggestion per learner, in learner-id order (a mentor, or "no mentor has room left")."""
    learners = sorted(learners, key=lambda item: item.id)
    mentors = sorted(mentors, key=lambda item: item.id)
    track_skills = tuple(track_skills)
    problem = _problem(learners, mentors, track_skills, required_language)
    most, threshold = best_minimum(problem)
    chosen = _assign(problem, most, threshold) if most else {}
    taken = {j: 0 for j in range(len(mentors))}
    suggestions = []
    for i, learner in enumerate(learners):
        others = sorted((-int(points), mentors[j].id) for j, points in enumerate(problem.points[i])
                        if points >= 0 and j != chosen.get(i))
        alternatives = tuple(mentor_id for _, mentor_id in others[:ALTERNATIVES])
        if i not in chosen:
            ruled_out = not others and any(problem.capacity > 0)
            suggestions.append(Suggestion(learner_id=learner.id, mentor_id=None, alternatives=alternatives,
                                          reason=str(NOBODY_ALLOWED if ruled_out else NOBODY)))
            continue
        j = chosen[i]
        taken[j] += 1
        fit = prepared_fit(prepare_learner(learner, track_skills), prepare_mentor(mentors[j]))
        load = load_words(mentors[j], taken[j])
        suggestions.append(Suggestion(learner_id=learner.id, mentor_id=mentors[j].id, fit=fit.points,
                                      shared_skills=fit.shared_skills, overlap_hours=fit.overlap, load=load,
                                      reason=fit.reason(load), alternatives=alternatives))
    return suggestions
