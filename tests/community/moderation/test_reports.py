"""Reporting a post: once per person (even at the same moment), never by its author, and the
space's moderators are told in the app without the reported text."""
from __future__ import annotations

import pytest

from lms.auth.models import User
from lms.community import reports
from lms.community.models import Post, PostReport, ReportOutcome
from lms.community.moderation import ModerationError
from lms.extensions import db
from lms.notifications.models import Notification
from tests.factories.community_rows import make_report
from tests.race import race

SECRET = "You are all idiots and here is my phone number 555-0199"


def test_a_report_is_recorded_audited_and_told_to_the_spaces_mentors_only(world):
    world.reply.body = SECRET
    report = reports.report_post(world.reply, "Insulting: " + SECRET, world.learner_a)
    db.session.commit()
    assert report.outcome == ReportOutcome.OPEN and report.reporter_id == world.learner_a.id
    told = db.session.query(Notification).filter_by(kind="community_report").all()
    assert [n.user_id for n in told] == [world.mentor_a.id]
    assert "555-0199" not in told[0].title + told[0].body and told[0].url == f"/spaces/{world.space_a.id}/reports"


def test_a_second_report_by_the_same_person_changes_nothing(world):
    assert reports.report_post(world.reply, "Rude", world.learner_a) is not None
    assert reports.report_post(world.reply, "Still rude", world.learner_a) is None
    db.session.commit()
    assert db.session.query(PostReport).count() == 1
    assert db.session.query(Notification).filter_by(kind="community_report").count() == 1


def test_a_report_needs_a_reason_of_sensible_length(world):
    with pytest.raises(ModerationError):
        reports.report_post(world.reply, "  ", world.learner_a)
    with pytest.raises(ModerationError):
        reports.report_post(world.reply, "x" * 1001, world.learner_a)


def test_two_reports_at_the_same_moment_make_one_row(app, world):
    post_id, user_id = world.reply.id, world.learner_a.id

    def attempt(_, ready):
        post, user = db.session.get(Post, post_id), db.session.get(User, user_id)
        ready()
        reports.report_post(post, "Rude", user)

    race(app, range(2), attempt, ModerationError)
    assert db.session.query(PostReport).count() == 1


def test_a_track_space_without_active_mentors_tells_the_admins(world):
    from lms.cohorts.models import Enrollment, EnrollmentRole, EnrollmentStatus

    for enrollment in db.session.query(Enrollment).filter_by(role=EnrollmentRole.MENTOR):
        enrollment.status = EnrollmentStatus.WITHDRAWN
    world.topic.space = world.track_space
    db.session.commit()
    reports.report_post(world.reply, "Rude", world.learner_a)
    db.session.commit()
    assert [n.user_id for n in db.session.query(Notification).filter_by(kind="community_report")] == [world.admin.id]


def test_dismissing_settles_all_open_reports_and_refuses_when_none_is_left(world):
    make_report(world.reply, world.learner_a)
    make_report(world.reply, world.mentor_b, commit=True)
    assert reports.dismiss_reports(world.reply, world.mentor_a) == 2
    db.session.commit()
    with pytest.raises(ModerationError, match="no open report"):
        reports.dismiss_reports(world.reply, world.mentor_a)


def test_the_queue_shows_only_spaces_the_moderator_moderates(world):
    make_report(world.reply, world.learner_a, commit=True)
    assert [item.post.id for item in reports.open_queue(world.mentor_a).items] == [world.reply.id]
    assert reports.open_queue(world.mentor_b).items == []
    assert reports.open_queue(world.mentor_c).items == []
    assert reports.open_queue(world.admin).total == 1
    assert reports.open_queue(world.admin, space_id=world.space_b.id).total == 0
