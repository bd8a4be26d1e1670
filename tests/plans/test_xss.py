"""Every XSS corpus payload through a goal's title, why and measure and a check-in note,
posted through the forms, on every page that shows them."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from lms.extensions import db
from lms.plans.models import Goal, GoalStatus
from tests.factories.auth import make_user
from tests.factories.certificates import certified_learner, make_cohort, make_track
from tests.factories.plans import make_mentorship
from tests.security.content_world import pack, payloads
from tests.security.test_content_safety import assert_page_safe

FAKE_PDF = b"%PDF-1.7\n% fake\n%%EOF\n"


def test_payloads_in_goals_and_notes_never_run_on_any_page(client, auth, monkeypatch):
    monkeypatch.setattr("lms.certificates.publishing.render_certificate_pdf", lambda certificate: FAKE_PDF)
    learner, mentor = make_user(name="Lea Learner"), make_user(name="Marco Mentor")
    certificate = certified_learner(make_cohort(make_track()), learner)
    from lms.cohorts.models import Enrollment
    make_mentorship(db.session.scalar(select(Enrollment).where(Enrollment.user_id == learner.id)), mentor)
    titles, texts = pack(payloads(), 200), pack(payloads(), 4000, "\n\n")

    auth.login_as(learner)
    for i in range(max(len(titles), len(texts))):
        response = client.post("/plan/goals/new", data={
            "title": titles[i % len(titles)], "why": texts[i % len(texts)], "measure": texts[-1 - i % len(texts)]})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
    goals = db.session.scalars(select(Goal).where(Goal.user_id == learner.id)).all()
    assert len(goals) == max(len(titles), len(texts))
    # Achieved before the certificate was issued and cited: on the certificate pages too.
    db.session.execute(update(Goal).where(Goal.user_id == learner.id).values(
        status=GoalStatus.ACHIEVED, achieved_at=certificate.issued_at - timedelta(days=1), cite_as_evidence=True))
    db.session.commit()

    auth.login_as(mentor)
    for i, text in enumerate(texts):
        for visibility in ("shared", "mentors"):
            response = client.post(f"/plan/goals/{goals[i % len(goals)].id}/checkins",
                                   data={"body": text, "visibility": visibility})
            assert response.status_code == 302
    assert_page_safe(client.get(f"/people/{learner.id}/plan"))

    auth.login_as(learner)
    for url in ["/plan", f"/people/{learner.id}/plan", "/certificates", f"/verify/{certificate.code}",
                "/notifications/", *(f"/plan/goals/{goal.id}/edit" for goal in goals[:5])]:
        assert_page_safe(client.get(url), url)
    # Invalid input re-rendered with the payload in the form is safe too.
    response = client.post("/plan/goals/new", data={"title": "", "why": texts[0], "measure": texts[-1]})
    assert response.status_code == 200
    assert_page_safe(response)
