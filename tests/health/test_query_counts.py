"""The health pages and exports run the same number of queries for 10 learners or 500."""
from __future__ import annotations

import pytest

from tests.factories.auth import make_admin
from tests.factories.health_rows import busy_cohort
from tests.health.conftest import NOW, START
from tests.querycount import count_queries


@pytest.mark.slow
def test_health_pages_run_the_same_queries_for_10_or_500_learners(client, auth, app, frozen):
    admin = make_admin()
    auth.login_as(admin)
    counts = {}
    for learners in (10, 500):
        cohort = busy_cohort(learners, starts_on=START, now=NOW)
        for url in (f"/cohorts/{cohort.id}/health", f"/cohorts/{cohort.id}/health.csv", "/health", "/health.csv"):
            with count_queries() as queries:
                assert client.get(url).status_code == 200
            counts.setdefault(url.replace(str(cohort.id), "ID"), []).append(queries.count)
    assert all(small == large for small, large in counts.values()), counts
    assert max(max(c) for c in counts.values()) <= 25, counts
