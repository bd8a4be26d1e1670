"""Every health figure against the values worked out by hand in conftest.py (clock frozen at NOW)."""
from __future__ import annotations

from datetime import timedelta

from lms.cohorts.models import EnrollmentRole
from lms.extensions import db
from lms.health.figures import Settings, program_health
from lms.health.stats import Waits, nearest_rank, share
from lms.health.stuck import CYCLES, INACTIVE, WAITING_ASK, WAITING_REVIEW
from tests.factories.auth import make_user
from tests.factories.cohorts import complete, enrol, lessons_of, make_cohort, make_track
from tests.health.conftest import NOW, START


def spring(world):
    return program_health([world.cohort], NOW, one_cohort=True).cohorts[0]


def test_median_and_nearest_rank_p90_by_hand():
    assert Waits.of([(1, False), (2, False), (4, False), (6, True), (10, False)]) == Waits(5, 1, 4, 10)
    assert Waits.of([(h, False) for h in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)]).p90 == 9   # the 9th of 10
    assert Waits.of([(h, False) for h in range(1, 12)]).p90 == 10                     # ceil(9.9) = 10th of 11
    assert Waits.of([]) == Waits(0, 0, None, None)
    assert nearest_rank([7.5], 90) == 7.5


def test_share_rounds_down_and_has_no_value_without_a_whole():
    assert share(2, 3) == 66
    assert share(0, 0) is None


def test_match_rate_counts_active_learners_with_an_active_primary_mentor(world):
    h = spring(world)
    # Ann, Ben, Cleo and Eve have Marco as primary; Dan only a skill mentor; Fay withdrew.
    assert (h.learners, h.matched, h.match_rate) == (5, 4, 80)


def test_ask_first_response_counts_unanswered_asks_with_their_wait_so_far(world):
    waits = spring(world).ask_waits
    # 2, 4, 1, 6 (open), 30 (open), 10 (closed unanswered), 3, 5 -> 1 2 3 4 5 6 10 30
    assert waits == Waits(count=8, open=2, median=4.5, p90=30)


def test_review_time_counts_each_attempt_and_the_waiting_ones_so_far(world):
    waits = spring(world).review_waits
    # 10, 2, 30 (waiting), 72 (waiting), 6 -> 2 6 10 30 72
    assert waits == Waits(count=5, open=2, median=10, p90=72)


def test_asks_past_the_target_are_those_waiting_on_a_mentor_longer_than_the_cohort_allows(world):
    h = spring(world)
    assert [a.id for a in h.asks_past_target] == [world.asks["a5"].id]
    world.cohort.ask_response_hours = 40
    db.session.commit()
    assert spring(world).asks_past_target == []


def test_reviews_past_the_target_are_attempts_waiting_longer_than_the_turnaround(world):
    assert [a.submission_id for a in spring(world).reviews_past_target] == [world.submissions["ben"].id]


def test_attempts_per_submission_per_assignment_and_for_the_cohort(world):
    h = spring(world)
    by_title = {c.title: (c.submissions, c.mean, c.most) for c in h.cycles_by_lesson}
    assert by_title == {"Landing page": (2, 2.0, 3), "Launch": (1, 1.0, 1)}
    assert (h.cycles.submissions, h.cycles.mean, h.cycles.most) == (3, 1.67, 3)


def test_stuck_learners_with_their_reasons(world):
    stuck = {s.name: [(r.kind, r.text) for r in s.reasons] for s in spring(world).stuck}
    assert stuck == {
        "Ann": [(CYCLES, "3 attempts at Landing page")],
        "Ben": [(WAITING_REVIEW, "waiting 3 days for a review of Launch")],
        "Cleo": [(INACTIVE, "no activity yet (20 days)")],
        "Dan": [(WAITING_ASK, "waiting 30 hours for a mentor on the ask “Scope clause?”")],
    }


def test_stuck_reasons_point_at_the_work_or_the_ask(world):
    reasons = {s.name: s.reasons[0] for s in spring(world).stuck}
    assert reasons["Ann"].submission_id == world.submissions["ann"].id
    assert reasons["Ben"].submission_id == world.submissions["ben"].id
    assert reasons["Dan"].ask_id == world.asks["a5"].id


def test_many_cycles_is_a_setting(world):
    health = program_health([world.cohort], NOW, Settings(many_cycles=4))
    assert "Ann" not in {s.name for s in health.cohorts[0].stuck}


def test_inactivity_counts_only_after_the_set_number_of_days(app):
    track = make_track()
    cohort = make_cohort(track, starts_on=START)
    welcome = lessons_of(track)[0]
    for name, quiet in (("Exactly seven", timedelta(days=7)), ("Seven and a minute", timedelta(days=7, minutes=1))):
        enrollment = enrol(cohort, make_user(name=name), enrolled_at=NOW - timedelta(days=20))
        complete(enrollment, welcome, at=NOW - quiet)
    [h] = program_health([cohort], NOW, Settings(inactive_days=7)).cohorts
    assert {s.name: s.reasons[0].text for s in h.stuck} == {"Seven and a minute": "no activity for 7 days"}


def test_an_ask_or_a_reply_is_activity(world):
    # Dan did nothing but ask: without the asks he would be quiet since he enrolled.
    dan = [s for s in spring(world).stuck if s.name == "Dan"][0]
    assert dan.last_activity == world.asks["a4"].created_at


def test_helpfulness_per_mentor_from_review_and_ask_ratings(world):
    [marco] = [m for m in program_health([world.cohort], NOW, one_cohort=True).mentors if m.user_id == world.marco.id]
    assert (marco.reviews.rated, marco.reviews.helpful, marco.reviews.percent) == (3, 2, 66)
    assert (marco.asks.helpful, marco.asks.somewhat, marco.asks.not_helpful, marco.asks.percent) == (1, 1, 1, 33)


def test_mentor_rows_show_load_and_median_first_responses(world):
    mentors = {m.name: m for m in program_health([world.cohort], NOW, one_cohort=True).mentors}
    marco, nina = mentors["Marco Mentor"], mentors["Nina Mentor"]
    assert (marco.mentees, marco.capacity) == (4, 5)
    assert marco.review_median == 6      # 10, 2, 6
    assert marco.ask_median == 3         # 2, 4, 1, 3, 5
    assert (nina.mentees, nina.capacity, nina.review_median, nina.reviews.percent) == (1, None, None, None)


def test_an_empty_cohort_has_no_figures_rather_than_a_division_by_zero(world):
    [h] = program_health([world.empty], NOW).cohorts
    assert (h.learners, h.match_rate, h.ask_waits.median, h.review_waits.p90, h.cycles.mean, h.stuck) == (
        0, None, None, None, None, [])


def test_no_cohorts_at_all(app):
    health = program_health([], NOW)
    assert (health.cohorts, health.mentors, health.total.match_rate) == ([], [], None)


def test_the_organisation_totals_add_up_the_cohorts(world):
    other = make_cohort(make_track(), starts_on=START)
    enrol(other, make_user(name="Gus"), enrolled_at=NOW - timedelta(days=1))
    health = program_health([world.cohort, world.empty, other], NOW)
    total = health.total
    assert (total.learners, total.matched, total.match_rate) == (6, 4, 66)
    assert total.ask_waits == spring(world).ask_waits
    assert len(total.asks_past_target) == 1 and len(total.reviews_past_target) == 1
    assert [s.name for s in total.stuck] == ["Ann", "Ben", "Cleo", "Dan"]


def test_mentors_across_cohorts_show_their_load_in_every_cohort(world):
    enrol(world.empty, world.marco, EnrollmentRole.MENTOR)
    mentors = {m.name: m for m in program_health([world.cohort, world.empty], NOW).mentors}
    assert (mentors["Marco Mentor"].mentees, mentors["Marco Mentor"].capacity) == (4, None)
