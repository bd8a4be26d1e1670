"""The progress tests use the tracks tests' fixtures: the good track and a learner in it."""
from tests.tracks.conftest import fixtures, good_folder, learner, mentor, track  # noqa: F401
