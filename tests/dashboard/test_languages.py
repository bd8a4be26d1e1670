"""The home page in the reader's language, with deadlines in their zone and the cohort's beside."""
from __future__ import annotations

from datetime import datetime, timezone

from lms.cohorts.models import CohortDeadline, EnrollmentRole
from lms.extensions import db
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol, lessons_of


def test_learner_home_in_arabic(client, auth, user, cohort):
    mentor = make_user(name="Marco Mentor")
    enrol(cohort, mentor, EnrollmentRole.MENTOR)
    enrol(cohort, user, mentor=mentor)
    user.language = "ar"
    db.session.commit()
    auth.login_as(user)
    page = client.get("/dashboard").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert "تعلّمك" in page and "المواعيد النهائية" in page and "Your learning" not in page
    assert "<bdi>Marco Mentor</bdi>" in page


def test_mentor_home_in_spanish(client, auth, user, cohort):
    mentor = make_user(name="Marco Mentor")
    enrol(cohort, mentor, EnrollmentRole.MENTOR)
    enrol(cohort, user, mentor=mentor)
    auth.login_as(mentor)
    page = client.get("/dashboard", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Tu mentoría" in page and "aprendiz a cargo" in page and "entregas esperándote" in page


def test_deadlines_in_the_reader_zone_with_the_cohort_zone_beside(client, auth, user, cohort):
    cohort.timezone = "Asia/Tokyo"
    user.timezone = "Europe/Berlin"
    landing = next(lesson for lesson in lessons_of(cohort.track) if lesson.slug == "launch")
    db.session.add(CohortDeadline(cohort_id=cohort.id, lesson_id=landing.id,
                                  due_at=datetime(2099, 3, 12, 14, 59, tzinfo=timezone.utc)))
    enrol(cohort, user)
    auth.login_as(user)
    page = client.get("/dashboard").get_data(as_text=True)
    # 23:59 in Tokyo (UTC+9) is 15:59 in Berlin (UTC+1).
    assert "Thu 12 Mar 2099, 15:59 (Thu 12 Mar 2099, 23:59 in Asia/Tokyo, the cohort&#39;s time zone)" in page
    spanish = client.get("/dashboard", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "12 mar 2099" in spanish and "Asia/Tokyo" in spanish
