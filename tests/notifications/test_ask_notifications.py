"""Who is told what about asks: every receiver, in the app and by email (once per event)."""
from __future__ import annotations

from sqlalchemy import select

from lms import signals
from lms.asks.models import AskRating, AskStage, AskState
from lms.cohorts.models import EnrollmentRole, EnrollmentStatus, MentorshipRole
from lms.extensions import db
from lms.notifications.asks import offered_to
from lms.notifications.models import Notification
from tests.factories.ask_rows import make_ask, make_reply
from tests.factories.auth import make_user
from tests.factories.plans import end_mentorship, make_mentorship
from tests.factories.scenario import enrollment_of
from tests.factories.submissions import enroll
from tests.notifications.ask_helpers import emails_to, titles_for


def _mentors(world, *names_and_skills):
    people = []
    for name, skills in names_and_skills:
        person = make_user(name=name, skills=list(skills))
        enroll(world.cohort, person, EnrollmentRole.MENTOR)
        people.append(person)
    return people


def test_own_mentors_are_the_learners_active_mentors_active_in_the_cohort(world):
    sam, gone, outsider = _mentors(world, ("Sam Skill", ()), ("Gus Gone", ()), ("Oz Outside", ()))
    make_mentorship(world.enrollment, world.mentor)
    end_mentorship(make_mentorship(world.enrollment, gone, role=MentorshipRole.SKILL))
    make_mentorship(world.enrollment, sam, role=MentorshipRole.SKILL)
    make_mentorship(world.enrollment, outsider, role=MentorshipRole.PEER)
    enrollment_of(world.cohort.id, outsider.id).status = EnrollmentStatus.WITHDRAWN  # no longer a mentor here
    ask = make_ask(world.enrollment)
    assert [m.name for m in offered_to(ask)] == ["Ana Mentor", "Sam Skill"]


def test_skill_stage_offers_mentors_with_the_skill_else_every_mentor(world):
    _mentors(world, ("Pia Pricing", ("pricing",)), ("Carl Css", ("css",)))
    with_skill = make_ask(world.enrollment, stage=AskStage.SKILL_MENTORS, skill="pricing")
    nobody_has_it = make_ask(world.enrollment, stage=AskStage.SKILL_MENTORS, skill="tax law")
    without_skill = make_ask(world.other_enrollment, stage=AskStage.SKILL_MENTORS)
    assert [m.name for m in offered_to(with_skill)] == ["Pia Pricing"]
    everyone = ["Ana Mentor", "Pia Pricing", "Carl Css"]
    assert [m.name for m in offered_to(nobody_has_it)] == everyone
    assert [m.name for m in offered_to(without_skill)] == everyone


def test_admin_stage_offers_the_active_admins(world):
    make_user(name="Old Admin", is_admin=True, is_active=False)
    assert [m.name for m in offered_to(make_ask(world.enrollment, stage=AskStage.ADMINS))] == ["Ada Admin"]


def test_an_opened_ask_tells_the_own_mentors_in_the_app_and_by_email_once(world):
    make_mentorship(world.enrollment, world.mentor)
    ask = make_ask(world.enrollment, title="Pricing table")
    signals.ask_opened.send(ask, actor=world.learner)
    signals.ask_opened.send(ask, actor=world.learner)
    assert titles_for(world.mentor) == ["Lea Learner asks: “Pricing table”"]
    [email] = emails_to(world.mentor)
    assert email.subject == "Lea Learner asks: “Pricing table”"
    assert f"/asks/{ask.id}\n" in email.text and "Ask: Pricing table" in email.text
    assert titles_for(world.learner) == []


def test_offered_to_a_wider_circle_tells_that_circle(world):
    ask = make_ask(world.enrollment, stage=AskStage.ADMINS)
    signals.ask_offered.send(ask, why="nobody answered within 24 hours")
    assert titles_for(world.admin) == ["Lea Learner asks: “Is my pricing table clear?”"]
    assert "nobody answered within 24 hours" in emails_to(world.admin)[0].text


def test_a_claim_tells_the_learner(world):
    ask = make_ask(world.enrollment, mentor=world.mentor, claimed_at=None)
    signals.ask_claimed.send(ask, actor=world.mentor)
    assert titles_for(world.learner) == ["Ana Mentor is answering your ask “Is my pricing table clear?”"]


def test_a_mentor_reply_tells_the_learner_with_an_excerpt(world):
    ask = make_ask(world.enrollment, state=AskState.AWAITING_LEARNER, mentor=world.mentor)
    reply = make_reply(ask, world.mentor, body="Put the monthly price first.")
    signals.ask_replied.send(reply, ask=ask, actor=world.mentor)
    assert titles_for(world.learner) == ["Ana Mentor replied on your ask “Is my pricing table clear?”"]
    assert titles_for(world.mentor) == []
    assert "Put the monthly price first." in emails_to(world.learner)[0].text


def test_a_learner_reply_tells_the_holding_mentor_or_else_the_offered_mentors(world):
    sam, = _mentors(world, ("Sam Skill", ()))
    make_mentorship(world.enrollment, sam, role=MentorshipRole.SKILL)
    held = make_ask(world.enrollment, mentor=world.mentor)
    signals.ask_replied.send(make_reply(held, world.learner), ask=held, actor=world.learner)
    assert titles_for(world.mentor) == ["Lea Learner replied on “Is my pricing table clear?”"]
    assert titles_for(sam) == []
    unheld = make_ask(world.enrollment, title="Scope clause")
    signals.ask_replied.send(make_reply(unheld, world.learner), ask=unheld, actor=world.learner)
    assert titles_for(sam) == ["Lea Learner replied on “Scope clause”"]


def test_a_hand_over_tells_the_new_mentor_and_the_learner(world):
    bea, = _mentors(world, ("Bea Next", ()))
    ask = make_ask(world.enrollment, mentor=bea)
    signals.ask_handed_over.send(ask, from_mentor=world.mentor, to_mentor=bea, note="Bea knows pricing",
                                 actor=world.mentor)
    assert titles_for(bea) == ["Ana Mentor handed you “Is my pricing table clear?” (Lea Learner’s ask)"]
    assert "Bea knows pricing" in emails_to(bea)[0].text
    assert titles_for(world.learner) == ["Your ask “Is my pricing table clear?” is now with Bea Next"]
    assert titles_for(world.mentor) == []


def test_an_admin_handing_over_an_ask_nobody_held_is_named_as_the_giver(world):
    bea, = _mentors(world, ("Bea Next", ()))
    admin = make_user(name="Ada Admin", email="ada.giver@example.org", is_admin=True)
    ask = make_ask(world.enrollment, mentor=bea)
    signals.ask_handed_over.send(ask, from_mentor=None, to_mentor=bea, note="", actor=admin)
    assert titles_for(bea) == ["Ada Admin handed you “Is my pricing table clear?” (Lea Learner’s ask)"]


def test_resolving_tells_the_other_side_and_rating_tells_the_mentor(world):
    by_learner = make_ask(world.enrollment, state=AskState.RESOLVED, mentor=world.mentor, title="One")
    signals.ask_resolved.send(by_learner, actor=world.learner)
    by_mentor = make_ask(world.enrollment, state=AskState.RESOLVED, mentor=world.mentor, title="Two")
    signals.ask_resolved.send(by_mentor, actor=world.mentor)
    assert titles_for(world.mentor) == ["Lea Learner closed “One”"]
    assert titles_for(world.learner) == ["Ana Mentor marked your ask “Two” resolved; how helpful was it?"]
    by_learner.rating, by_learner.thanks_note = AskRating.SOMEWHAT, "Thanks, it helped a bit"
    signals.ask_rated.send(by_learner, actor=world.learner)
    assert titles_for(world.mentor)[-1] == "Lea Learner found your help on “One” somewhat helpful"
    rated = db.session.scalars(select(Notification).where(Notification.user_id == world.mentor.id)
                               .order_by(Notification.id.desc())).first()
    assert rated.body == "Thanks, it helped a bit"


def test_a_reminder_tells_the_person_waited_on(world):
    ask = make_ask(world.enrollment, state=AskState.AWAITING_LEARNER, mentor=world.mentor)
    signals.ask_waiting.send(ask, waiting_on=world.learner, days=5, nudge=2)
    signals.ask_waiting.send(ask, waiting_on=world.learner, days=5, nudge=2)
    assert titles_for(world.learner) == [
        "Ana Mentor is waiting for your reply on “Is my pricing table clear?” (5 days)"]
    held = make_ask(world.other_enrollment, mentor=world.mentor, title="Scope")
    signals.ask_waiting.send(held, waiting_on=world.mentor, days=2, nudge=1)
    assert titles_for(world.mentor) == ["Otto Other has waited 2 days for your answer on “Scope”"]


def test_a_time_out_tells_the_learner_and_the_mentor(world):
    timed_out = make_ask(world.enrollment, state=AskState.TIMED_OUT, mentor=world.mentor, title="One")
    signals.ask_timed_out.send(timed_out, back_in_queue=False, mentor=world.mentor)
    back = make_ask(world.enrollment, title="Two")  # the nudges cleared its mentor
    signals.ask_timed_out.send(back, back_in_queue=True, mentor=world.mentor)
    assert titles_for(world.learner) == ["Your ask “One” timed out; reply in the thread to open it again",
                                         "Your ask “Two” is back in the queue: other mentors can pick it up"]
    assert titles_for(world.mentor) == ["“One” timed out: Lea Learner did not reply",
                                        "“Two” went back to the queue: it waited too long for your answer"]


def test_inactive_people_are_not_told(world):
    world.learner.is_active = False
    db.session.commit()
    ask = make_ask(world.enrollment, mentor=world.mentor)
    signals.ask_claimed.send(ask, actor=world.mentor)
    assert titles_for(world.learner) == []
