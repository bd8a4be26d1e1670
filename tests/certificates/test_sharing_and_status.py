"""The learner's certificate page (issue 16): the PDF status it polls, its no-JavaScript
fallback, the LinkedIn add-to-profile link and the Open Badges explanation."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from html import unescape
from urllib.parse import parse_qs, urlsplit

from lms import states
from lms.certificates import services, sharing
from lms.certificates.codes import format_code
from lms.extensions import db
from tests.clock import Clock
from tests.factories.auth import make_user
from tests.factories.certificates import certified_learner


def _without_rendering(monkeypatch):
    monkeypatch.setattr("lms.certificates.publishing.schedule_render", lambda certificate: None)
    monkeypatch.setattr("lms.certificates.services.schedule_render", lambda certificate: None)


def test_status_says_pending_until_the_pdf_is_stored_then_ready(client, auth, cohort, fake_pdf, monkeypatch):
    _without_rendering(monkeypatch)
    learner = make_user()
    certificate = certified_learner(cohort, learner)
    auth.login_as(learner)
    response = client.get(f"/certificates/{certificate.id}/status.json")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.json == {"status": "issued", "pdf_ready": False, "download_url": None}

    from lms.certificates.publishing import render_and_store
    render_and_store(certificate.id)
    db.session.commit()
    response = client.get(f"/certificates/{certificate.id}/status.json")
    assert response.json == {"status": "issued", "pdf_ready": True,
                             "download_url": f"/certificates/{certificate.id}/certificate.pdf"}


def test_status_of_someone_elses_certificate_is_404(client, auth, cohort, fake_pdf):
    certificate = certified_learner(cohort, make_user())
    auth.login_as(make_user())
    assert client.get(f"/certificates/{certificate.id}/status.json").status_code == 404
    assert client.get("/certificates/999999/status.json").status_code == 404


def test_page_while_preparing_has_a_check_again_link_and_no_meta_refresh(client, auth, cohort, fake_pdf,
                                                                          monkeypatch):
    _without_rendering(monkeypatch)
    learner = make_user()
    certificate = certified_learner(cohort, learner)
    auth.login_as(learner)
    page = client.get("/certificates").get_data(as_text=True)
    assert "Your PDF is being prepared" in page
    assert f'data-pdf-status="/certificates/{certificate.id}/status.json"' in page
    assert f'<a class="pdf-pending__check" href="/certificates#certificate-{certificate.id}">Check again</a>' in page
    assert 'http-equiv="refresh"' not in page.lower() and "<script>" not in page
    assert f"/certificates/{certificate.id}/certificate.pdf" not in page


def test_linkedin_link_carries_the_documented_fields(client, auth, cohort, fake_pdf, monkeypatch):
    Clock(datetime(2025, 6, 3, 9, 30, tzinfo=timezone.utc)).freeze(monkeypatch, services, states)
    learner = make_user(name="Zoë O'Neil & Co")
    certificate = certified_learner(cohort, learner)
    auth.login_as(learner)
    page = client.get("/certificates").get_data(as_text=True)
    [href] = re.findall(r'href="(https://www\.linkedin\.com/profile/add\?[^"]+)"[^>]*>Add to LinkedIn profile', page)
    url = urlsplit(unescape(href))
    assert (url.scheme, url.netloc, url.path) == ("https", "www.linkedin.com", "/profile/add")
    fields = {key: values for key, values in parse_qs(url.query, strict_parsing=True).items()}
    assert all(len(values) == 1 for values in fields.values())
    fields = {key: values[0] for key, values in fields.items()}
    assert fields == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Web Foundations – Certificate of Completion",
        "organizationName": "Skill Tracks",
        "issueYear": "2025", "issueMonth": "6",
        "certUrl": f"http://localhost/verify/{format_code(certificate.code)}",
        "certId": format_code(certificate.code),
    }
    assert sharing.linkedin_url(certificate) == unescape(href)


def test_page_offers_the_verify_link_to_copy_and_explains_badges_for_wallets(client, auth, cohort, fake_pdf):
    learner = make_user()
    certificate = certified_learner(cohort, learner)
    auth.login_as(learner)
    page = client.get("/certificates").get_data(as_text=True)
    assert re.search(rf'<input id="share-{certificate.id}"[^>]*value="http://localhost/verify/[^"]+" readonly>', page)
    assert f'data-copy="share-{certificate.id}" hidden>Copy link' in page  # shown by the script only
    assert "wallet" in page and "Open Badges 3.0" in page
