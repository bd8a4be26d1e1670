"""XSS corpus through the profile form's text fields (headline, bio, help with, skills), shown
on the profile, welcome, mentor and mentor directory pages: never markup that can run."""
from __future__ import annotations

import pytest

from lms.extensions import db
from lms.profiles.models import Profile
from tests.factories.scenario import TwoCohorts, two_cohorts
from tests.profiles.helpers import form_version
from tests.security.conftest import sign_in_as
from tests.security.content_world import CHUNK_LIMIT, markdown_chunks, pack, payloads
from tests.security.test_content_safety import assert_page_safe, get_safe


@pytest.fixture
def world(app) -> TwoCohorts:
    return two_cohorts()


def test_corpus_through_every_profile_text_field_is_shown_as_text(client, world):
    headlines = pack(payloads(), 160)
    skills = pack(payloads(), 60)
    for i, chunk in enumerate(markdown_chunks()):
        sign_in_as(client, world, "mentor_a")
        data = {"name": "Mia Mentor", "headline": headlines[i % len(headlines)], "bio": chunk,
                "help_with": chunk[:CHUNK_LIMIT], "timezone": "UTC", "languages": "en",
                "skills-0-skill": skills[i % len(skills)], "skills-0-level": "expert",
                "version": form_version(client)}
        response = client.post("/profile", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        get_safe(client, world, "mentor_a", "/profile")
        get_safe(client, world, "mentor_a", "/welcome")
        get_safe(client, world, "learner_a", f"/cohorts/{world.cohort_a}/mentors")
        get_safe(client, world, "learner_a", f"/cohorts/{world.cohort_a}/mentor")
    assert "<script" not in db.session.get(Profile, world.mentor_a).bio_html.lower()


def test_corpus_as_directory_filter_values_is_shown_as_text(client, world):
    sign_in_as(client, world, "learner_a")
    for value in pack(payloads(), 60):
        for name in ("skill", "language", "min_overlap"):
            url = f"/cohorts/{world.cohort_a}/mentors"
            assert_page_safe(client.get(url, query_string={name: value}), url)
