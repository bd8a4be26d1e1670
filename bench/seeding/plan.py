"""How big each seeded organisation is, and what the steps share."""
from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import datetime


@dataclass(frozen=True)
class Size:
    learners: int
    cohorts: int
    tracks: int
    mentors: int
    biggest: int | None = None  # learners in the first cohort; None: a twentieth of them, at least a fair share


SIZES = {
    "S": Size(learners=100, cohorts=4, tracks=2, mentors=12),
    "M": Size(learners=1_000, cohorts=20, tracks=4, mentors=60),
    "L": Size(learners=10_000, cohorts=100, tracks=10, mentors=300),
}


def size_for(name: str, learners: int | None = None, biggest: int | None = None) -> Size:
    """The named size, or (for quick tests) a smaller organisation with that many learners; ``biggest``
    puts that many of them in the first cohort (a 10,000-row gradebook: 5,000 learners, 2 assignments)."""
    size = SIZES[name]
    if biggest is not None:  # every other cohort keeps at least one learner
        base = size_for(name, learners)
        return replace(base, biggest=min(biggest, base.learners - (base.cohorts - 1)))
    if learners is None:
        return size
    return Size(learners=learners, cohorts=max(2, min(size.cohorts, learners // 10)),
                tracks=min(size.tracks, 2), mentors=max(3, min(size.mentors, learners // 5)))


@dataclass
class TrackPlan:
    id: int
    slug: str
    title: str
    skills: list[str]
    completion: dict
    certificate: dict
    version: int
    lessons: list[dict]  # id, slug, kind, spec, position (current lessons, in order)


@dataclass
class CohortPlan:
    id: int
    name: str
    track: TrackPlan
    starts_on: object
    ends_on: object
    status: str
    timezone: str
    mentors: list[int] = field(default_factory=list)
    learners: list[tuple[int, int, str]] = field(default_factory=list)  # enrolment id, user id, status


@dataclass
class World:
    """What each step leaves for the next: ids, names and the clock of the seeded organisation."""

    rng: random.Random
    now: datetime
    size: Size
    password_hash: str
    admin_id: int = 0
    users: dict[int, dict] = field(default_factory=dict)  # id -> row (email, name)
    tracks: list[TrackPlan] = field(default_factory=list)
    cohorts: list[CohortPlan] = field(default_factory=list)
    mentor_ids: list[int] = field(default_factory=list)
    learner_ids: list[int] = field(default_factory=list)
    enrolment_mentor: dict[int, int] = field(default_factory=dict)  # learner enrolment -> primary mentor
    enrolment_started: dict[int, datetime] = field(default_factory=dict)
    completed: list[tuple] = field(default_factory=list)
    samples: dict[str, object] = field(default_factory=dict)  # ids the benchmarks open
