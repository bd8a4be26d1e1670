"""Mentors and admins leave check-in notes on goals; the learner is told about shared ones."""
from __future__ import annotations

from sqlalchemy import select

from lms.extensions import db
from lms.notifications.models import Notification, NotificationPreference
from lms.outbox import OutboxEmail
from lms.plans.models import GoalCheckIn, NoteVisibility
from tests.factories.plans import make_goal


def _notes():
    db.session.expire_all()
    return db.session.scalars(select(GoalCheckIn).order_by(GoalCheckIn.id)).all()


def test_mentor_leaves_a_shared_note_rendered_once_and_the_learner_is_notified_and_emailed(client, auth, world):
    goal = make_goal(world.learner, "Learn grid layout")
    auth.login_as(world.mentor)
    response = client.post(f"/plan/goals/{goal.id}/checkins",
                           data={"body": "Try **grid-template-areas**", "visibility": "shared"})
    assert response.status_code == 302
    [note] = _notes()
    assert note.author_id == world.mentor.id and note.visibility == NoteVisibility.SHARED
    assert note.body_html.strip() == "<p>Try <strong>grid-template-areas</strong></p>"
    [notification] = db.session.scalars(select(Notification).where(Notification.user_id == world.learner.id)).all()
    assert "Marco Mentor left a note on your goal “Learn grid layout”" == notification.title
    assert notification.url.endswith(f"/plan#goal-{goal.id}")
    [email] = db.session.scalars(select(OutboxEmail)).all()
    assert email.to == world.learner.email and "grid-template-areas" in email.text


def test_private_notes_notify_nobody(client, auth, world):
    goal = make_goal(world.learner)
    auth.login_as(world.mentor)
    client.post(f"/plan/goals/{goal.id}/checkins", data={"body": "Between us", "visibility": "mentors"})
    assert _notes()[0].visibility == NoteVisibility.MENTORS
    assert db.session.scalar(select(Notification)) is None and db.session.scalar(select(OutboxEmail)) is None


def test_learner_who_turned_off_review_emails_gets_only_the_in_app_notification(client, auth, world):
    db.session.add(NotificationPreference(user_id=world.learner.id, email_reviews=False))
    goal = make_goal(world.learner)
    auth.login_as(world.admin)
    client.post(f"/plan/goals/{goal.id}/checkins", data={"body": "From the program team", "visibility": "shared"})
    assert db.session.scalar(select(Notification)) is not None
    assert db.session.scalar(select(OutboxEmail)) is None


def test_an_empty_or_invalid_note_re_renders_the_plan_with_a_message(client, auth, world):
    goal = make_goal(world.learner)
    auth.login_as(world.mentor)
    response = client.post(f"/plan/goals/{goal.id}/checkins", data={"body": "  ", "visibility": "shared"})
    assert response.status_code == 400 and "field--error" in response.get_data(as_text=True)
    response = client.post(f"/plan/goals/{goal.id}/checkins", data={"body": "Typed text", "visibility": "everyone"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Typed text" in page
    assert _notes() == []


def test_a_missing_goal_is_404(client, auth, world):
    auth.login_as(world.admin)
    assert client.post("/plan/goals/99999/checkins", data={"body": "x", "visibility": "shared"}).status_code == 404
