"""Community tests: a track with cohorts A and B (``tests.factories.community``)."""
from __future__ import annotations

import pytest

from tests.factories.community import CommunityWorld, community_world
from tests.submissions.conftest import app  # noqa: F401 (periodic tasks do not tick on requests)


@pytest.fixture
def world(app) -> CommunityWorld:  # noqa: F811
    return community_world()
