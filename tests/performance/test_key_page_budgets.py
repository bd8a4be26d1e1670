"""Query budgets of the key pages (issue 17): each page is requested at two data sizes and
must cost the same number of SQL statements at both, stay within the budget written here,
and lazily load nothing it did not plan (tests/lazyloads.py), so an N+1 fails by name.

The world is built once for the module: the two-cohort world grown to about 3, then about
30, of everything the pages list (tests/performance/growth.py: learners with hand-ins and
reviews, mentors, asks, ask replies, posts, goals, bookings, notifications). Each page is
measured at both sizes before any test runs; each test then reads one page's figures.

A budget is the page's statement count today with no headroom: a change that adds a query
to a key page shows here and updates the number on purpose (docs/performance.md lists them).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from lms.auth.models import User
from lms.extensions import db
from lms.pagecache import HEADER
from tests.api.harness import world_app
from tests.factories.api import bearer
from tests.factories.scenario import TwoCohorts
from tests.lazyloads import UnplannedLazyLoad, no_lazy_loads
from tests.performance.growth import grow
from tests.querycount import count_queries

SMALL, LARGE = 2, 28   # added to the world's one of each: about 3 and 30
# A page behind the page cache (lms.pagecache) reads the tables' versions before it is drawn,
# and once kept costs only that and the signed-in person (or that alone for nobody signed in).
VERSIONS = 1


@dataclass(frozen=True)
class Page:
    name: str
    who: str | None                      # a TwoCohorts user field; "token:<field>" for the API; None: anonymous
    path: object                         # TwoCohorts -> str
    budget: int                          # statements at the larger size
    allowance: int = 0                   # statements more at the larger size (say why where not 0)
    planned: frozenset = field(default_factory=frozenset)   # lazy loads allowed (say why)
    grows: bool = True                   # shows more at the larger size (False: nothing it lists grows)
    kept: bool = True                    # served from the page cache once drawn

    @property
    def id(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")


# grows=False: what the page shows does not depend on the data grown (one track's items, one
# certificate, one session, the two tracks); its budget still holds.
PAGES = [
    Page("learner dashboard", "learner_a", lambda w: "/dashboard", 15 + VERSIONS),
    Page("track overview", "learner_a", lambda w: f"/tracks/{w.track_a}", 12 + VERSIONS, grows=False),
    Page("lesson", "learner_a", lambda w: f"/tracks/{w.track_a}/lessons/{w.lesson_a}", 9 + VERSIONS, grows=False),
    Page("assignment", "learner_a", lambda w: f"/tracks/{w.track_a}/lessons/{w.assignment_a}", 14 + VERSIONS),
    Page("mentor queue", "mentor_a", lambda w: "/reviews/", 12 + VERSIONS),
    Page("mentor queue asks", "mentor_a", lambda w: "/reviews/?kind=asks", 10 + VERSIONS),
    Page("mentor queue reviews", "mentor_a", lambda w: "/reviews/?kind=reviews", 10 + VERSIONS),
    Page("review page", "mentor_a", lambda w: f"/reviews/{w.submission_a}", 16 + VERSIONS),
    Page("admin cohort page", "admin", lambda w: f"/cohorts/{w.cohort_a}", 10 + VERSIONS),
    Page("cohort people page", "admin", lambda w: f"/cohorts/{w.cohort_a}/people", 9 + VERSIONS),
    Page("gradebook export", "admin", lambda w: f"/cohorts/{w.cohort_a}/gradebook.csv", 8, kept=False),
    Page("verify page", None, lambda w: f"/verify/{w.certificate_code_a}", 3 + VERSIONS, grows=False),
    Page("admin users", "admin", lambda w: "/admin/users/", 4 + VERSIONS),
    Page("mentor directory", "learner_a", lambda w: f"/cohorts/{w.cohort_a}/mentors", 16 + VERSIONS),
    Page("development plan", "learner_a", lambda w: "/plan", 10 + VERSIONS),
    Page("ask thread", "learner_a", lambda w: f"/asks/{w.ask_a}", 5 + VERSIONS),
    Page("ask thread (mentor)", "mentor_a", lambda w: f"/asks/{w.ask_a}", 12 + VERSIONS),
    Page("booking page", "learner_a", lambda w: f"/meetings/book/{w.enrollment_a}", 17 + VERSIONS),
    Page("session page", "learner_a", lambda w: f"/meetings/{w.booking_a}", 8 + VERSIONS, grows=False),
    Page("discussion thread", "learner_a", lambda w: f"/spaces/topics/{w.community_topic_a}/", 18 + VERSIONS),
    Page("API tracks", "token:admin", lambda w: "/api/v1/tracks/", 3, grows=False, kept=False),
    Page("API cohorts", "token:admin", lambda w: "/api/v1/cohorts/", 3, kept=False),
    Page("API submissions", "token:mentor_a", lambda w: "/api/v1/submissions/", 3, kept=False),
    Page("API asks", "token:mentor_a", lambda w: "/api/v1/asks/", 3, kept=False),
]


@dataclass
class Measured:
    status: int
    statements: int
    size: int
    lazy: str = ""          # the guard's message when the page lazily loaded something unplanned
    kept_statements: int | None = None  # asked once more: the statements of the page served kept


def _clients(app, world: TwoCohorts) -> dict:
    clients = {}
    for who in {page.who for page in PAGES}:
        client = app.test_client()
        if who is not None and not who.startswith("token:"):
            with client.session_transaction() as session:
                session["_user_id"] = db.session.get(User, getattr(world, who)).get_id()
                session["_fresh"] = True
        clients[who] = client
    return clients


def _measure(client, page: Page, world: TwoCohorts) -> Measured:
    headers = bearer(world.api_token_of(page.who.split(":")[1])) if (page.who or "").startswith("token:") else {}
    path = page.path(world)
    client.get(path, headers=headers)   # warm: first-visit writes (a token's last use, a profile row)
    lazy = ""
    with count_queries() as queries:
        try:
            with no_lazy_loads(page.planned):
                response = client.get(path, headers=headers)
        except UnplannedLazyLoad as error:
            lazy = str(error)
            response = None
    if response is None:   # measure again without the guard, to show the count too
        with count_queries() as queries:
            response = client.get(path, headers=headers)
    with count_queries(drawn=False) as kept:
        again = client.get(path, headers=headers)
    kept_statements = kept.count if again.headers.get(HEADER) == "hit" else None
    return Measured(response.status_code, queries.count, len(response.data), lazy, kept_statements)


@pytest.fixture(scope="module")
def measured(_schema, tmp_path_factory):
    # No attempt limit: learner A's hand-in is sent back and handed in again up to 30 times.
    with world_app(_schema, tmp_path_factory.mktemp("budgets"), SUBMISSION_MAX_ATTEMPTS=0) as (app, keeper):
        world = keeper.current()
        clients = _clients(app, world)
        grow(world, SMALL)
        small = {page.name: _measure(clients[page.who], page, world) for page in PAGES}
        grow(world, LARGE)
        large = {page.name: _measure(clients[page.who], page, world) for page in PAGES}
        yield {page.name: (small[page.name], large[page.name]) for page in PAGES}


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=[page.id for page in PAGES])
def test_key_page_keeps_its_query_budget(measured, page):
    small, large = measured[page.name]
    print(f"{page.name}: {small.statements} / {large.statements} statements, {small.size} / {large.size} bytes")
    assert (small.status, large.status) == (200, 200)
    assert large.size > small.size or not page.grows, "the larger size should show more: see growth.py"
    assert not small.lazy, small.lazy
    assert not large.lazy, large.lazy
    assert large.statements - small.statements <= page.allowance, (
        f"{page.name}: {small.statements} statements at the small size, {large.statements} at the large one")
    assert large.statements <= page.budget, f"{page.name}: {large.statements} statements, budget {page.budget}"


@pytest.mark.slow
@pytest.mark.parametrize("page", [page for page in PAGES if page.kept], ids=[page.id for page in PAGES if page.kept])
def test_key_page_served_kept_costs_two_statements(measured, page):
    """The signed-in person (for the public verify page: counting the check against its rate
    limit) and the versions, at either size."""
    small, large = measured[page.name]
    assert (small.kept_statements, large.kept_statements) == (1 + VERSIONS, 1 + VERSIONS)
