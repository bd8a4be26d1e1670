"""The plan pages in the reader's language and time zone."""
from __future__ import annotations

from datetime import date, datetime, timezone

from lms.extensions import db
from lms.plans import services
from lms.plans.models import GoalStatus


def _goal(world, **fields):
    goal = services.create_goal(world.learner.id, services.GoalData(title="Ship my portfolio", **fields))
    db.session.commit()
    return goal


def test_the_plan_reads_in_spanish_with_spanish_dates(client, auth, world):
    _goal(world, target_on=date(2026, 5, 12))
    auth.login_as(world.learner)
    page = client.get("/plan", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Tu plan de desarrollo" in page and "sin empezar" in page and "12 may 2026" in page
    assert "Your development plan" not in page and "12 May 2026" not in page


def test_the_plan_reads_right_to_left_in_arabic(client, auth, world):
    _goal(world)
    world.learner.language = "ar"
    db.session.commit()
    auth.login_as(world.learner)
    page = client.get("/plan").get_data(as_text=True)
    assert 'dir="rtl"' in page and "خطة التطوير الخاصة بك" in page and "لم يبدأ" in page


def test_a_status_change_is_flashed_in_the_readers_language(client, auth, world):
    goal = _goal(world)
    auth.login_as(world.learner)
    client.post(f"/plan/goals/{goal.id}/status", data={"to": GoalStatus.IN_PROGRESS.value, "version": goal.version},
                headers={"Accept-Language": "pt-BR"})
    page = client.get("/plan", headers={"Accept-Language": "pt-BR"}).get_data(as_text=True)
    assert "“Ship my portfolio” agora está: em andamento." in page


def test_the_achieved_day_is_the_readers_day(client, auth, world):
    goal = _goal(world)
    services.change_status(goal, GoalStatus.ACHIEVED, based_on_version=None)
    goal.achieved_at = datetime(2026, 5, 12, 23, 30, tzinfo=timezone.utc)
    world.learner.timezone = "Asia/Tokyo"
    db.session.commit()
    auth.login_as(world.learner)
    assert "Achieved 13 May 2026" in client.get("/plan").get_data(as_text=True)
