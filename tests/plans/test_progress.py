"""A goal's progress is derived from reviewed work on its linked criteria: the levels
reached over time, the best as a percent of the top level, per criterion and per goal."""
from __future__ import annotations

from datetime import datetime, timezone

from lms.cohorts.models import MentorshipRole
from lms.extensions import db
from lms.plans.models import NoteVisibility
from lms.plans.progress import ScoredReview, derive
from lms.plans.services import add_checkin
from tests.factories.auth import make_user
from tests.factories.plans import make_goal, make_mentorship, reviewed
from tests.factories.submissions import RUBRIC, enroll, make_cohort
from tests.querycount import count_queries

MAY_12 = datetime(2026, 5, 12, 9, 0, tzinfo=timezone.utc)
MAY_20 = datetime(2026, 5, 20, 9, 0, tzinfo=timezone.utc)
LEVELS = {"Structure": [4, 3, 1], "Accessibility": [4, 2, 0]}  # RUBRIC's points per level index


def test_derive_reads_each_review_with_its_own_rubric_and_takes_the_best_level():
    links = [(7, "First site", "Structure", {"rubric": RUBRIC}), (7, "First site", "Accessibility", {"rubric": RUBRIC})]
    reviews = [ScoredReview(7, MAY_12, RUBRIC, [{"level": 2, "points": 1}, {"level": 1, "points": 2}]),
               ScoredReview(7, MAY_20, RUBRIC, [{"level": 0, "points": 4}, {"level": 2, "points": 0}])]
    progress = derive(links, reviews)
    structure, accessibility = progress.criteria
    assert [(level.label, level.reviewed_at) for level in structure.timeline] == [("Needs work", MAY_12),
                                                                                 ("Excellent", MAY_20)]
    assert structure.percent == 100 and structure.best.label == "Excellent"
    assert accessibility.best.label == "Good" and accessibility.percent == 50  # best 2 of 4, not the latest 0
    assert progress.percent == 75  # (4 + 2) / (4 + 4)


def test_derive_without_reviews_or_links_and_with_malformed_scores():
    assert derive([], []).percent is None
    unreviewed = derive([(7, "First site", "Structure", {"rubric": RUBRIC})], [])
    assert unreviewed.percent == 0 and unreviewed.criteria[0].timeline == ()
    broken = [ScoredReview(7, MAY_12, RUBRIC, [{"level": 9}, "nonsense"]),
              ScoredReview(7, MAY_12, [None, {"name": "Structure"}], [{"level": 0}, {}])]
    assert derive([(7, "First site", "Structure", {"rubric": RUBRIC})], broken).criteria[0].timeline == ()
    # A criterion renamed in the track since: the top comes from the reviews' own rubric.
    old = derive([(7, "First site", "Structure", {"rubric": []})],
                 [ScoredReview(7, MAY_12, RUBRIC, [{"level": 1, "points": 3}, {"level": 1, "points": 2}])])
    assert old.percent == 75


def test_plan_page_shows_the_timeline_and_percent_from_real_reviews(client, auth, world):
    make_goal(world.learner, "Write semantic pages", criteria=[f"{world.lesson.id}:Structure"])
    reviewed(world.enrollment, world.lesson, [2, 2], world.mentor, at=MAY_12)
    reviewed(world.enrollment, world.lesson, [1, 0], world.mentor, at=MAY_20)
    auth.login_as(world.learner)
    page = client.get("/plan").get_data(as_text=True)
    assert "<bdi>Needs work</bdi> (12 May 2026) → <bdi>Good</bdi> (20 May 2026)" in page
    assert "best 75% of the top level" in page and 'value="75"' in page


def test_reviews_from_every_enrolment_count_but_not_other_learners_work(client, auth, world):
    make_goal(world.learner, "Accessible pages", criteria=[f"{world.lesson.id}:Accessibility"])
    later = make_cohort(world.track)
    second = enroll(later, world.learner)
    reviewed(world.enrollment, world.lesson, [2, 1], world.mentor, at=MAY_12)  # Accessibility: Good
    reviewed(second, world.lesson, [2, 0], world.mentor, at=MAY_20)           # Accessibility: Excellent
    stranger = enroll(later, make_user())
    reviewed(stranger, world.lesson, [0, 0], world.mentor)
    auth.login_as(world.learner)
    page = client.get("/plan").get_data(as_text=True)
    assert "<bdi>Good</bdi> (12 May 2026) → <bdi>Excellent</bdi> (20 May 2026)" in page and "best 100%" in page


def test_plan_page_queries_stay_constant_as_goals_notes_and_reviews_grow(client, auth, world):
    def grow(n: int) -> None:
        for i in range(n):
            goal = make_goal(world.learner, f"Goal {i}", skills=["html"],
                             criteria=[f"{world.lesson.id}:Structure", f"{world.lesson.id}:Accessibility"],
                             commit=False)
            add_checkin(goal, f"Shared {i}", NoteVisibility.SHARED, world.mentor)
            add_checkin(goal, f"Private {i}", NoteVisibility.MENTORS, world.admin)
            # Each review in an enrolment of its own (attempts per enrolment are limited).
            reviewed(enroll(make_cohort(world.track), world.learner), world.lesson, [i % 3, 1], world.mentor)

    def measure(who: str) -> int:
        auth.login_as(getattr(world, who))
        with count_queries() as queries:
            assert client.get(f"/people/{world.learner.id}/plan").status_code == 200
        return queries.count

    grow(1)
    small = {who: measure(who) for who in ("learner", "mentor")}
    grow(6)
    # A second mentor too, and more notes by other authors.
    extra = make_user()
    make_mentorship(world.enrollment, extra, role=MentorshipRole.PEER)
    large = {who: measure(who) for who in ("learner", "mentor")}
    assert small == large, (small, large)


def test_review_dates_are_shown_in_the_readers_time_zone(client, auth, world):
    make_goal(world.learner, "Semantic pages", criteria=[f"{world.lesson.id}:Structure"])
    reviewed(world.enrollment, world.lesson, [1, 1], world.mentor,
             at=datetime(2026, 5, 12, 22, 30, tzinfo=timezone.utc))
    world.learner.timezone = "Pacific/Auckland"
    world.mentor.timezone = "America/Los_Angeles"
    db.session.commit()
    auth.login_as(world.learner)
    assert "<bdi>Good</bdi> (13 May 2026)" in client.get("/plan").get_data(as_text=True)
    auth.login_as(world.mentor)
    assert "<bdi>Good</bdi> (12 May 2026)" in client.get(f"/people/{world.learner.id}/plan").get_data(as_text=True)
