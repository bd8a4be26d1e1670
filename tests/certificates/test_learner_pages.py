"""The learner's certificates page, downloads and the dashboard panel."""
from __future__ import annotations

from flask import render_template_string

from lms.certificates import services
from lms.extensions import db
from tests.certificates.conftest import FAKE_PDF
from tests.factories.auth import make_user
from tests.factories.certificates import certified_learner
from tests.querycount import count_queries


def test_learner_sees_their_certificate_with_downloads_and_share_link(client, auth, cohort, fake_pdf):
    learner = make_user(name="Lea Learner")
    certificate = certified_learner(cohort, learner)
    auth.login_as(learner)
    page = client.get("/certificates").get_data(as_text=True)
    assert "Web Foundations" in page and "Spring 2025 cohort" in page and "Valid" in page
    assert f"/certificates/{certificate.id}/certificate.pdf" in page
    assert f"/certificates/{certificate.id}/badge.json" in page and f"/certificates/{certificate.id}/badge.jwt" in page
    grouped = "-".join(certificate.code[i:i + 4] for i in range(0, 32, 4))
    assert f'value="http://localhost/verify/{grouped}"' in page
    assert "js/certificates.js" in page and "<script>" not in page and "style=" not in page


def test_pdf_download_returns_the_stored_file_without_rendering(client, auth, cohort, fake_pdf):
    learner = make_user()
    certificate = certified_learner(cohort, learner)
    auth.login_as(learner)
    for _ in range(2):
        response = client.get(f"/certificates/{certificate.id}/certificate.pdf")
        assert response.status_code == 200 and response.data == FAKE_PDF
        assert response.mimetype == "application/pdf" and "attachment" in response.headers["Content-Disposition"]
    assert fake_pdf == [certificate.id], "rendered once, when issued"


def test_pdf_not_rendered_yet_says_so(client, auth, cohort, fake_pdf, monkeypatch):
    monkeypatch.setattr("lms.certificates.publishing.schedule_render", lambda certificate: None)
    monkeypatch.setattr("lms.certificates.services.schedule_render", lambda certificate: None)
    learner = make_user()
    certificate = certified_learner(cohort, learner)
    auth.login_as(learner)
    assert "being prepared" in client.get("/certificates").get_data(as_text=True)
    response = client.get(f"/certificates/{certificate.id}/certificate.pdf")
    assert response.status_code == 302 and response.headers["Location"].endswith("/certificates")


def test_another_learner_gets_404_for_every_download(client, auth, cohort, fake_pdf):
    certificate = certified_learner(cohort, make_user())
    auth.login_as(make_user())
    for suffix in ("certificate.pdf", "badge.json", "badge.jwt"):
        assert client.get(f"/certificates/{certificate.id}/{suffix}").status_code == 404
    assert client.get("/certificates/999999/certificate.pdf").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, cohort, fake_pdf):
    certificate = certified_learner(cohort, make_user())
    response = client.get(f"/certificates/{certificate.id}/certificate.pdf")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_revoked_certificate_cannot_be_downloaded_but_is_listed(client, auth, cohort, admin, fake_pdf):
    learner = make_user()
    certificate = certified_learner(cohort, learner)
    services.revoke(certificate, "Issued by mistake", admin)
    db.session.commit()
    auth.login_as(learner)
    assert client.get(f"/certificates/{certificate.id}/certificate.pdf").status_code == 410
    assert client.get(f"/certificates/{certificate.id}/badge.json").status_code == 410
    page = client.get("/certificates").get_data(as_text=True)
    assert "Revoked" in page and "no longer valid" in page
    assert "Issued by mistake" not in page


def test_empty_state_says_what_to_do(client, auth, user):
    auth.login_as(user)
    assert "Finish every lesson" in client.get("/certificates").get_data(as_text=True)


def test_my_certificates_page_runs_a_constant_number_of_queries(client, auth, fake_pdf):
    from tests.factories.certificates import make_cohort, make_track

    learner = make_user()
    auth.login_as(learner)
    certified_learner(make_cohort(make_track()), learner)
    client.get("/certificates")
    with count_queries() as one:
        client.get("/certificates")
    for _ in range(4):
        certified_learner(make_cohort(make_track()), learner)
    with count_queries() as five:
        assert client.get("/certificates").get_data(as_text=True).count("certificate-card__title") == 5
    assert five.count == one.count, five


def test_dashboard_panel_lists_the_learners_certificates(app, cohort, fake_pdf):
    learner = make_user()
    certified_learner(cohort, learner)
    from flask_login import login_user

    with app.test_request_context("/"):
        login_user(learner)
        html = render_template_string('{% include "certificates/_learner_panel.html" %}')
    assert "Web Foundations" in html and "Valid" in html and "/certificate.pdf" in html


def test_pending_certificate_waits_for_approval(client, auth, cohort, admin, fake_pdf):
    services.set_requires_approval(cohort, True, admin)
    db.session.commit()
    learner = make_user()
    certificate = certified_learner(cohort, learner)
    auth.login_as(learner)
    assert "Waiting for approval" in client.get("/certificates").get_data(as_text=True)
    assert client.get(f"/certificates/{certificate.id}/certificate.pdf").status_code == 404


def test_learner_dashboard_offers_the_certificate_pdf(client, auth, app, cohort, fake_pdf):
    learner = make_user()
    certificate = certified_learner(cohort, learner)
    auth.login_as(learner)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Certificates" in page
    assert f"/certificates/{certificate.id}/certificate.pdf" in page
