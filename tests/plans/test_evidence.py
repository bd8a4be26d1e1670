"""Achieved goals the learner cites appear on their certificates and, when achieved by the
time a certificate was issued, in its Open Badges credential's ``evidence``."""
from __future__ import annotations

import json
from datetime import timedelta

from jsonschema import Draft201909Validator
from sqlalchemy import update

from lms.certificates.models import Certificate
from lms.extensions import db
from lms.plans.models import Goal, GoalStatus
from tests.corpus import corpus_path
from tests.factories.auth import make_user
from tests.factories.certificates import certified_learner, make_cohort, make_track
from tests.factories.plans import make_goal

FAKE_PDF = b"%PDF-1.7\n% fake\n%%EOF\n"


def _schema_errors(credential: dict) -> list[str]:
    schema = json.loads(corpus_path("openbadges-3.0", "achievementcredential.schema.json").read_text())
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in Draft201909Validator(schema).iter_errors(credential)]


def _certified(monkeypatch):
    monkeypatch.setattr("lms.certificates.publishing.render_certificate_pdf", lambda certificate: FAKE_PDF)
    learner = make_user(name="Lea Learner")
    certificate = certified_learner(make_cohort(make_track()), learner)
    return learner, certificate


def _achieve(goal: Goal, at) -> None:
    db.session.execute(update(Goal).where(Goal.id == goal.id).values(achieved_at=at))
    db.session.commit()


def test_cited_goals_achieved_before_issue_are_evidence_in_a_schema_valid_credential(client, auth, monkeypatch):
    learner, certificate = _certified(monkeypatch)
    cited = make_goal(learner, "Launch a client site", status=GoalStatus.ACHIEVED, why="Real work",
                      measure="A live site the client signed off")
    uncited = make_goal(learner, "Private achievement", status=GoalStatus.ACHIEVED)
    open_goal = make_goal(learner, "Still working on it", status=GoalStatus.IN_PROGRESS)
    for goal in (cited, uncited):
        _achieve(goal, certificate.issued_at - timedelta(days=1))
    db.session.execute(update(Goal).where(Goal.id.in_([cited.id, open_goal.id])).values(cite_as_evidence=True))
    db.session.commit()
    auth.login_as(learner)

    credential = client.get(f"/certificates/{certificate.id}/badge.json").get_json()
    assert _schema_errors(credential) == []
    [evidence] = credential["evidence"]
    assert evidence["type"] == ["Evidence"] and evidence["name"] == "Launch a client site"
    assert evidence["id"].endswith(f"#evidence-{cited.id}") and "/verify/" in evidence["id"]
    assert "achieved on" in evidence["description"]
    assert "Real work" in evidence["narrative"] and "A live site the client signed off" in evidence["narrative"]

    mine = client.get("/certificates").get_data(as_text=True)
    assert "Evidence in this credential: Launch a client site" in mine
    assert "Private achievement" not in mine and "Still working on it" not in mine
    public = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert f'id="evidence-{cited.id}"' in public and "A live site the client signed off" in public


def test_a_goal_achieved_after_issue_is_listed_but_not_in_that_credential(client, auth, monkeypatch):
    learner, certificate = _certified(monkeypatch)
    goal = make_goal(learner, "Raised my rates", status=GoalStatus.ACHIEVED)
    _achieve(goal, certificate.issued_at + timedelta(days=3))
    db.session.execute(update(Goal).where(Goal.id == goal.id).values(cite_as_evidence=True))
    db.session.commit()
    auth.login_as(learner)
    credential = client.get(f"/certificates/{certificate.id}/badge.json").get_json()
    assert "evidence" not in credential and _schema_errors(credential) == []
    mine = client.get("/certificates").get_data(as_text=True)
    assert "Goals you cite as evidence" in mine and "Raised my rates" in mine
    assert "Evidence in this credential" not in mine


def test_withdrawing_a_citation_takes_it_out_of_the_credential(client, auth, monkeypatch):
    learner, certificate = _certified(monkeypatch)
    goal = make_goal(learner, "Launch", status=GoalStatus.ACHIEVED)
    _achieve(goal, certificate.issued_at - timedelta(hours=1))
    auth.login_as(learner)
    client.post(f"/plan/goals/{goal.id}/edit", data={"title": "Launch", "version": goal.version,
                                                     "cite_as_evidence": "y"})
    assert len(client.get(f"/certificates/{certificate.id}/badge.json").get_json()["evidence"]) == 1
    version = db.session.get(Goal, goal.id).version
    client.post(f"/plan/goals/{goal.id}/edit", data={"title": "Launch", "version": version})
    assert "evidence" not in client.get(f"/certificates/{certificate.id}/badge.json").get_json()
    # The certificate itself never changed.
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).issued_at == certificate.issued_at
