"""The mentoring side: asks with replies, booked sessions, workshops, goals and discussions."""
from __future__ import annotations

from datetime import timedelta

from bench.seeding.plan import World
from bench.seeding.writer import Writer
from lms.asks.models import Ask, AskRating, AskReply, AskStage, AskState, AskUrgency, ReplyKind
from lms.cohorts.models import EnrollmentStatus
from lms.community.models import ConductAgreement, Post, Space, SpaceKind, Topic, TopicFollow, TopicKind
from lms.meetings.models import (
    Booking,
    BookingEvent,
    BookingEventKind,
    BookingStatus,
    RegistrationStatus,
    Workshop,
    WorkshopKind,
    WorkshopRegistration,
)
from lms.plans.models import Goal, GoalCheckIn, GoalSkill, GoalStatus, NoteVisibility
from lms.rendering import render_user_markdown

ASK_SHARE, BOOKING_SHARE, GOAL_SHARE = 0.25, 0.2, 0.4
TOPICS_PER_COHORT = 6


def seed_extras(world: World, writer: Writer) -> None:
    writer.phase("asks")
    html = {text: render_user_markdown(text) for text in _TEXTS}
    mentor_days: dict[int, int] = {}
    for cohort in world.cohorts:
        for enrolment_id, user_id, status in cohort.learners:
            if status != EnrollmentStatus.ACTIVE:
                continue
            mentor = world.enrolment_mentor[enrolment_id]
            if world.rng.random() < ASK_SHARE:
                _ask(world, writer, cohort.id, enrolment_id, user_id, mentor, html)
            if world.rng.random() < BOOKING_SHARE:
                day = mentor_days.get(mentor, 0)
                mentor_days[mentor] = day + 1
                _booking(world, writer, cohort.id, enrolment_id, user_id, mentor, day, html)
            if world.rng.random() < GOAL_SHARE:
                _goal(world, writer, cohort.track.skills, user_id, mentor, html)
    writer.phase("workshops and discussions")
    agreed: set[tuple[int, int]] = set()  # (person, track): one agreement each
    for cohort in world.cohorts:
        _workshop(world, writer, cohort)
        _discussions(world, writer, cohort, html, agreed)


def _ask(world: World, writer: Writer, cohort_id: int, enrolment_id: int, user_id: int, mentor: int, html) -> None:
    rng = world.rng
    state = rng.choices(list(AskState), (25, 25, 45, 5))[0]
    created = world.now - timedelta(hours=rng.randint(3, 24 * 30))
    answered = state != AskState.AWAITING_MENTOR
    first = created + timedelta(hours=2) if answered else None
    closed = state in (AskState.RESOLVED, AskState.TIMED_OUT)
    body = _TEXTS[0]
    ask = writer.add(Ask.__table__, {
        "cohort_id": cohort_id, "enrollment_id": enrolment_id, "user_id": user_id,
        "title": f"How should I price a small site? ({user_id})", "body": body, "body_html": html[body],
        "lesson_id": None, "submission_id": None, "skill": "pricing", "urgency": AskUrgency.NORMAL, "state": state,
        "stage": AskStage.OWN_MENTORS, "offered_at": created, "mentor_id": mentor if answered else None,
        "claimed_at": None, "waiting_since": first or created, "nudges_sent": 0, "first_response_at": first,
        "resolved_at": first + timedelta(hours=3) if closed else None,
        "resolved_by_id": user_id if state == AskState.RESOLVED else None,
        "rating": AskRating.HELPFUL if state == AskState.RESOLVED else None,
        "rated_at": first + timedelta(hours=3) if state == AskState.RESOLVED else None, "thanks_note": "",
        "thanks_public": False, "thanks_shown": False, "created_at": created,
        "updated_at": (first or created) + timedelta(hours=3 if closed else 0), "version": 2 if answered else 1,
        "client_key": None})
    world.samples.setdefault("ask", (ask["id"], user_id))
    if not answered:
        return
    for n, (author, text) in enumerate(((mentor, _TEXTS[1]), (user_id, _TEXTS[2]))[:2 if closed else 1]):
        writer.add(AskReply.__table__, {"ask_id": ask["id"], "author_id": author, "kind": ReplyKind.REPLY,
                                        "body": text, "body_html": html[text], "handed_to_id": None,
                                        "client_key": None, "created_at": first + timedelta(hours=n)})


def _booking(world: World, writer: Writer, cohort_id: int, enrolment_id: int, user_id: int, mentor: int, day: int,
             html) -> None:
    # One session per mentor per day at 10:00 UTC: a mentor's sessions never overlap.
    midnight = world.now.replace(hour=0, minute=0, second=0, microsecond=0)
    starts = midnight + timedelta(days=day - 6, hours=10)
    past = starts < world.now
    status = world.rng.choice((BookingStatus.ATTENDED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW,
                               BookingStatus.CANCELLED) if past else (BookingStatus.CONFIRMED, BookingStatus.REQUESTED))
    created = starts - timedelta(days=3)
    booking_id = writer.new_id(Booking.__table__)
    writer.add(Booking.__table__, {
        "id": booking_id, "cohort_id": cohort_id, "enrollment_id": enrolment_id, "learner_id": user_id,
        "mentor_id": mentor, "starts_at": starts, "ends_at": starts + timedelta(minutes=30),
        "busy_until": starts + timedelta(minutes=40), "minutes": 30, "status": status, "agenda": _TEXTS[3],
        "agenda_html": html[_TEXTS[3]], "ask_id": None, "goal_id": None, "submission_id": None,
        "video_url": f"https://meet.example.test/session-{booking_id}", "uid": f"booking-{booking_id}@seed.lms",
        "sequence": 0, "reschedules": 0, "confirmed_at": created if status != BookingStatus.REQUESTED else None,
        "cancelled_at": created + timedelta(days=1) if status == BookingStatus.CANCELLED else None,
        "cancelled_by_id": user_id if status == BookingStatus.CANCELLED else None,
        "cancel_reason": "Something came up." if status == BookingStatus.CANCELLED else "", "client_key": None,
        "created_at": created, "updated_at": created, "version": 1})
    world.samples.setdefault("booking", (booking_id, user_id))
    writer.add(BookingEvent.__table__, {"booking_id": booking_id, "kind": BookingEventKind.BOOKED,
                                        "actor_id": user_id, "reason": "", "previous_starts_at": None,
                                        "created_at": created})


def _goal(world: World, writer: Writer, skills: list[str], user_id: int, mentor: int, html) -> None:
    created = world.now - timedelta(days=world.rng.randint(1, 60))
    status = world.rng.choice(list(GoalStatus))
    goal = writer.add(Goal.__table__, {
        "user_id": user_id, "title": "Win my first paying client", "why": "To make freelancing real.",
        "measure": "A signed proposal.", "target_on": (created + timedelta(days=90)).date(), "status": status,
        "achieved_at": created + timedelta(days=20) if status == GoalStatus.ACHIEVED else None,
        "cite_as_evidence": False, "created_at": created, "updated_at": created, "version": 1})
    world.samples.setdefault("goal_owner", user_id)
    for skill in world.rng.sample(skills, min(2, len(skills))):
        writer.add(GoalSkill.__table__, {"goal_id": goal["id"], "skill": skill})
    if world.rng.random() < 0.3:
        writer.add(GoalCheckIn.__table__, {"goal_id": goal["id"], "author_id": mentor, "body": _TEXTS[1],
                                           "body_html": html[_TEXTS[1]], "visibility": NoteVisibility.SHARED,
                                           "created_at": created + timedelta(days=7)})


def _workshop(world: World, writer: Writer, cohort) -> None:
    starts = world.now.replace(minute=0, second=0, microsecond=0) + timedelta(days=5, hours=cohort.id % 24)
    workshop_id = writer.new_id(Workshop.__table__)
    people = [user for _, user, status in cohort.learners if status == EnrollmentStatus.ACTIVE][:10]
    writer.add(Workshop.__table__, {
        "id": workshop_id, "cohort_id": cohort.id, "host_id": cohort.mentors[0], "kind": WorkshopKind.OFFICE_HOURS,
        "title": "Office hours: pricing and proposals", "description": "Bring your questions.",
        "description_html": "<p>Bring your questions.</p>", "starts_at": starts,
        "ends_at": starts + timedelta(hours=1), "timezone": cohort.timezone, "seats": 50,
        "seats_taken": len(people), "video_url": f"https://meet.example.test/workshop-{workshop_id}",
        "recording_url": "", "status": "scheduled", "cancel_reason": "", "uid": f"workshop-{workshop_id}@seed.lms",
        "sequence": 0, "created_at": starts - timedelta(days=10), "updated_at": starts - timedelta(days=10),
        "version": 1})
    for user in people:
        writer.add(WorkshopRegistration.__table__, {
            "workshop_id": workshop_id, "user_id": user, "status": RegistrationStatus.REGISTERED,
            "waitlisted_at": None, "attended": None, "created_at": starts - timedelta(days=9),
            "updated_at": starts - timedelta(days=9)})


def _discussions(world: World, writer: Writer, cohort, html, agreed: set) -> None:
    created = world.now - timedelta(days=30)
    space = writer.add(Space.__table__, {"kind": SpaceKind.COHORT, "track_id": cohort.track.id,
                                         "cohort_id": cohort.id, "code_of_conduct": "", "created_at": created})
    people = [user for _, user, status in cohort.learners if status == EnrollmentStatus.ACTIVE] + cohort.mentors
    for number in range(TOPICS_PER_COHORT):
        authors = [world.rng.choice(people) for _ in range(world.rng.randint(1, 8))]
        topic_id = writer.new_id(Topic.__table__)
        times = [created + timedelta(days=number * 4, hours=n * 3) for n in range(len(authors))]
        question = number % 3 == 0
        writer.add(Topic.__table__, {
            "id": topic_id, "space_id": space["id"], "lesson_id": None, "author_id": authors[0],
            "title": f"Week {number + 1}: what are you working on?", "kind":
            TopicKind.QUESTION if question else TopicKind.DISCUSSION, "is_pinned": number == 0, "is_locked": False,
            "is_hidden": False, "hidden_by_id": None, "hidden_at": None, "hide_reason": "",
            "post_count": len(authors), "last_post_at": times[-1], "created_at": times[0], "client_key": None,
            "version": 1})
        world.samples.setdefault("topic", (topic_id, authors[0]))
        for n, (author, at) in enumerate(zip(authors, times, strict=True)):
            text = _TEXTS[n % len(_TEXTS)]
            writer.add(Post.__table__, {
                "topic_id": topic_id, "author_id": author, "body": text, "body_html": html[text], "created_at": at,
                "edited_at": None, "is_hidden": False, "hidden_by_id": None, "hidden_at": None, "hide_reason": "",
                "is_accepted": question and n == 1, "client_key": None, "version": 1})
        for author in dict.fromkeys(authors):
            writer.add(TopicFollow.__table__, {"topic_id": topic_id, "user_id": author, "created_at": created})
            if (author, cohort.track.id) not in agreed:
                agreed.add((author, cohort.track.id))
                writer.add(ConductAgreement.__table__, {"user_id": author, "track_id": cohort.track.id,
                                                        "agreed_at": created})


_TEXTS = (
    "I have a client asking for a five-page site. How do I **price** it without underselling?",
    "Start from the hours you expect, add a third for calls and changes, and quote a fixed price per phase.",
    "Thanks, that helps. I will send the proposal tomorrow.",
    "Go through my proposal draft and the *pricing table*.",
)
