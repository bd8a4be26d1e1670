"""The health pages and CSV exports: the figures shown, the links behind them, and who may see them."""
from __future__ import annotations

import csv
import io

import pytest
from flask import url_for

from lms.extensions import db
from tests.factories.auth import make_user
from tests.factories.health_rows import make_ask


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_organisation_page_shows_each_cohort_with_totals_and_no_draft(client, auth, world, frozen):
    auth.login_as(world.admin)
    page = client.get("/health").get_data(as_text=True)
    assert "Spring cohort" in page and "Autumn cohort" in page and "All cohorts" in page
    assert "Draft cohort" not in page
    assert "80%" in page and "4 of 5" in page               # match rate
    assert "4.5 h" in page and "p90 30.0 h" in page         # asks
    assert "10.0 h" in page and "p90 72.0 h" in page        # reviews
    assert "—" in page                                      # the empty cohort


def test_organisation_numbers_link_to_the_people_behind_them(client, auth, world, frozen, app):
    auth.login_as(world.admin)
    page = client.get("/health").get_data(as_text=True)
    cohort_id = world.cohort.id
    with app.test_request_context():
        links = [url_for("cohorts.people", cohort_id=cohort_id), url_for("cohorts.matches", cohort_id=cohort_id),
                 url_for("reviews.queue", cohort=cohort_id, overdue=1), url_for("reviews.queue", cohort=cohort_id),
                 url_for("health.cohort", cohort_id=cohort_id, _anchor="stuck")]
    for link in links:
        assert f'href="{link}"'.replace("&", "&amp;") in page, link


def test_cohort_page_links_stuck_learners_asks_and_work(client, auth, world, frozen, app):
    auth.login_as(world.admin)
    page = client.get(f"/cohorts/{world.cohort.id}/health").get_data(as_text=True)
    with app.test_request_context():
        links = [url_for("asks.thread", ask_id=world.asks["a5"].id),
                 url_for("submissions.detail", submission_id=world.submissions["ann"].id),
                 url_for("submissions.detail", submission_id=world.submissions["ben"].id),
                 url_for("plans.person", user_id=world.learners["Cleo"].id),
                 url_for("reviews.queue", cohort=world.cohort.id, assignment=world.lessons["launch"].id),
                 url_for("reviews.my_feedback", mentor=world.marco.id)]
    for link in links:
        assert f'href="{link}"'.replace("&", "&amp;") in page, link
    assert "no activity yet (20 days)" in page and "3 attempts at Landing page" in page
    assert "Marco Mentor" in page and "66%" in page and "4 of 5" in page


def test_cohort_page_draws_mentor_load_as_an_accessible_svg(client, auth, world, frozen):
    auth.login_as(world.admin)
    page = client.get(f"/cohorts/{world.cohort.id}/health").get_data(as_text=True)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert "<title id=\"load-title\">Mentor load in Spring cohort</title>" in page
    assert "Marco Mentor: 4 of 5; Nina Mentor: 1 of no limit." in page
    assert 'id="mentor-table"' in page          # the same numbers as a table
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_empty_cohort_page_says_so_without_errors(client, auth, world, frozen):
    auth.login_as(world.admin)
    response = client.get(f"/cohorts/{world.empty.id}/health")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "No active mentors in this cohort." in page and "No work handed in yet." in page


def test_organisation_csv_has_the_page_numbers(client, auth, world, frozen):
    auth.login_as(world.admin)
    rows = read_csv(client.get("/health.csv"))
    header, by_cohort = rows[0], {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert list(by_cohort) == ["Spring cohort", "Autumn cohort", "All cohorts"]
    spring = by_cohort["Spring cohort"]
    assert (spring["match rate %"], spring["ask first response median (h)"], spring["ask first response p90 (h)"],
            spring["asks past target"], spring["review median (h)"], spring["review p90 (h)"],
            spring["reviews past target"], spring["mean attempts per submission"], spring["stuck learners"]) == (
        "80", "4.5", "30.0", "1", "10.0", "72.0", "1", "1.67", "4")
    assert by_cohort["Autumn cohort"]["match rate %"] == "" and by_cohort["Autumn cohort"]["review median (h)"] == ""
    page = client.get("/health").get_data(as_text=True)
    for column in ("ask first response median (h)", "ask first response p90 (h)", "review median (h)",
                   "review p90 (h)"):
        assert f"{spring[column]} h" in page, column
    assert f"{spring['match rate %']}%" in page and f">{spring['mean attempts per submission']}<" in page
    assert len(header) == len(set(header))


def test_cohort_csv_lists_figures_mentors_assignments_and_stuck_learners(client, auth, world, frozen):
    auth.login_as(world.admin)
    rows = read_csv(client.get(f"/cohorts/{world.cohort.id}/health.csv"))
    assert rows[0] == ["section", "subject", "figure", "value"]
    values = {(section, subject, figure): value for section, subject, figure, value in rows[1:]}
    assert values[("cohort", "Spring cohort", "match rate %")] == "80"
    assert values[("mentor", "Marco Mentor", "reviews rated helpful %")] == "66"
    assert values[("mentor", "Marco Mentor", "ask first response median (h)")] == "3.0"
    assert values[("assignment", "Landing page", "mean attempts per submission")] == "2.0"
    assert ["stuck learner", "Cleo", "reason", "no activity yet (20 days)"] in rows


def test_csv_neutralises_formulas_in_names(client, auth, world, frozen):
    world.cohort.name = "=HYPERLINK(\"http://evil.example\")"
    world.learners["Cleo"].name = "@SUM(1+1)"
    db.session.commit()
    auth.login_as(world.admin)
    assert read_csv(client.get("/health.csv"))[1][0] == "'=HYPERLINK(\"http://evil.example\")"
    assert ["stuck learner", "'@SUM(1+1)", "reason", "no activity yet (20 days)"] in read_csv(
        client.get(f"/cohorts/{world.cohort.id}/health.csv"))


def test_names_and_titles_are_escaped_on_the_page_and_in_the_chart(client, auth, world, frozen):
    world.marco.name = "<script>alert(1)</script>"
    make_ask(world.enrollments["Dan"], created_at=world.asks["a5"].created_at, title="<img src=x onerror=alert(1)>")
    db.session.commit()
    auth.login_as(world.admin)
    for url in ("/health", f"/cohorts/{world.cohort.id}/health"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)" in page


@pytest.mark.parametrize("who", ["learner", "mentor"])
@pytest.mark.parametrize("url", ["/health", "/health.csv", "{cohort}/health", "{cohort}/health.csv"])
def test_only_admins_see_program_health(client, auth, world, who, url):
    auth.login_as(world.learners["Ann"] if who == "learner" else world.marco)
    assert client.get(url.format(cohort=f"/cohorts/{world.cohort.id}")).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client, world):
    response = client.get("/health")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_unknown_cohort_is_not_found(client, auth, world):
    auth.login_as(world.admin)
    assert client.get("/cohorts/999999/health").status_code == 404


def test_admins_find_health_in_the_navigation_and_on_the_cohort_page(client, auth, world):
    auth.login_as(world.admin)
    assert 'href="/health"' in client.get("/profile").get_data(as_text=True)
    assert f'href="/cohorts/{world.cohort.id}/health"' in client.get(f"/cohorts/{world.cohort.id}").get_data(
        as_text=True)


def test_mentors_do_not_see_the_health_links(client, auth, world):
    auth.login_as(world.marco)
    assert 'href="/health"' not in client.get("/profile").get_data(as_text=True)
    assert "/health" not in client.get(f"/cohorts/{world.cohort.id}").get_data(as_text=True)


def test_a_namesake_outside_the_cohort_is_not_listed(client, auth, world, frozen):
    make_user(name="Ann")  # a namesake outside the cohort
    auth.login_as(world.admin)
    page = client.get(f"/cohorts/{world.cohort.id}/health").get_data(as_text=True)
    assert page.count("3 attempts at Landing page") == 1


def test_empty_cohort_csv_leaves_unmeasured_figures_empty(client, auth, world, frozen):
    auth.login_as(world.admin)
    rows = read_csv(client.get(f"/cohorts/{world.empty.id}/health.csv"))
    values = {figure: value for section, _, figure, value in rows[1:] if section == "cohort"}
    assert (values["active learners"], values["match rate %"], values["ask first response median (h)"],
            values["mean attempts per submission"], values["stuck learners"]) == ("0", "", "", "", "0")
    assert [row[0] for row in rows[1:]] == ["cohort"] * (17 + 6)  # the figures, then the mentor hours
