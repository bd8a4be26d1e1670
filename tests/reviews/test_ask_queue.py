"""The asks half of the mentor queue (lms.asks.queue): which asks, offered to whom, mentored before."""
from __future__ import annotations

from datetime import timedelta

import pytest

from lms.asks.models import AskStage, AskState
from lms.asks.queue import AskQueueFilters, ask_queue, mentored_before
from lms.cohorts.models import CohortStatus, EnrollmentRole, Mentorship, MentorshipStatus
from lms.database import utcnow
from lms.extensions import db
from tests.factories.ask_queue_rows import answer, make_ask
from tests.factories.auth import make_user
from tests.factories.submissions import enroll, hand_in, make_cohort, make_track

CLAIM_MINUTES = 60


def _titles(user, **filters) -> list[str]:
    page = ask_queue(user, AskQueueFilters(**filters), utcnow(), CLAIM_MINUTES)
    return [item.title for item in page.items]


def test_queue_holds_open_asks_and_those_the_user_holds_oldest_first(world):
    other_mentor = make_user(name="Oli Other")
    enroll(world.cohort, other_mentor, EnrollmentRole.MENTOR)
    make_ask(world.enrollment, title="open", hours_waiting=3)
    make_ask(world.other_enrollment, title="expired claim", hours_waiting=5, mentor=other_mentor,
             claimed_minutes_ago=CLAIM_MINUTES + 1)
    make_ask(world.enrollment, title="held by other", hours_waiting=9, mentor=other_mentor, claimed_minutes_ago=5)
    make_ask(world.enrollment, title="thread of other", hours_waiting=9, mentor=other_mentor)
    make_ask(world.enrollment, title="my claim", hours_waiting=1, mentor=world.mentor, claimed_minutes_ago=5)
    make_ask(world.other_enrollment, title="my thread", hours_waiting=7, mentor=world.mentor)
    make_ask(world.enrollment, title="answered", state=AskState.AWAITING_LEARNER, mentor=world.mentor)
    make_ask(world.enrollment, title="resolved", state=AskState.RESOLVED)
    assert _titles(world.mentor) == ["my thread", "expired claim", "open", "my claim"]
    held = {i.title: (i.held_by, i.claimed_at is not None) for i in ask_queue(
        world.mentor, AskQueueFilters(), utcnow(), CLAIM_MINUTES).items}
    assert held == {"my thread": ("Ana Mentor", False), "expired claim": (None, False), "open": (None, False),
                    "my claim": ("Ana Mentor", True)}


def test_only_cohorts_the_user_mentors_and_admins_see_every_open_cohort(world):
    track2, _ = make_track()
    elsewhere = make_cohort(track2, name="Elsewhere")
    far = enroll(elsewhere, make_user(name="Fay Far"))
    archived = make_cohort(track2, name="Old", status=CohortStatus.ARCHIVED)
    old = enroll(archived, make_user(name="Old Learner"))
    make_ask(world.enrollment, title="here")
    make_ask(far, title="elsewhere")
    make_ask(old, title="archived")
    assert _titles(world.mentor) == ["here"]
    assert sorted(_titles(world.admin)) == ["elsewhere", "here"]
    assert _titles(world.learner) == []          # a learner mentors nothing, and never sees their own
    enroll(elsewhere, world.learner, EnrollmentRole.MENTOR)
    assert _titles(world.learner) == ["elsewhere"]


def test_offered_to_me_follows_the_stage(world):
    stranger = make_user(name="Sam Stranger", skills=["css"])
    enroll(world.cohort, stranger, EnrollmentRole.MENTOR)
    make_ask(world.enrollment, title="own stage", hours_waiting=4)
    make_ask(world.enrollment, title="css skill", hours_waiting=3, stage=AskStage.SKILL_MENTORS, skill="css")
    make_ask(world.enrollment, title="any skill", hours_waiting=2, stage=AskStage.SKILL_MENTORS)
    make_ask(world.enrollment, title="admins", hours_waiting=1, stage=AskStage.ADMINS)

    def offered(user):
        page = ask_queue(user, AskQueueFilters(), utcnow(), CLAIM_MINUTES)
        return {item.title for item in page.items if item.offered_to_me}

    assert offered(world.mentor) == {"own stage", "any skill"}   # Lea's mentor, without the css skill
    assert offered(stranger) == {"css skill", "any skill"}
    assert offered(world.admin) == {"admins"}
    assert _titles(stranger, offered=True) == ["css skill", "any skill"]


def test_offered_filter_keeps_asks_the_user_holds(world):
    make_ask(world.enrollment, title="skill stage", stage=AskStage.SKILL_MENTORS, skill="rust")
    make_ask(world.enrollment, title="my thread", stage=AskStage.SKILL_MENTORS, skill="rust", mentor=world.mentor)
    assert _titles(world.mentor, offered=True) == ["my thread"]


def test_mine_counts_active_mentorships_of_any_role(world):
    unassigned = enroll(world.cohort, make_user(name="Una Unassigned"))
    skill_mentee = enroll(world.cohort, make_user(name="Sid Skill"))
    db.session.add(Mentorship(enrollment_id=skill_mentee.id, mentor_id=world.mentor.id, role="skill", skill="css"))
    db.session.commit()
    make_ask(world.enrollment, title="primary mentee")
    make_ask(unassigned, title="not mine")
    make_ask(skill_mentee, title="skill mentee")
    assert sorted(_titles(world.mentor, mine=True)) == ["primary mentee", "skill mentee"]
    rows = ask_queue(world.mentor, AskQueueFilters(), utcnow(), CLAIM_MINUTES).items
    assert {i.title for i in rows if i.is_mentee} == {"primary mentee", "skill mentee"}


def test_cohort_assignment_and_overdue_filters(world):
    track2, lesson2 = make_track()
    second = make_cohort(track2, name="Second", ask_response_hours=2)
    enroll(second, world.mentor, EnrollmentRole.MENTOR)
    fay = enroll(second, make_user(name="Fay Far"))
    make_ask(world.enrollment, title="lesson ask", hours_waiting=30, lesson=world.lesson)  # target 24 h: overdue
    make_ask(world.other_enrollment, title="fresh", hours_waiting=3)
    make_ask(fay, title="second cohort", hours_waiting=3)                                  # target 2 h: overdue
    assert _titles(world.mentor, cohort_id=second.id) == ["second cohort"]
    assert _titles(world.mentor, lesson_id=world.lesson.id) == ["lesson ask"]
    assert _titles(world.mentor, overdue=True) == ["lesson ask", "second cohort"]
    item = ask_queue(world.mentor, AskQueueFilters(overdue=True), utcnow(), CLAIM_MINUTES).items[0]
    assert item.is_overdue(utcnow()) and item.lesson_title == "Build your first site"


def test_pages_are_oldest_first_without_gaps(world):
    for hours in range(7):
        make_ask(world.enrollment, title=f"ask {hours}", hours_waiting=hours)
    first = ask_queue(world.mentor, AskQueueFilters(page=1), utcnow(), CLAIM_MINUTES, page_size=3)
    last = ask_queue(world.mentor, AskQueueFilters(page=9), utcnow(), CLAIM_MINUTES, page_size=3)
    assert (first.total, first.pages, last.page) == (7, 3, 3)
    assert [i.title for i in first.items] == ["ask 6", "ask 5", "ask 4"]
    assert [i.title for i in last.items] == ["ask 0"]


def test_mentored_before_counts_mentorships_anywhere_replies_and_reviews(world):
    from lms.reviews.services import Decision, ReviewData, review_attempt

    track2, _ = make_track()
    earlier = make_cohort(track2, name="Earlier")
    past, replied, reviewed, stranger = (make_user(name=n) for n in ("Pat Past", "Rea Replied", "Rob Reviewed",
                                                                    "Sue Stranger"))
    past_enrollment = enroll(earlier, past)
    db.session.add(Mentorship(enrollment_id=past_enrollment.id, mentor_id=world.mentor.id,
                              status=MentorshipStatus.ENDED, ended_at=utcnow() - timedelta(days=30)))
    db.session.commit()
    answer(make_ask(enroll(world.cohort, replied), state=AskState.RESOLVED), world.mentor)
    attempt = hand_in(enroll(world.cohort, reviewed), world.lesson)
    review_attempt(attempt.submission, ReviewData(attempt.id, attempt.submission.version, Decision.APPROVE, [0, 0],
                                                  ["", ""]), world.mentor)
    db.session.commit()
    ids = [u.id for u in (past, replied, reviewed, stranger)]
    assert mentored_before(world.mentor.id, ids) == {past.id, replied.id, reviewed.id}
    assert mentored_before(world.admin.id, ids) == set()


@pytest.mark.parametrize("claimed_minutes_ago", [CLAIM_MINUTES - 1, None])
def test_an_ask_someone_else_holds_is_not_in_my_queue(world, claimed_minutes_ago):
    other_mentor = make_user()
    enroll(world.cohort, other_mentor, EnrollmentRole.MENTOR)
    make_ask(world.enrollment, mentor=other_mentor, claimed_minutes_ago=claimed_minutes_ago)
    assert _titles(world.mentor) == []
