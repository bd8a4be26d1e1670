from tests.submissions.conftest import World, app, world  # noqa: F401 (shared fixtures)
