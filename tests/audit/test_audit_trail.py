"""The audit trail: which actions write a row (actor, action, object, details), that refused
actions write none, and that only admins see the trail on the submission and certificate pages."""
from __future__ import annotations

import html
import re
from datetime import timedelta

from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.certificates import services as certificates
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.reviews.services import expire_claims
from lms.submissions.models import Submission
from tests.factories.auth import make_user
from tests.factories.certificates import certified_learner
from tests.reviews.helpers import review_form_values, review_post
from tests.submissions.helpers import post_attempt


def _events(subject_type: str, subject_id: int) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.subject_type == subject_type, AuditEvent.subject_id == subject_id).order_by(AuditEvent.id)))


def _event_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


def _review(client, submission_id: int, **kwargs):
    page = client.get(f"/reviews/{submission_id}")
    assert page.status_code == 200
    return client.post(f"/reviews/{submission_id}", data=review_post(review_form_values(page.data), **kwargs))


def _hand_in(client, auth, world) -> Submission:
    auth.login_as(world.learner)
    assert post_attempt(client, world).status_code == 302
    return db.session.scalars(select(Submission).where(Submission.user_id == world.learner.id)).one()


def _audit_rows(page: str) -> list[tuple[str, str, str]]:
    """(who, what, details) of each row of the "Audit trail" table on a submission page."""
    section = page[page.index('id="audit-heading"'):]
    section = section[:section.index("</section>")]
    rows = re.findall(r"<tr><td><time[^>]*>.*?</time></td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*"
                      r'<td class="small">(.*?)</td></tr>', section, re.DOTALL)
    return [tuple(html.unescape(cell.strip()) for cell in row) for row in rows]


def test_each_step_of_a_submission_is_recorded_with_actor_action_and_details(client, auth, world):
    submission = _hand_in(client, auth, world)
    auth.login_as(world.mentor)
    client.post(f"/reviews/{submission.id}/claim")
    assert _review(client, submission.id, decision="request_changes", levels=(2, 2)).status_code == 302
    auth.login_as(world.learner)
    assert post_attempt(client, world, text="Second go").status_code == 302
    auth.login_as(world.mentor)
    assert _review(client, submission.id, decision="approve", levels=(0, 0)).status_code == 302

    events = _events("submission", submission.id)
    assert [(e.actor_id, e.action) for e in events] == [
        (world.learner.id, "submitted"),
        (world.mentor.id, "claimed"),
        (world.mentor.id, "changes_requested"),
        (world.learner.id, "resubmitted"),
        (world.mentor.id, "approved"),
    ]
    submitted, claimed, changes, resubmitted, approved = (e.data for e in events)
    assert submitted == {"attempt": 1}
    assert claimed == {"from": "submitted", "to": "in_review"}
    assert changes.items() >= {"from": "in_review", "to": "changes_requested", "attempt": 1}.items()
    assert resubmitted == {"from": "changes_requested", "to": "submitted", "attempt": 2}
    assert approved.items() >= {"from": "submitted", "to": "approved", "attempt": 2}.items()
    assert changes["review"] != approved["review"], "each decision names its own review"
    assert all(e.created_at is not None for e in events)


def test_a_claim_that_expires_is_recorded_as_done_by_the_system(client, auth, app, world):
    submission = _hand_in(client, auth, world)
    auth.login_as(world.mentor)
    client.post(f"/reviews/{submission.id}/claim")
    expire_claims(now=submission.claimed_at + timedelta(minutes=app.config["REVIEW_CLAIM_MINUTES"] + 1))
    db.session.commit()
    last = _events("submission", submission.id)[-1]
    assert (last.actor_id, last.action) == (None, "claim_expired")
    assert last.data == {"from": "in_review", "to": "submitted", "claimed_by": world.mentor.id}


def test_refused_actions_and_page_views_write_no_audit_rows(client, auth, world):
    submission = _hand_in(client, auth, world)
    before = _event_count()
    assert client.post(f"/reviews/{submission.id}/claim").status_code == 403, "nobody reviews their own work"
    auth.login_as(world.other_learner)
    assert client.get(f"/submissions/{submission.id}").status_code == 404
    auth.login_as(world.mentor)
    refused = client.post(f"/reviews/{submission.id}/release")  # nobody claimed it
    assert "This work is not being reviewed." in client.get(refused.location).get_data(as_text=True)
    client.get("/reviews/")
    client.get(f"/reviews/{submission.id}")
    auth.login_as(world.admin)
    client.get(f"/submissions/{submission.id}")
    assert _event_count() == before


def test_only_admins_see_the_submission_audit_trail_with_who_what_and_details(client, auth, world):
    submission = _hand_in(client, auth, world)
    auth.login_as(world.mentor)
    client.post(f"/reviews/{submission.id}/claim")
    for who in (world.learner, world.mentor):
        auth.login_as(who)
        page = client.get(f"/submissions/{submission.id}")
        assert page.status_code == 200 and b"Audit trail" not in page.data, who.name
    auth.login_as(world.admin)
    page = client.get(f"/submissions/{submission.id}").get_data(as_text=True)
    assert _audit_rows(page) == [
        ("Lea Learner", "submitted", "attempt: 1"),
        ("Ana Mentor", "claimed", "from: submitted, to: in_review"),
    ]


def test_certificate_actions_are_recorded_and_listed_for_admins_only(client, auth, world, fake_pdf):
    certificates.set_requires_approval(world.cohort, True, world.admin)
    db.session.flush()
    pending = certified_learner(world.cohort, make_user(name="Pat Pending"))
    [created] = _events("certificate", pending.id)
    assert (created.actor_id, created.action, created.data) == (None, "certificate.created",
                                                                {"status": "pending_approval"})
    auth.login_as(world.admin)
    client.post(f"/admin/certificates/{pending.id}/approve").close()
    client.post(f"/admin/certificates/{pending.id}/revoke", data={"reason": "Copied work"}).close()
    client.post(f"/admin/certificates/{pending.id}/reissue").close()

    assert [(e.actor_id, e.action, e.data) for e in _events("certificate", pending.id)] == [
        (None, "certificate.created", {"status": "pending_approval"}),
        (world.admin.id, "certificate.approved", {}),
        (world.admin.id, "certificate.revoked", {"reason": "Copied work"}),
    ]
    replacement = db.session.scalar(select(Certificate).where(Certificate.id != pending.id))
    assert [(e.actor_id, e.action, e.data) for e in _events("certificate", replacement.id)] == [
        (world.admin.id, "certificate.created", {"status": "issued"}),
        (world.admin.id, "certificate.reissued", {"replaces": pending.id}),
    ]

    history = client.get(f"/admin/certificates/{pending.id}").get_data(as_text=True)
    items = [" ".join(re.sub(r"<[^>]+>", "", item).split())
             for item in re.findall(r"<li>(.*?)</li>", history[history.index('id="history-heading"'):], re.DOTALL)]
    assert [item.split(" · ", 1)[1] for item in items] == [
        "created by the system", "approved by Ada Admin", "revoked by Ada Admin: Copied work"]
    for who in (world.mentor, world.learner):
        auth.login_as(who)
        refused = client.get(f"/admin/certificates/{pending.id}")
        assert refused.status_code == 403 and b"history-heading" not in refused.data, who.name
