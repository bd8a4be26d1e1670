"""Completion records for HR: one module answers the cohort and person CSV files and the
API's ``/completions``, so they agree; figures come from ``lms.progress``; the CSV is
streamed and formula-safe; who may export is the exports' rule."""
from __future__ import annotations

import csv
import io

import pytest

from lms.certificates import completions, services
from lms.certificates.codes import format_code
from lms.cohorts.models import EnrollmentRole, EnrollmentStatus
from lms.extensions import db
from lms.progress import records
from tests.factories.api import bearer, make_token
from tests.factories.auth import make_admin, make_user
from tests.factories.certificates import certified_learner, complete_track, enrol, make_cohort
from tests.factories.cohorts import bulk_learners
from tests.querycount import count_queries


@pytest.fixture(autouse=True)
def _fast_pdf(fake_pdf):
    return fake_pdf


@pytest.fixture
def admin(app):
    return make_admin(email="hr-admin@example.org", name="Ada Admin")


def _csv(response) -> list[dict]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def _api(client, user, query: str) -> list[dict]:
    raw = make_token(user)
    rows, url = [], f"/api/v1/completions/?{query}&limit=2"
    while url:
        response = client.get(url, headers=bearer(raw))
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        rows += body["data"]
        url = f"/api/v1/completions/?{query}&limit=2&cursor={body['next_cursor']}" if body["next_cursor"] else None
    return rows


def _mixed_cohort(cohort, mentor):
    """A certified learner, one halfway, one withdrawn, one whose certificate was revoked."""
    done = certified_learner(cohort, make_user(name="Cleo Complete"), mentor=mentor)
    halfway = make_user(name="=HYPERLINK(\"http://evil\")")
    enrol(cohort, halfway)
    complete_track(halfway, cohort, skip="html")
    gone = make_user(name="Wes Withdrawn")
    enrollment = enrol(cohort, gone)
    enrollment.status = EnrollmentStatus.WITHDRAWN
    revoked = certified_learner(cohort, make_user(name="Rory Revoked"))
    services.revoke(revoked, "Issued by mistake", None)
    db.session.commit()
    return done, revoked


def test_a_cohort_export_lists_each_learner_with_progress_completion_and_certificate(app, cohort, mentor):
    done, revoked = _mixed_cohort(cohort, mentor)
    rows = {row.name: row for row in completions.stream(completions.learner_enrolments(cohort_id=cohort.id))}
    assert set(rows) == {"Cleo Complete", "=HYPERLINK(\"http://evil\")", "Wes Withdrawn", "Rory Revoked"}
    cleo = rows["Cleo Complete"]
    assert cleo.completed and cleo.progress_percent == 100 and cleo.completed_at is not None
    assert cleo.certificate_code == format_code(done.code) and cleo.certificate_status == "issued"
    assert cleo.verify_url.endswith(f"/verify/{format_code(done.code)}") and cleo.verify_url.startswith("http")
    halfway = rows["=HYPERLINK(\"http://evil\")"]
    assert not halfway.completed and halfway.certificate_id is None and 0 < halfway.progress_percent < 100
    assert rows["Wes Withdrawn"].enrolment_status == "withdrawn"
    rory = rows["Rory Revoked"]
    assert rory.certificate_status == "revoked" and rory.certificate_revoked_at is not None


def test_progress_percent_is_lms_progress_figure(app, cohort, mentor):
    _mixed_cohort(cohort, mentor)
    figures = {record.enrollment_id: record.percent for record in records.for_cohort(cohort).values()}
    for row in completions.stream(completions.learner_enrolments(cohort_id=cohort.id)):
        assert row.progress_percent == figures[row.enrollment_id]


def test_the_cohort_csv_and_the_api_give_the_same_rows(app, client, auth, cohort, mentor, admin):
    _mixed_cohort(cohort, mentor)
    auth.login_as(admin)
    response = client.get(f"/cohorts/{cohort.id}/completions.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    from_csv = _csv(response)
    from_api = _api(client, admin, f"cohort_id={cohort.id}")
    assert len(from_csv) == len(from_api) == 4
    for line, record in zip(from_csv, from_api, strict=True):
        assert line["name"].lstrip("'") == record["name"] and line["email"] == record["email"]
        assert line["certificate code"] == (record["certificate_code"] or "")
        assert line["verify url"] == (record["verify_url"] or "")
        assert int(line["progress %"]) == record["progress_percent"]
        assert line["completed"] == ("yes" if record["completed"] else "no")
        assert line["enrolment status"] == record["enrolment_status"]
        assert (line["completed at"] or None) == (record["completed_at"][:19] + "+00:00"
                                                  if record["completed_at"] else None)


def test_the_csv_neutralises_formulas(app, client, auth, cohort, mentor, admin):
    _mixed_cohort(cohort, mentor)
    auth.login_as(admin)
    names = [row["name"] for row in _csv(client.get(f"/cohorts/{cohort.id}/completions.csv"))]
    assert "'=HYPERLINK(\"http://evil\")" in names


def test_the_csv_is_streamed(app, client, auth, cohort, admin):
    bulk_learners(cohort, 450)
    auth.login_as(admin)
    response = client.get(f"/cohorts/{cohort.id}/completions.csv", buffered=False)
    assert response.is_streamed
    chunks = list(response.response)
    response.close()
    assert len(chunks) > 1
    assert sum(chunk.count(b"\r\n") for chunk in chunks) == 451


def test_a_persons_csv_and_api_list_every_cohort_of_theirs(app, client, auth, cohort, mentor, track):
    learner = make_user(name="Lea Learner")
    certified_learner(cohort, learner)
    later = make_cohort(track, name="Autumn cohort")
    enrol(later, learner)
    auth.login_as(learner)
    from_csv = _csv(client.get(f"/people/{learner.id}/completions.csv"))
    assert [row["cohort"] for row in from_csv] == ["Spring 2025 cohort", "Autumn cohort"]
    from_api = _api(client, learner, "")
    assert [row["cohort_name"] for row in from_api] == ["Spring 2025 cohort", "Autumn cohort"]
    assert _api(client, learner, f"user_id={learner.id}") == from_api


def test_people_see_only_their_own_records_and_strangers_get_404(app, client, auth, cohort, mentor, admin):
    learner = make_user(name="Lea Learner")
    certified_learner(cohort, learner)
    other = make_user(name="Ola Other")
    enrol(cohort, other)
    auth.login_as(other)
    assert client.get(f"/people/{learner.id}/completions.csv").status_code == 404
    assert client.get(f"/cohorts/{cohort.id}/completions.csv").status_code == 403
    raw = make_token(other)
    assert client.get(f"/api/v1/completions/?user_id={learner.id}", headers=bearer(raw)).status_code == 404
    assert client.get(f"/api/v1/completions/?cohort_id={cohort.id}", headers=bearer(raw)).status_code == 403
    auth.login_as(mentor)
    assert client.get(f"/cohorts/{cohort.id}/completions.csv").status_code == 403
    auth.login_as(admin)
    assert client.get(f"/people/{learner.id}/completions.csv").status_code == 200
    assert client.get("/people/999999/completions.csv").status_code == 404


def test_a_stranger_to_the_cohort_gets_404_from_the_api(app, client, cohort):
    raw = make_token(make_user())
    response = client.get(f"/api/v1/completions/?cohort_id={cohort.id}", headers=bearer(raw))
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_a_pending_certificate_shows_no_code_in_the_export(app, cohort):
    services.set_requires_approval(cohort, True, None)
    learner = make_user()
    enrol(cohort, learner)
    complete_track(learner, cohort)
    services.issue_if_complete(learner.id, cohort.id)
    db.session.commit()
    [row] = completions.stream(completions.learner_enrolments(user_id=learner.id))
    assert row.certificate_status == "pending_approval" and row.certificate_code is None and row.verify_url is None


def test_mentors_are_not_in_a_completion_export(app, cohort, mentor):
    certified_learner(cohort, make_user())
    rows = list(completions.stream(completions.learner_enrolments(cohort_id=cohort.id)))
    assert len(rows) == 1 and rows[0].user_id != mentor.id
    assert all(e.role == EnrollmentRole.LEARNER for e in db.session.scalars(
        completions.learner_enrolments(cohort_id=cohort.id)))


@pytest.mark.parametrize("surface", ["csv", "api"])
def test_exports_cost_the_same_queries_for_5_and_60_learners(app, client, auth, cohort, admin, surface):
    raw = make_token(admin)
    auth.login_as(admin)

    def cost() -> int:
        url = (f"/cohorts/{cohort.id}/completions.csv" if surface == "csv"
               else f"/api/v1/completions/?cohort_id={cohort.id}&limit=200")
        with count_queries() as queries:
            response = client.get(url, headers=bearer(raw) if surface == "api" else None)
            response.get_data()
            assert response.status_code == 200
        return queries.count

    certified_learner(cohort, make_user())
    bulk_learners(cohort, 4, start=0)
    cost()  # warm: a token's first use of the minute also writes its last use
    small = cost()
    certified_learner(cohort, make_user())
    bulk_learners(cohort, 54, start=100)
    assert cost() == small
