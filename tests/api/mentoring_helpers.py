"""For the API tests of submissions, reviews, mentoring, goals, asks and sessions: the two-cohort
world with a token client per actor, extra learners of cohort A, and a query-budget check."""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Callable

from lms.auth.models import User
from lms.cohorts.models import Cohort, EnrollmentRole
from lms.extensions import db
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol
from tests.factories.scenario import TwoCohorts, two_cohorts
from tests.querycount import count_queries

ACTORS = ("learner_a", "learner_b", "mentor_a", "mentor_b", "admin")
_numbers = itertools.count(1)


@dataclass
class Callers:
    world: TwoCohorts
    clients: dict

    def __getattr__(self, actor: str):
        if actor in ACTORS:
            return self.clients[actor]
        raise AttributeError(actor)

    def user(self, actor: str) -> User:
        return db.session.get(User, getattr(self.world, actor))


def callers(api_as, scopes=None) -> Callers:
    world = two_cohorts()
    clients = {actor: api_as(db.session.get(User, getattr(world, actor)), scopes=scopes) for actor in ACTORS}
    return Callers(world, clients)


def more_learners_of_a(world: TwoCohorts, count: int) -> list:
    """``count`` new active learners of cohort A (mentor A their primary mentor): their enrolments."""
    cohort = db.session.get(Cohort, world.cohort_a)
    mentor = db.session.get(User, world.mentor_a)
    enrolments = []
    for _ in range(count):
        n = next(_numbers)
        learner = make_user(email=f"extra{n}-{world.cohort_a}@example.org", name=f"Extra {n}", commit=False)
        db.session.flush()
        enrolments.append(enrol(cohort, learner, EnrollmentRole.LEARNER, mentor=mentor, commit=False))
    db.session.commit()
    return enrolments


def assert_constant_queries(get: Callable[[], object], grow: Callable[[int], None], *, first: int = 2,
                            then: int = 12) -> None:
    """The list costs as many queries with ``first`` more rows as with ``then`` more."""
    grow(first)
    get()  # warm: a token's first use is written (and committed) once a minute, not per request
    with count_queries() as few:
        response = get()
    assert response.status_code == 200, response.get_data(as_text=True)
    shown_few = len(response.get_json()["data"])
    grow(then - first)
    with count_queries() as many:
        response = get()
    assert response.status_code == 200
    assert len(response.get_json()["data"]) >= shown_few + then - first
    assert many.count == few.count, f"{few.count} queries, then {many.count}:\n{many}"
