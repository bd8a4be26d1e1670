"""Admin tools: list and filter, approve, revoke with a reason, re-issue, issue, ZIP export."""
from __future__ import annotations

import io
import zipfile

from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.certificates import services
from lms.certificates.models import Certificate, CertificateStatus
from lms.extensions import db
from tests.certificates.conftest import FAKE_PDF
from tests.factories.auth import make_user
from tests.factories.certificates import certified_learner, complete_track, enrol, make_cohort
from tests.querycount import count_queries


def test_only_admins_reach_the_admin_pages(client, auth, cohort, fake_pdf):
    certificate = certified_learner(cohort, make_user())
    auth.login_as(make_user())
    for url in ("/admin/certificates", f"/admin/certificates/{certificate.id}",
                f"/admin/certificates/cohorts/{cohort.id}",
                f"/admin/certificates/cohorts/{cohort.id}/certificates.zip"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/admin/certificates/{certificate.id}/revoke", data={"reason": "x"}).status_code == 403
    assert db.session.get(Certificate, certificate.id).status == CertificateStatus.ISSUED


def test_list_filters_by_cohort_and_status(client, auth, admin, track, cohort, fake_pdf):
    other = make_cohort(track, name="Autumn cohort")
    certified_learner(cohort, make_user(name="Ann Spring"))
    revoked = certified_learner(other, make_user(name="Bob Autumn"))
    services.revoke(revoked, "Mistake", admin)
    certified_learner(other, make_user(name="Cat Autumn"))
    db.session.commit()
    auth.login_as(admin)
    page = client.get("/admin/certificates").get_data(as_text=True)
    assert all(name in page for name in ("Ann Spring", "Bob Autumn", "Cat Autumn"))
    page = client.get(f"/admin/certificates?cohort={other.id}&status=issued").get_data(as_text=True)
    assert "Cat Autumn" in page and "Bob Autumn" not in page and "Ann Spring" not in page
    page = client.get("/admin/certificates?status=revoked").get_data(as_text=True)
    assert "Bob Autumn" in page and "Cat Autumn" not in page


def test_admin_list_runs_a_constant_number_of_queries(client, auth, admin, track, fake_pdf):
    auth.login_as(admin)
    cohort = make_cohort(track)
    certified_learner(cohort, make_user())
    client.get("/admin/certificates")
    with count_queries() as few:
        client.get("/admin/certificates")
    for _ in range(6):
        certified_learner(cohort, make_user())
    with count_queries() as many:
        assert client.get("/admin/certificates").get_data(as_text=True).count("<tr>") == 8
    assert many.count == few.count, many


def test_revoking_needs_a_reason_and_is_audited(client, auth, admin, cohort, fake_pdf):
    certificate = certified_learner(cohort, make_user())
    auth.login_as(admin)
    page = client.get(f"/admin/certificates/{certificate.id}").get_data(as_text=True)
    assert 'data-confirm="Revoke the certificate' in page
    refused = client.post(f"/admin/certificates/{certificate.id}/revoke", data={"reason": ""})
    assert refused.status_code == 400
    assert client.post(f"/admin/certificates/{certificate.id}/revoke", data={"reason": "Copied work"},
                       csrf=False).status_code == 400
    response = client.post(f"/admin/certificates/{certificate.id}/revoke", data={"reason": "Copied work"})
    assert response.status_code == 302
    certificate = db.session.get(Certificate, certificate.id)
    assert certificate.status == CertificateStatus.REVOKED and certificate.revocation_reason == "Copied work"
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == certificate.id)).all()
    assert "certificate.revoked" in actions
    assert "Copied work" in client.get(f"/admin/certificates/{certificate.id}").get_data(as_text=True)


def test_admin_approves_a_pending_certificate(client, auth, admin, cohort, fake_pdf):
    services.set_requires_approval(cohort, True, admin)
    db.session.commit()
    certificate = certified_learner(cohort, make_user(name="Pat Pending"))
    auth.login_as(admin)
    assert "Approve" in client.get("/admin/certificates?status=pending_approval").get_data(as_text=True)
    response = client.post(f"/admin/certificates/{certificate.id}/approve",
                           data={"next": "/admin/certificates?status=pending_approval"})
    response.close()  # in-process jobs run once the response is sent
    assert response.status_code == 302 and response.headers["Location"].endswith("status=pending_approval")
    assert db.session.get(Certificate, certificate.id).status == CertificateStatus.ISSUED
    assert fake_pdf == [certificate.id]
    evil = client.post(f"/admin/certificates/{certificate.id}/approve", data={"next": "https://evil.example/"})
    assert "evil.example" not in evil.headers["Location"]


def test_reissue_replaces_the_certificate_with_a_new_code(client, auth, admin, cohort, fake_pdf):
    learner = make_user(name="Old Name")
    certificate = certified_learner(cohort, learner)
    learner.name = "New Name"
    db.session.commit()
    auth.login_as(admin)
    response = client.post(f"/admin/certificates/{certificate.id}/reissue")
    response.close()
    assert response.status_code == 302
    new = db.session.scalar(select(Certificate).where(Certificate.revoked_at.is_(None)))
    assert new.id != certificate.id and new.learner_name == "New Name" and new.code != certificate.code
    assert db.session.get(Certificate, certificate.id).status == CertificateStatus.REVOKED


def test_cohort_page_issues_to_one_learner_and_all_due(client, auth, admin, cohort, fake_pdf):
    done, pending, started = make_user(name="Done"), make_user(name="Almost"), make_user(name="Started")
    for learner in (done, pending, started):
        enrol(cohort, learner)
    complete_track(done, cohort)
    complete_track(pending, cohort, skip="html")
    auth.login_as(admin)
    page = client.get(f"/admin/certificates/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Issue without completion" in page and "Issue all due certificates" in page
    client.post(f"/admin/certificates/cohorts/{cohort.id}/issue-due").close()
    assert db.session.scalars(select(Certificate.learner_name)).all() == ["Done"]
    client.post(f"/admin/certificates/cohorts/{cohort.id}/learners/{started.id}/issue",
                data={"reason": "Completed the work outside the platform"}).close()  # an override
    names = sorted(db.session.scalars(select(Certificate.learner_name)).all())
    assert names == ["Done", "Started"]
    assert "Valid" in client.get(f"/admin/certificates/cohorts/{cohort.id}").get_data(as_text=True)


def test_cohort_setting_requires_approval(client, auth, admin, cohort, fake_pdf):
    auth.login_as(admin)
    client.post(f"/admin/certificates/cohorts/{cohort.id}/settings", data={"requires_approval": "y"})
    assert services.requires_approval(cohort.id)
    assert certified_learner(cohort, make_user()).status == CertificateStatus.PENDING_APPROVAL


def test_cohort_page_runs_a_constant_number_of_queries(client, auth, admin, cohort, fake_pdf):
    auth.login_as(admin)
    certified_learner(cohort, make_user())
    client.get(f"/admin/certificates/cohorts/{cohort.id}")
    with count_queries() as few:
        client.get(f"/admin/certificates/cohorts/{cohort.id}")
    for _ in range(5):
        enrol(cohort, make_user())
        certified_learner(cohort, make_user())
    with count_queries() as many:
        client.get(f"/admin/certificates/cohorts/{cohort.id}")
    assert many.count == few.count, many


def test_cohort_zip_streams_every_stored_pdf(client, auth, admin, cohort, fake_pdf):
    names = ["Ann Example", "Bob Example", "Cat Example"]
    for name in names:
        certified_learner(cohort, make_user(name=name))
    auth.login_as(admin)
    response = client.get(f"/admin/certificates/cohorts/{cohort.id}/certificates.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.is_streamed
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert archive.testzip() is None
    files = sorted(archive.namelist())
    assert [f.rsplit("-", 1)[0] for f in files] == ["Ann_Example", "Bob_Example", "Cat_Example"]
    assert all(archive.read(f) == FAKE_PDF for f in files)


def test_revoking_a_revoked_certificate_is_refused_with_a_message(client, auth, admin, cohort, fake_pdf):
    certificate = certified_learner(cohort, make_user())
    services.revoke(certificate, "Issued by mistake", admin)
    db.session.commit()
    auth.login_as(admin)
    response = client.post(f"/admin/certificates/{certificate.id}/revoke", data={"reason": "Again"},
                           follow_redirects=True)
    assert response.status_code == 200
    assert ("This certificate is revoked and cannot become revoked; revoked certificates do not change."
            in response.get_data(as_text=True))
