"""Plan test fixtures."""
from __future__ import annotations

import pytest

from tests.factories.plans import PlanWorld, plan_world


@pytest.fixture
def world(app) -> PlanWorld:
    return plan_world()
