"""A CSV file with some bad rows: enrol the good rows, download the bad ones with the reason, preview first."""
from __future__ import annotations

import csv
import io

from lms.auth.models import User
from lms.cohorts.models import CsvEnrollmentPlan, Enrollment
from lms.extensions import db
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol, make_cohort

MIXED = "\n".join([
    "email,name,mentor_email,credit_prior_work",
    "good@example.org,Good One,,",
    "bad-email,Someone,,",
    "in@example.org,Already In,,",
    "fine@example.org,Fine Two,,no",
    "odd@example.org,Odd,,maybe",
    "@cmd,=HYPERLINK(\"x\"),,",
]).encode()


def _user(email) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == email))


def _enrolled(cohort) -> set[str]:
    return set(db.session.scalars(db.select(User.email).join(Enrollment, Enrollment.user_id == User.id)
                                  .where(Enrollment.cohort_id == cohort.id)))


def _upload(client, cohort, content: bytes, filename="people.csv"):
    response = client.post(f"/cohorts/{cohort.id}/people/csv",
                           data={"file": (io.BytesIO(content), filename), "role": "learner"},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    return response.headers["Location"]


def _mixed(client, auth, admin, track):
    cohort = make_cohort(track)
    enrol(cohort, make_user(email="in@example.org"))
    auth.login_as(admin)
    return cohort, _upload(client, cohort, MIXED)


def test_preview_of_a_mixed_file_offers_the_good_rows_and_the_bad_rows_file(client, auth, admin, track):
    cohort, location = _mixed(client, auth, admin, track)
    page = client.get(location).get_data(as_text=True)
    assert "4 rows have problems" in page and "the other 2 can be enrolled now" in page
    assert "Enrol the 2 good rows" in page and "Download the 4 bad rows (CSV)" in page
    assert "New account + invitation" in page and "malformed email" in page
    assert _user("good@example.org") is None  # a preview changes nothing


def test_confirming_the_good_rows_enrols_only_them_and_keeps_the_bad_rows_downloadable(client, auth, admin, track):
    cohort, location = _mixed(client, auth, admin, track)
    response = client.post(location, data={"rows": "good"})
    assert response.status_code == 302 and response.headers["Location"].endswith(location)
    assert _enrolled(cohort) == {"in@example.org", "good@example.org", "fine@example.org"}
    page = client.get(location).get_data(as_text=True)
    assert "2 people enrolled from people.csv; 4 rows not enrolled." in page
    assert "except the 4 rows marked below" in page and "rows not enrolled (CSV)" in page
    plan = db.session.scalar(db.select(CsvEnrollmentPlan))
    assert plan.confirmed_at is not None
    again = client.post(location, data={"rows": "good"}, follow_redirects=True).get_data(as_text=True)
    assert "already enrolled" in again
    db.session.refresh(plan)
    assert sum(row["action"] == "error" for row in plan.preview) == 4  # the enrolled file's preview is kept


def test_confirming_without_choosing_the_good_rows_enrols_nobody(client, auth, admin, track):
    cohort, location = _mixed(client, auth, admin, track)
    page = client.post(location, follow_redirects=True).get_data(as_text=True)
    assert "4 rows cannot be enrolled; nobody was enrolled." in page
    assert _enrolled(cohort) == {"in@example.org"}


def test_bad_rows_file_has_each_bad_row_as_written_with_its_error(client, auth, admin, track):
    cohort, location = _mixed(client, auth, admin, track)
    response = client.get(f"{location}/bad-rows.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert 'filename="people-not-enrolled.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["email", "name", "mentor_email", "credit_prior_work", "error"]
    assert rows[1:] == [
        ["bad-email", "Someone", "", "", "line 3: malformed email “bad-email”"],
        ["in@example.org", "Already In", "", "", "line 4: already enrolled as learner"],
        ["odd@example.org", "Odd", "", "maybe", "line 6: credit_prior_work must be yes or no, not “maybe”"],
        ["'@cmd", "'=HYPERLINK(\"x\")", "", "", "line 7: malformed email “@cmd”"],
    ]


def test_the_bad_rows_file_fixed_can_be_uploaded_again(client, auth, admin, track):
    cohort, location = _mixed(client, auth, admin, track)
    body = client.get(f"{location}/bad-rows.csv").get_data().replace(b"bad-email", b"fixed@example.org")
    page = client.get(_upload(client, cohort, body, "fixed.csv")).get_data(as_text=True)
    assert "New account + invitation" in page and "3 rows have problems" in page  # the error column is ignored


def test_a_file_with_only_bad_rows_offers_no_enrolment_and_refuses_one(client, auth, admin, track):
    cohort = make_cohort(track)
    auth.login_as(admin)
    location = _upload(client, cohort, b"nope,No\n,Empty\n")
    page = client.get(location).get_data(as_text=True)
    assert "nobody can be enrolled from this file yet" in page and "good row" not in page
    response = client.post(location, data={"rows": "good"}, follow_redirects=True)
    assert response.status_code == 200 and "nobody was enrolled" in response.get_data(as_text=True)
    assert _enrolled(cohort) == set()


def test_bad_rows_file_of_a_clean_plan_is_just_the_header_and_odd_tokens_are_404(client, auth, admin, track):
    cohort = make_cohort(track)
    auth.login_as(admin)
    location = _upload(client, cohort, b"a@example.org,A\n")
    assert client.get(f"{location}/bad-rows.csv").get_data().decode("utf-8-sig").splitlines() == [
        "email,name,mentor_email,credit_prior_work,error"]
    for token in ["nope", "%00", "x" * 300]:
        assert client.get(f"/cohorts/{cohort.id}/people/csv/{token}/bad-rows.csv").status_code in (400, 404)


def test_good_rows_are_refused_when_the_cohort_changed_since_the_preview(client, auth, admin, track):
    cohort = make_cohort(track, capacity=3)
    enrol(cohort, make_user(email="in@example.org"))
    auth.login_as(admin)
    location = _upload(client, cohort, b"a@example.org,A\nb@example.org,B\nin@example.org,In\n")
    enrol(cohort, make_user())  # a seat goes elsewhere meanwhile
    page = client.post(location, data={"rows": "good"}, follow_redirects=True).get_data(as_text=True)
    assert "Something changed since the preview" in page and "over capacity" in page
    assert _user("a@example.org") is None
