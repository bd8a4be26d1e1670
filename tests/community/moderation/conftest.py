"""The moderation and search tests' world: see ``tests.factories.community_rows.community``."""
from __future__ import annotations

import pytest

from tests.factories.community_rows import Community, community


@pytest.fixture
def world(app) -> Community:
    return community()
