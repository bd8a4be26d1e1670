"""``flask tracks import courses/`` then ``flask demo`` with every feature's step: the
whole demo a new admin sees after ``make run``, built twice without harm."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.submissions.models import Attempt

COURSES = Path(__file__).resolve().parent.parent / "courses"

pytestmark = pytest.mark.slow


@pytest.fixture
def demo(runner):
    assert runner.invoke(args=["tracks", "import", str(COURSES)]).exit_code == 0
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result.output


def test_every_step_runs_and_every_hand_in_is_stored_rendered(demo):
    assert "skipped" not in demo.lower()
    assert "error" not in demo.lower()
    missing = db.session.scalar(select(func.count()).select_from(Attempt)
                                .where(Attempt.text != "", Attempt.text_html == ""))
    assert missing == 0


def test_running_the_demo_again_changes_nothing_it_should_not(demo, runner):
    attempts = db.session.scalar(select(func.count()).select_from(Attempt))
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0, again.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == attempts


def test_the_demo_shows_peer_review(demo):
    """The landing-page assignment asks for peer reviews: duties from the hand-ins, one review written."""
    from lms.peer.models import PeerDuty, PeerReview, PeerReviewStatus

    assert db.session.query(PeerDuty).count() >= 3
    assert db.session.query(PeerReview).filter_by(status=PeerReviewStatus.SUBMITTED).count() == 1
