"""Two tabs save the same mentor's availability at the same moment, each in its own thread, session
and transaction (SQLite and PostgreSQL): one save wins, the other is refused, nothing is mixed."""
from __future__ import annotations

from lms.auth.models import User
from lms.cohorts.models import EnrollmentRole
from lms.extensions import db
from lms.meetings.availability import ScheduleData, StaleSchedule, save_schedule
from lms.meetings.models import AvailabilityRule, MentorSchedule
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol, make_cohort
from tests.factories.meetings import make_schedule
from tests.race import race


def _data(start_hour: int) -> ScheduleData:
    return ScheduleData(timezone="Europe/Berlin", weekly={1: [(start_hour * 60, (start_hour + 1) * 60)]},
                        lengths=[30])


def _race(app, mentor_id: int, based_on: int) -> list[str]:
    def attempt(start_hour: int, ready) -> None:
        mentor = db.session.get(User, mentor_id)
        ready()
        save_schedule(mentor, _data(start_hour), based_on=based_on)

    return race(app, [9, 15], attempt, StaleSchedule, won="saved", lost="stale")


def _rules(mentor_id: int) -> list[tuple[int, int]]:
    db.session.expire_all()
    return [(r.weekday, r.start_minute) for r in db.session.scalars(
        db.select(AvailabilityRule).where(AvailabilityRule.mentor_id == mentor_id))]


def _mentor():
    mentor = make_user()
    enrol(make_cohort(), mentor, EnrollmentRole.MENTOR)
    return mentor


def test_two_tabs_saving_the_same_version_at_once_one_wins(app):
    mentor = _mentor()
    make_schedule(mentor, rules=((0, 8 * 60, 9 * 60),))
    mentor_id = mentor.id
    assert sorted(_race(app, mentor_id, based_on=1)) == ["saved", "stale"]
    rules = _rules(mentor_id)
    assert rules in ([(1, 9 * 60)], [(1, 15 * 60)])
    assert db.session.get(MentorSchedule, mentor_id).version == 2


def test_two_first_saves_at_once_make_one_schedule(app):
    mentor_id = _mentor().id
    assert sorted(_race(app, mentor_id, based_on=0)) == ["saved", "stale"]
    assert len(_rules(mentor_id)) == 1
    assert db.session.get(MentorSchedule, mentor_id).version == 1
