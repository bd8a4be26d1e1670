"""The mentor's and the author's side of peer review, in the submissions world
(a running cohort with an assignment, a mentor, two learners and an admin)."""
from tests.submissions.conftest import World, app, world  # noqa: F401 (shared fixtures)
