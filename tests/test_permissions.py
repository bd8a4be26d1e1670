"""Rules that only tell admins from everyone else, and the rules as template globals."""
from __future__ import annotations

from types import SimpleNamespace

from flask_login import AnonymousUserMixin

from lms import permissions as p
from tests.factories.auth import make_admin, make_user

ANONYMOUS = AnonymousUserMixin()


def test_admin_only_rules(app):
    admin, someone = make_admin(), make_user()
    for rule in (p.can_manage_tracks, p.can_view_every_track, p.can_review_every_cohort, p.can_manage_certificates):
        assert rule(admin) and not rule(someone) and not rule(ANONYMOUS), rule.__name__
    assert p.can_preview_track(admin, None) and not p.can_preview_track(someone, None)


def test_learner_pages_are_for_signed_in_people_who_are_not_admins(app):
    assert p.uses_learner_pages(make_user())
    assert not p.uses_learner_pages(make_admin()) and not p.uses_learner_pages(ANONYMOUS)


def test_a_claim_is_released_by_its_claimant_or_an_admin(app):
    claimant, other, admin = make_user(), make_user(), make_admin()
    submission = SimpleNamespace(claimed_by_id=claimant.id)
    assert p.can_release_claim(claimant, submission) and p.can_release_claim(admin, submission)
    assert not p.can_release_claim(other, submission) and not p.can_release_claim(ANONYMOUS, submission)


def test_templates_ask_the_same_rules(app):
    admin = make_admin()
    template = app.jinja_env.from_string("{{ can_manage_tracks(user) }} {{ can_manage_cohort(user) }}")
    assert template.render(user=admin) == "True True"
    assert "is_admin" not in app.jinja_env.globals
