"""Compare the old greedy matcher with the global one on a large, realistic cohort.

    .venv/bin/python bench/matching.py [--learners 1000] [--mentors 60] [--seed 7]

Generates learners and mentors with Zipf-like skill popularity over 40 skills, skill
levels, languages with a dominant one, time zones clustered by region, mentor limits of
10-25 places (some unlimited) and a few excluded pairs. Runs the greedy pass that matching
used before issue 12 (copied below, used only here) and ``lms.cohorts.matching`` on the
same input, and prints side by side: mean fit and the worst-off learner's fit (both scored
by ``lms.cohorts.matching_fit.pair_fit``), learners left unmatched, load spread (max - min
mentees per mentor), excluded pairs used, and time. No database, no Flask. Prints
figures; it is not a test.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lms.cohorts.matching import suggest_matches  # noqa: E402
from lms.cohorts.matching_fit import LearnerInfo, MentorInfo, goal_tokens, pair_fit  # noqa: E402

SKILLS = [f"skill{n:02d}" for n in range(40)]
REGIONS = [(-6.0, 3), (-5.0, 3), (0.0, 6), (1.0, 6), (2.0, 3), (5.5, 2), (8.0, 2), (10.0, 1)]   # offset, weight
LANGUAGES = [("en", 10), ("es", 3), ("pt", 2), ("de", 1), ("fr", 1)]
LEVELS = ("learning", "working", "strong", "expert")


# --- The greedy pass matching used before issue 12, kept here for comparison only ---

NEAR_HOURS = 6


def _greedy_shared(mentor: MentorInfo, learner: LearnerInfo, track_skills) -> tuple[str, ...]:
    names = [s if isinstance(s, str) else s[0] for s in learner.skills]
    interests = {s.lower() for s in track_skills} | {s.lower() for s in names} | set(learner.goals)
    mentor_names = [s if isinstance(s, str) else s[0] for s in mentor.skills]
    return tuple(s for s in mentor_names if s in interests or all(w in interests for w in s.split()))


def greedy_matches(learners, mentors, track_skills) -> dict[int, int | None]:
    """Learner id -> mentor id, each learner in id order taking the best mentor with room left."""
    loads = {mentor.id: mentor.mentees for mentor in mentors}
    ordered = sorted(mentors, key=lambda m: m.id)
    result = {}
    for learner in sorted(learners, key=lambda item: item.id):
        ranked = []
        for mentor in ordered:
            if mentor.max_mentees is not None and loads[mentor.id] >= mentor.max_mentees:
                continue
            shared = _greedy_shared(mentor, learner, track_skills)
            hours = abs(mentor.utc_offset - learner.utc_offset)
            ranked.append(((hours > NEAR_HOURS, -len(shared), loads[mentor.id], hours, mentor.id), mentor))
        if not ranked:
            result[learner.id] = None
            continue
        best = min(ranked, key=lambda item: item[0])[1]
        loads[best.id] += 1
        result[learner.id] = best.id
    return result


# --- The generated cohort ---

def _zipf_choice(rng: random.Random, items: list, k: int) -> list:
    weights = [1 / (rank + 1) for rank in range(len(items))]
    chosen: list = []
    while len(chosen) < k:
        item = rng.choices(items, weights)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


def _weighted(rng: random.Random, pairs):
    return rng.choices([p for p, _ in pairs], [w for _, w in pairs])[0]


def _languages(rng: random.Random) -> tuple[str, ...]:
    first = _weighted(rng, LANGUAGES)
    return (first, "en") if first != "en" and rng.random() < 0.6 else (first,)


def generate(n_learners: int, n_mentors: int, seed: int):
    rng = random.Random(seed)
    mentors = []
    for m in range(n_mentors):
        skills = tuple((s, rng.choice(LEVELS[1:])) for s in _zipf_choice(rng, SKILLS, rng.randint(3, 8)))
        limit = None if rng.random() < 0.1 else rng.randint(10, 25)
        mentors.append(MentorInfo(id=10_000 + m, skills=skills, utc_offset=_weighted(rng, REGIONS),
                                  max_mentees=limit, languages=_languages(rng)))
    learners = []
    for n in range(n_learners):
        skills = tuple((s, rng.choice(LEVELS[:2])) for s in _zipf_choice(rng, SKILLS, rng.randint(0, 4)))
        goals = goal_tokens(" ".join(_zipf_choice(rng, SKILLS, rng.randint(0, 2))))
        excluded = frozenset({10_000 + rng.randrange(n_mentors)}) if rng.random() < 0.02 else frozenset()
        learners.append(LearnerInfo(id=n + 1, skills=skills, goals=goals, utc_offset=_weighted(rng, REGIONS),
                                    languages=_languages(rng), excluded_mentors=excluded))
    return learners, mentors, SKILLS[:3]


def figures(assignment: dict[int, int | None], learners, mentors, track_skills, seconds: float) -> dict:
    by_id = {mentor.id: mentor for mentor in mentors}
    fits = [pair_fit(learner, by_id[assignment[learner.id]], track_skills).points
            for learner in learners if assignment[learner.id] is not None]
    loads = {mentor.id: mentor.mentees for mentor in mentors}
    for mentor_id in assignment.values():
        if mentor_id is not None:
            loads[mentor_id] += 1
    excluded = sum(1 for learner in learners if assignment[learner.id] in learner.excluded_mentors)
    return {"mean fit": f"{statistics.fmean(fits):.2f}" if fits else "-",
            "worst-off fit": min(fits) if fits else "-",
            "unmatched": sum(1 for value in assignment.values() if value is None),
            "load spread": max(loads.values()) - min(loads.values()),
            "excluded pairs used": excluded,
            "time (s)": f"{seconds:.3f}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--mentors", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    learners, mentors, track = generate(args.learners, args.mentors, args.seed)
    print(f"{len(learners)} learners x {len(mentors)} mentors "
          f"({sum(m.max_mentees is None for m in mentors)} unlimited, "
          f"{sum(m.max_mentees or 0 for m in mentors)} limited places), seed {args.seed}")

    started = time.perf_counter()
    old = greedy_matches(learners, mentors, track)
    old_figures = figures(old, learners, mentors, track, time.perf_counter() - started)

    started = time.perf_counter()
    new = {s.learner_id: s.mentor_id for s in suggest_matches(learners, mentors, track)}
    new_figures = figures(new, learners, mentors, track, time.perf_counter() - started)

    print(f"{'':22}{'greedy (old)':>14}{'global (new)':>14}")
    for key in old_figures:
        print(f"{key:22}{old_figures[key]!s:>14}{new_figures[key]!s:>14}")
    targets = {
        "mean fit never worse": float(new_figures["mean fit"]) >= float(old_figures["mean fit"]),
        "worst-off fit strictly better": new_figures["worst-off fit"] > old_figures["worst-off fit"],
        "load spread strictly better": new_figures["load spread"] < old_figures["load spread"],
        "under 2 s": float(new_figures["time (s)"]) < 2,
    }
    print("targets: " + "; ".join(f"{name}: {'yes' if met else 'NO'}" for name, met in targets.items()))


if __name__ == "__main__":
    main()
