"""Public verification: valid, revoked, unknown; HTML and JSON; rate-limited per address."""
from __future__ import annotations

import re

from lms.certificates import services
from lms.certificates.codes import format_code, new_code
from lms.extensions import db
from tests.factories.auth import make_user
from tests.factories.certificates import certified_learner
from tests.querycount import count_queries


def test_valid_certificate_shows_who_what_when_and_who_issued_it(client, cohort, fake_pdf):
    certificate = certified_learner(cohort, make_user(name="Lea Learner"))
    page = client.get(f"/verify/{format_code(certificate.code)}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for expected in ("genuine and valid", "Lea Learner", "Web Foundations", "Spring 2025 cohort", "Skill Tracks"):
        assert expected in html, expected


def test_codes_are_read_however_they_were_typed(client, cohort, fake_pdf):
    certificate = certified_learner(cohort, make_user())
    typed = format_code(certificate.code).lower().replace("0", "o").replace("1", "l")
    assert client.get(f"/verify/{typed}").status_code == 200
    response = client.get("/verify", query_string={"code": " " + typed.replace("-", " ") + " "})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/verify/{format_code(certificate.code)}")


def test_revoked_certificate_is_shown_as_revoked_without_the_reason(client, cohort, admin, fake_pdf):
    certificate = certified_learner(cohort, make_user(name="Lea Learner"))
    services.revoke(certificate, "Plagiarised the capstone", admin)
    db.session.commit()
    response = client.get(f"/verify/{certificate.code}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "revoked" in html and "Lea Learner" in html
    assert "Plagiarised" not in html
    data = client.get(f"/verify/{certificate.code}.json").get_json()
    assert data["status"] == "revoked" and data["revoked_at"]


def test_unknown_codes_answer_alike_however_close_to_a_real_one(client, cohort, fake_pdf):
    certificate = certified_learner(cohort, make_user(name="Lea Learner"))
    code = certificate.code
    near = code[:-1] + ("0" if code[-1] != "0" else "1")
    answers = set()
    for attempt in (near, code[:16], code + "0", new_code(), "not-a-code"):
        response = client.get(f"/verify/{attempt}")
        assert response.status_code == 404
        body = response.get_data(as_text=True)
        assert "Lea Learner" not in body
        # The CSRF token is signed with the second it was made in: the same page a second later differs there.
        answers.add(re.sub(r'name="csrf_token" value="[^"]*"', "", body.replace(attempt, "<code>")))
        assert client.get(f"/verify/{attempt}.json").get_json() == {"status": "unknown"}
    assert len(answers) == 1


def test_json_form_by_suffix_and_by_accept_header(client, cohort, fake_pdf):
    certificate = certified_learner(cohort, make_user(name="Lea Learner"))
    by_suffix = client.get(f"/verify/{format_code(certificate.code)}.json")
    by_accept = client.get(f"/verify/{format_code(certificate.code)}", headers={"Accept": "application/json"})
    assert by_suffix.get_json() == by_accept.get_json()
    data = by_suffix.get_json()
    assert data["status"] == "valid" and data["learner"] == "Lea Learner"
    assert data["track"] == {"title": "Web Foundations", "version": 2}
    assert data["cohort"]["name"] == "Spring 2025 cohort" and data["cohort"]["starts_on"] == "2025-03-01"
    assert data["issuer"] == {"name": "Skill Tracks", "url": "http://localhost", "id": "http://localhost/issuer"}
    assert data["verification_url"] == f"http://localhost/verify/{format_code(certificate.code)}"


def test_pending_certificates_are_not_public(client, cohort, admin, fake_pdf):
    services.set_requires_approval(cohort, True, admin)
    db.session.commit()
    certificate = certified_learner(cohort, make_user())
    assert client.get(f"/verify/{certificate.code}.json").status_code == 404


def test_verification_is_rate_limited_per_address(app_factory, fake_pdf):
    app = app_factory(CERTIFICATE_VERIFY_LIMIT_PER_MINUTE=3)
    client = app.test_client()
    with app.app_context():
        for _ in range(3):
            assert client.get(f"/verify/{new_code()}").status_code == 404
        limited = client.get(f"/verify/{new_code()}")
        assert limited.status_code == 429 and "wait a minute" in limited.get_data(as_text=True)
        assert limited.headers.get("Retry-After")
        other = client.get(f"/verify/{new_code()}", environ_base={"REMOTE_ADDR": "10.1.2.3"})
        assert other.status_code == 404


def test_verify_form_page_works_without_a_code(client):
    page = client.get("/verify")
    assert page.status_code == 200 and 'name="code"' in page.get_data(as_text=True)


def test_verify_page_runs_a_constant_number_of_queries(client, cohort, fake_pdf):
    certificate = certified_learner(cohort, make_user())
    page = f"/verify/{certificate.code}"
    client.get(page)
    with count_queries() as queries:
        client.get(page)
    # Three, and one for the goals the learner cites as evidence (lms.plans), however many.
    assert queries.count <= 4, queries
