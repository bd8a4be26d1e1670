"""Who may reach what: every route of the app, per actor, against cohort A's objects.

``MATRIX`` has one row per route (endpoint and method) with the answer each actor must
get: anonymous, learner of cohort A, learner of cohort B, mentor of A, mentor of B, and
an admin. ``LOGIN`` means the redirect to the sign-in page of a page that needs an
account (``/login?next=...``); ``302`` any other redirect.
A route without a row fails ``test_every_route_has_a_row``, so new routes cannot skip
this table. Each cell is its own test: ``test_cell[cohorts.detail-GET-learner_b]``.

POST cells send small valid-looking forms (with the CSRF token). When the expected
answer is a refusal (403, 404, sign-in), the test also proves nothing changed in the
database. The world (``tests/factories/scenario.py``) is built once per module; after
a cell that changed something it is restored from a snapshot.

Public routes (static files, signing in, verification, issuer keys, links carrying a
secret token) answer everybody alike: their rows say so.
"""
from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

import pytest
from flask import url_for

from lms import create_app
from lms.certificates import signing
from lms.extensions import db
from tests.conftest import Client, _empty_all_tables, _test_config
from tests.factories.auth import PASSWORD
from tests.factories.scenario import GOOD_TRACK, TwoCohorts, zip_of_folder
from tests.security.conftest import ACTORS, LIMITS, Keeper, changed_tables, sign_in_as, snapshot

LOGIN = "login"
NEW_PASSWORD = "a brand new passphrase"
REFUSALS = (LOGIN, 403, 404)


@dataclass(frozen=True)
class Row:
    values: Callable[[TwoCohorts], dict]
    expected: dict
    data: Callable[[TwoCohorts], dict] | None = None
    note: str = ""


def row(values, anon, learner_a, learner_b, mentor_a, mentor_b, admin, *, data=None, note="") -> Row:
    answers = (anon, learner_a, learner_b, mentor_a, mentor_b, admin)
    return Row(values, dict(zip(ACTORS, answers, strict=True)), data, note)


def _none(w):
    return {}


def _cohort(w):
    return {"cohort_id": w.cohort_a}


def _submission(w):
    return {"submission_id": w.submission_a}


def _certificate(w):
    return {"certificate_id": w.certificate_a}


def _lesson(slug_attribute):
    return lambda w: {"slug": w.track_a, "lesson_slug": getattr(w, slug_attribute)}


def _ask(w):
    return {"ask_id": w.ask_a}


def _peer_seat(w):
    return {"seat_id": w.peer_seat_a}


def _webhook(w):
    return {"endpoint_id": w.webhook_endpoint_a}


def _webhook_form(w):
    return {"url": "https://93.184.216.34/hooks", "description": "HR", "events": ["ask.opened"], "version": "1"}


def _peer_duty(w):
    return {"duty_id": w.peer_duty_a}


def _peer_lease(w):
    return {"review_id": w.peer_lease_a}


def _peer_levels(w):
    return {"level-0": "0", "level-1": "0"}


def _workshop(w):
    return {"workshop_id": w.workshop_a}


def _moderated_topic(w):
    return {"topic_id": w.moderation_topic_a}


def _moderated_post(w):
    return {"post_id": w.moderation_post_a}


def _moderated_space(w):
    return {"space_id": w.moderation_space_a}


def _reason(w):
    return {"reason": "Off topic"}
def _space(w):
    return {"space_id": w.community_space_a}


def _topic(w):
    return {"topic_id": w.community_topic_a}


def _workshop_form(w):
    from datetime import date, timedelta
    return {"kind": "workshop", "title": "Pricing clinic", "description": "Bring *your* prices.",
            "day": (date.today() + timedelta(days=5)).isoformat(), "start": "10:00", "minutes": "60", "seats": "5"}


def _plan_goal(w):
    return {"goal_id": w.plans_goal_a}


def _booking(w):
    return {"booking_id": w.booking_a}


def _booking_form(w):
    return {"mentor_id": str(w.mentor_a), "minutes": "30", "starts": w.booking_slot_a,
            "client_key": "0123456789abcdef0123456789abcdef", "agenda": "Pricing", "about": ""}


def _csv_file(w):
    return {"role": "learner", "file": (io.BytesIO(b"email,name\nnew.person@example.org,New Person\n"), "people.csv")}


def _zip_file(w):
    return {"archive": (io.BytesIO(zip_of_folder(GOOD_TRACK)), "good.zip")}


def _new_cohort(w):
    return {"name": "Cohort C", "track_id": "1", "starts_on": "2030-01-01", "ends_on": "2030-03-01",
            "timezone": "UTC", "review_policy": "any_mentor", "review_turnaround_hours": "48", "description": ""}


def _edit_cohort(w):
    return {**_new_cohort(w), "name": "Cohort A renamed", "version": "1"}


def _review(w):
    from lms.submissions.models import Submission

    version = db.session.get(Submission, w.submission_a).version
    return {"attempt_id": str(w.attempt_a), "version": str(version), "decision": "approve",
            "level-0": "0", "level-1": "0",
            "feedback": "Well done."}


def _review_a(w):
    return {"review_id": w.review_a}


def _rating(w):
    return {"helpful": "no", "comment": "Too short"}


def _hand_in(w):
    return {"idempotency_key": "0123456789abcdef0123456789abcdef", "text": "Attempt three", "submit": "Hand in"}


# --- Mentor requests and relationships (issue 12) -------------------------------------------
def _requests_new(w):
    return {"pick_1": str(w.requests_mentor_a2), "role": "skill", "skill": "git", "message": "Hello"}


def _requests_mentorship(w):
    return {"mentorship_id": w.requests_mentorship_a}


def _requests_agreement(w):
    from lms.cohorts.models import Mentorship
    version = db.session.get(Mentorship, w.requests_mentorship_a).version
    return {"goals": "Ship it", "cadence": "Weekly", "end_on": "", "version": str(version)}


# --- Meetings: availability (issue 14) ------------------------------------------------------
def _availability(w):
    return {"version": "1", "timezone": "Europe/Berlin", "monday": "09:00-12:00", "tuesday": "14:00-17:30",
            "wednesday": "", "thursday": "", "friday": "", "saturday": "", "sunday": "", "lengths": ["30", "60"],
            "buffer_minutes": "10", "notice_hours": "12", "horizon_days": "28", "max_per_day": "",
            "max_per_week": "", "room_url": "", "cancel_hours": "12", "max_reschedules": "2"}


def _availability_exception(w):
    from datetime import date, timedelta
    return {"kind": "away", "starts_on": (date.today() + timedelta(days=40)).isoformat(), "ends_on": "",
            "from_time": "", "to_time": "", "note": "Holiday"}


# --- Peer review, the mentor's and author's side (issue 15) ---------------------------------
def _peer_review(w):
    return {"peer_review_id": w.peer_review_a}


def _peer_reported(w):
    return {"peer_review_id": w.peer_reported_a}


# Columns:                                   anon   learner_a learner_b mentor_a mentor_b admin
MATRIX: dict[tuple[str, str], Row] = {
    # --- public: static files, the home redirect, signing in -------------------------
    ("static", "GET"): row(lambda w: {"filename": "css/app.css"}, 200, 200, 200, 200, 200, 200),
    ("submissions.static", "GET"): row(lambda w: {"filename": "submit.js"}, 200, 200, 200, 200, 200, 200),
    ("reviews.static", "GET"): row(lambda w: {"filename": "review.js"}, 200, 200, 200, 200, 200, 200),
    ("certificates.static", "GET"): row(lambda w: {"filename": "js/certificates.js"},
                                        200, 200, 200, 200, 200, 200),
    ("web.index", "GET"): row(_none, 302, 302, 302, 302, 302, 302),
    ("web.healthz", "GET"): row(_none, 200, 200, 200, 200, 200, 200, note="the bare route: answers everybody alike"),
    ("i18n.choose", "POST"): row(_none, 302, 302, 302, 302, 302, 302,
                                 data=lambda w: {"language": "es", "next": "/"},
                                 note="anyone may choose a language; a signed-in person's profile keeps it"),
    ("auth.login", "GET"): row(_none, 200, 302, 302, 302, 302, 302),
    ("auth.login", "POST"): row(_none, 302, 302, 302, 302, 302, 302,
                                data=lambda w: {"email": w.email(w.learner_a), "password": PASSWORD}),
    ("auth.logout", "POST"): row(_none, 302, 302, 302, 302, 302, 302),
    ("auth.register", "GET"): row(_none, 404, 404, 404, 404, 404, 404, note="self-registration is off"),
    ("auth.register", "POST"): row(_none, 404, 404, 404, 404, 404, 404,
                                   data=lambda w: {"email": "me@example.org", "name": "Me",
                                                   "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    ("auth.forgot_password", "GET"): row(_none, 200, 200, 200, 200, 200, 200),
    ("auth.forgot_password", "POST"): row(_none, 302, 302, 302, 302, 302, 302,
                                          data=lambda w: {"email": "nobody@example.org"}),
    # Links carrying a secret token: whoever holds the link may use it (that is the point).
    ("auth.accept_invitation", "GET"): row(lambda w: {"token": w.invite_token}, 200, 200, 200, 200, 200, 200),
    ("auth.accept_invitation", "POST"): row(lambda w: {"token": w.invite_token}, 302, 302, 302, 302, 302, 302,
                                            data=lambda w: {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    ("auth.reset_password", "GET"): row(lambda w: {"token": w.reset_token}, 200, 200, 200, 200, 200, 200),
    ("auth.reset_password", "POST"): row(lambda w: {"token": w.reset_token}, 302, 302, 302, 302, 302, 302,
                                         data=lambda w: {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    ("auth.confirm_email", "GET"): row(lambda w: {"token": w.confirm_token}, 200, 200, 200, 200, 200, 200),
    ("auth.confirm_email", "POST"): row(lambda w: {"token": w.confirm_token}, 302, 302, 302, 302, 302, 302),
    ("cohorts.calendar_feed", "GET"): row(lambda w: {"token": w.calendar_token_a}, 200, 200, 200, 200, 200, 200),
    # Verification and the issuer's public data.
    ("certificates.verify_form", "GET"): row(_none, 200, 200, 200, 200, 200, 200),
    ("certificates.verify", "GET"): row(lambda w: {"code": w.certificate_code_a}, 200, 200, 200, 200, 200, 200),
    ("certificates.verify_json", "GET"): row(lambda w: {"code": w.certificate_code_a},
                                             200, 200, 200, 200, 200, 200),
    ("certificates.issuer", "GET"): row(_none, 200, 200, 200, 200, 200, 200),
    ("certificates.issuer_key", "GET"): row(lambda w: {"kid": _kid()}, 200, 200, 200, 200, 200, 200),
    ("certificates.issuer_skill", "GET"): row(lambda w: {"skill": "html"}, 200, 200, 200, 200, 200, 200),
    ("certificates.jwks", "GET"): row(_none, 200, 200, 200, 200, 200, 200),
    ("certificates.status_list", "GET"): row(lambda w: {"number": 1}, 200, 200, 200, 200, 200, 200),

    # --- anyone signed in: their own things --------------------------------------------
    # --- profiles and the mentor directory (issue 12: profiles) -------------------------
    ("profiles.edit", "GET"): row(_none, LOGIN, 200, 200, 200, 200, 200),
    ("profiles.edit", "POST"): row(_none, LOGIN, 302, 302, 302, 302, 302,
                                   data=lambda w: {"name": "Renamed", "bio": "", "timezone": "UTC",
                                                   "skills-0-skill": "python", "skills-0-level": "strong"}),
    ("profiles.welcome", "GET"): row(_none, LOGIN, 200, 200, 200, 200, 200),
    ("profiles.welcome", "POST"): row(_none, LOGIN, 302, 302, 302, 302, 302,
                                      data=lambda w: {"timezone": "UTC", "languages": "en",
                                                      "skills-0-skill": "python", "skills-0-level": "learning"}),
    ("mentorships.directory_page", "GET"): row(_cohort, LOGIN, 200, 404, 200, 404, 200,
                                               note="another cohort's mentors are private"),
    ("auth.change_password", "POST"): row(_none, LOGIN, 302, 302, 302, 302, 302,
                                          data=lambda w: {"current_password": PASSWORD, "new_password": NEW_PASSWORD,
                                                          "confirm": NEW_PASSWORD}),
    ("dashboard.home", "GET"): row(_none, LOGIN, 200, 200, 200, 200, 200, note="admins: the organisation overview"),
    ("learning.index", "GET"): row(_none, LOGIN, 200, 200, 200, 200, 200),
    ("submissions.mine", "GET"): row(_none, LOGIN, 200, 200, 200, 200, 200),
    ("submissions.preview", "POST"): row(_none, LOGIN, 200, 200, 200, 200, 200, data=lambda w: {"text": "**hi**"}),
    ("certificates.mine", "GET"): row(_none, LOGIN, 200, 200, 200, 200, 200),
    ("notifications.index", "GET"): row(_none, LOGIN, 200, 200, 200, 200, 200),
    ("notifications.mark_all_read", "POST"): row(_none, LOGIN, 302, 302, 302, 302, 302),
    ("notifications.settings", "GET"): row(_none, LOGIN, 200, 200, 200, 200, 200),
    ("notifications.settings", "POST"): row(_none, LOGIN, 302, 302, 302, 302, 302,
                                            data=lambda w: {"submission_alerts": "daily", "email_reviews": "y"}),
    ("cohorts.regenerate_calendar_token", "POST"): row(_none, LOGIN, 302, 302, 302, 302, 302),
    ("notifications.open_notification", "POST"): row(lambda w: {"notification_id": w.notification_a},
                                                     LOGIN, 302, 404, 404, 404, 404),

    # --- asks (issue 13): learner A's open ask in cohort A, held by nobody ---
    # --- Peer review, learner side (issue 15): learner A's duty and lease on Pia's hand-in ---
    ("peer.index", "GET"): row(_none, LOGIN, 200, 200, 200, 200, 200),
    ("peer.next_review", "POST"): row(_peer_duty, LOGIN, 302, 404, 404, 404, 404, note="only the learner owing it"),
    ("peer.calibrate", "GET"): row(_peer_duty, LOGIN, 200, 404, 404, 404, 404),
    ("peer.calibrate", "POST"): row(_peer_duty, LOGIN, 302, 404, 404, 404, 404, data=_peer_levels),
    ("peer.waive", "GET"): row(_peer_duty, LOGIN, 404, 404, 200, 404, 200, note="mentors of the cohort, admins"),
    ("peer.waive", "POST"): row(_peer_duty, LOGIN, 404, 404, 302, 404, 302, data=lambda w: {"reason": "Ill"}),
    ("peer.write", "GET"): row(_peer_lease, LOGIN, 200, 404, 404, 404, 404, note="the reviewer only"),
    ("peer.write", "POST"): row(_peer_lease, LOGIN, 302, 404, 404, 404, 404,
                                data=lambda w: {"version": "1", **_peer_levels(w), "comment": "Good"}),
    ("peer.release", "POST"): row(_peer_lease, LOGIN, 302, 404, 404, 404, 404),
    ("peer.block", "POST"): row(_peer_lease, LOGIN, 302, 404, 404, 404, 404, data=lambda w: {"reason": "x"}),
    ("peer.file", "GET"): row(lambda w: {"review_id": w.peer_lease_a, "number": 1}, LOGIN, 200, 404, 404, 404, 404),
    ("asks.mine", "GET"): row(_none, LOGIN, 200, 200, 200, 200, 200),
    ("asks.new", "GET"): row(_cohort, LOGIN, 200, 404, 404, 404, 404, note="only a learner of the cohort asks"),
    ("asks.new", "POST"): row(_cohort, LOGIN, 302, 404, 404, 404, 404,
                              data=lambda w: {"title": "A new ask", "body": "Help?", "urgency": "normal",
                                              "client_key": "0123456789abcdef0123456789abcdee"}),
    ("asks.thread", "GET"): row(_ask, LOGIN, 200, 404, 200, 404, 200),
    ("asks.thread", "POST"): row(_ask, LOGIN, 302, 404, 302, 404, 302,
                                 data=lambda w: {"body": "A reply", "client_key": "0123456789abcdef0123456789abcdef"}),
    ("asks.claim", "POST"): row(_ask, LOGIN, 403, 404, 302, 404, 302),
    ("asks.release", "POST"): row(_ask, LOGIN, 403, 404, 403, 404, 302, note="nobody holds it: admin told so"),
    ("asks.handover", "POST"): row(_ask, LOGIN, 403, 404, 400, 404, 302, note="mentor A does not hold it",
                                   data=lambda w: {"to_mentor": str(w.requests_mentor_a2), "note": "Yours"}),
    ("asks.resolve", "POST"): row(_ask, LOGIN, 403, 404, 302, 404, 302, note="mentor A is refused with a message"),
    ("asks.rate", "POST"): row(_ask, LOGIN, 302, 404, 403, 404, 403, data=lambda w: {"rating": "helpful"}),
    ("asks.show_thanks", "POST"): row(_ask, LOGIN, 403, 404, 403, 404, 403, data=lambda w: {"shown": "1"}),
    ("asks.file", "GET"): row(lambda w: {"file_id": w.ask_file_a}, LOGIN, 200, 404, 200, 404, 200),
    # --- Meetings (issue 14): invitation downloads ---
    ("meetings.booking_invite", "GET"): row(lambda w: {"booking_id": w.booking_a}, LOGIN, 200, 404, 200, 404, 200),
    ("meetings.workshop_invite", "GET"): row(lambda w: {"workshop_id": w.workshop_a},
                                             LOGIN, 200, 404, 200, 404, 200),

    # --- Workshops (issue 14, workshops helper): cohort A's workshop in three days, hosted by mentor A ---
    ("meetings.workshop_list", "GET"): row(_none, LOGIN, 200, 200, 200, 200, 200),
    ("meetings.workshop_new", "GET"): row(_cohort, LOGIN, 403, 404, 200, 404, 200),
    ("meetings.workshop_new", "POST"): row(_cohort, LOGIN, 403, 404, 302, 404, 302, data=_workshop_form),
    ("meetings.workshop_detail", "GET"): row(_workshop, LOGIN, 200, 404, 200, 404, 200),
    ("meetings.workshop_edit", "GET"): row(_workshop, LOGIN, 403, 404, 200, 404, 200),
    ("meetings.workshop_edit", "POST"): row(_workshop, LOGIN, 403, 404, 302, 404, 302, data=_workshop_form),
    ("meetings.workshop_cancel", "POST"): row(_workshop, LOGIN, 403, 404, 302, 404, 302,
                                              data=lambda w: {"reason": "The host is ill."}),
    ("meetings.workshop_register", "POST"): row(_workshop, LOGIN, 302, 404, 403, 404, 403,
                                                note="the host and admins take no seat"),
    ("meetings.workshop_unregister", "POST"): row(_workshop, LOGIN, 302, 404, 403, 404, 403,
                                                  note="learner A holds no place: nothing changes"),
    ("meetings.workshop_attendance", "POST"): row(_workshop, LOGIN, 403, 404, 302, 404, 302,
                                                  note="not started: refused with a message",
                                                  data=lambda w: {"came": str(w.learner_a)}),
    ("meetings.workshop_recording", "POST"): row(_workshop, LOGIN, 403, 404, 302, 404, 302,
                                                 note="not ended: refused with a message",
                                                 data=lambda w: {"recording_url": "https://video.example.org/1"}),

    # --- Community spaces core (issue 15): cohort A's space, learner A's question, mentor A's answer ---
    ("community.index", "GET"): row(_none, LOGIN, 200, 200, 200, 200, 200),
    ("community.cohort", "GET"): row(_cohort, LOGIN, 302, 404, 302, 404, 302, note="to the space, made on first use"),
    ("community.track", "GET"): row(lambda w: {"track_id": w.community_track_a_id}, LOGIN, 302, 404, 302, 404, 302),
    ("community.space", "GET"): row(_space, LOGIN, 200, 404, 200, 404, 200),
    ("community.edit_conduct", "POST"): row(_space, LOGIN, 403, 404, 403, 404, 302,
                                            data=lambda w: {"code_of_conduct": "Be *kind*."}),
    ("community.new_topic", "GET"): row(_space, LOGIN, 200, 404, 200, 404, 200),
    ("community.new_topic", "POST"): row(_space, LOGIN, 302, 404, 302, 404, 302, data=lambda w: {
        "title": "Hello", "kind": "discussion", "body": "Hi *all*", "agree": "y", "client_key": str(uuid.uuid4())}),
    ("community.topic", "GET"): row(_topic, LOGIN, 200, 404, 200, 404, 200),
    ("community.topic", "POST"): row(_topic, LOGIN, 302, 404, 302, 404, 302, data=lambda w: {
        "body": "Thanks!", "agree": "y", "client_key": str(uuid.uuid4())}),
    ("community.edit_post", "GET"): row(lambda w: {"post_id": w.community_post_a}, LOGIN, 200, 404, 200, 404, 200,
                                        note="the author, and moderators"),
    ("community.edit_post", "POST"): row(lambda w: {"post_id": w.community_post_a}, LOGIN, 302, 404, 302, 404, 302,
                                         data=lambda w: {"body": "Edited", "version": "1"}),
    ("community.accept", "POST"): row(lambda w: {"post_id": w.community_answer_a}, LOGIN, 302, 404, 302, 404, 302,
                                      note="the asker, and moderators"),
    ("community.follow", "POST"): row(_topic, LOGIN, 302, 404, 302, 404, 302),
    ("community.unfollow", "POST"): row(_topic, LOGIN, 302, 404, 302, 404, 302),
    ("community.file", "GET"): row(lambda w: {"file_id": w.community_file_a}, LOGIN, 200, 404, 200, 404, 200),

    # --- track A: read by its cohort's people and admins; progress by its learners --------
    ("learning.overview", "GET"): row(lambda w: {"slug": w.track_a}, LOGIN, 200, 404, 200, 404, 200),
    ("learning.lesson", "GET"): row(_lesson("lesson_a"), LOGIN, 200, 404, 200, 404, 200),
    ("tracks.asset", "GET"): row(lambda w: {"slug": w.track_a, "path": w.asset_a}, LOGIN, 200, 404, 200, 404, 200),
    ("learning.complete", "POST"): row(_lesson("lesson_a"), LOGIN, 302, 404, 403, 404, 403),
    ("learning.incomplete", "POST"): row(_lesson("lesson_a"), LOGIN, 302, 404, 403, 404, 403),
    ("learning.submit_quiz", "POST"): row(_lesson("quiz_a"), LOGIN, 302, 404, 403, 404, 403,
                                        data=lambda w: {"q0": "1", "q1": ["0", "2"]}),

    # --- learner A's work: the learner, cohort A's mentors and admins; others 404 ---------
    ("submissions.submit", "GET"): row(lambda w: {"cohort_id": w.cohort_a, "lesson_id": w.assignment_a_id},
                                       LOGIN, 302, 404, 404, 404, 404, note="waiting work: to its page"),
    ("submissions.submit", "POST"): row(lambda w: {"cohort_id": w.cohort_a, "lesson_id": w.assignment_a_id},
                                        LOGIN, 409, 404, 404, 404, 404, data=_hand_in,
                                        note="learner A: refused while the last attempt waits for review"),
    ("submissions.detail", "GET"): row(_submission, LOGIN, 200, 404, 200, 404, 200),
    ("submissions.download", "GET"): row(lambda w: {"file_id": w.file_a}, LOGIN, 200, 404, 200, 404, 200),
    ("reviews.queue", "GET"): row(_none, LOGIN, 403, 403, 200, 200, 200),
    ("reviews.review", "GET"): row(_submission, LOGIN, 403, 404, 200, 404, 200),
    ("reviews.review", "POST"): row(_submission, LOGIN, 403, 404, 302, 404, 302, data=_review),
    ("reviews.claim", "POST"): row(_submission, LOGIN, 403, 404, 302, 404, 302),
    ("reviews.release", "POST"): row(_submission, LOGIN, 403, 404, 302, 404, 302),
    # Feedback on feedback (issue 13): only the learner of the review rates it; mentors read their own figure.
    ("reviews.rate", "GET"): row(_review_a, LOGIN, 200, 404, 404, 404, 404),
    ("reviews.rate", "POST"): row(_review_a, LOGIN, 302, 404, 404, 404, 404, data=_rating),
    ("reviews.my_feedback", "GET"): row(_none, LOGIN, 403, 403, 200, 200, 200),

    # --- cohort A: its page for mentors and admins, the schedule for all its people --------
    ("reports.cohort", "GET"): row(_cohort, LOGIN, 302, 404, 200, 404, 200, note="learners: to the schedule"),
    ("cohorts.schedule", "GET"): row(_cohort, LOGIN, 200, 404, 200, 404, 200),
    ("reports.progress_chart", "GET"): row(_cohort, LOGIN, 403, 404, 200, 404, 200),
    ("cohorts.my_mentor", "GET"): row(_cohort, LOGIN, 200, 404, 404, 404, 404, note="learners only"),
    # Managing cohort A: admins; its members 403, strangers 404.
    ("cohorts.admin_list", "GET"): row(_none, LOGIN, 403, 403, 403, 403, 200),
    ("cohorts.create", "GET"): row(_none, LOGIN, 403, 403, 403, 403, 200),
    ("cohorts.create", "POST"): row(_none, LOGIN, 403, 403, 403, 403, 302, data=_new_cohort),
    ("cohorts.edit", "GET"): row(_cohort, LOGIN, 403, 404, 403, 404, 200),
    ("cohorts.edit", "POST"): row(_cohort, LOGIN, 403, 404, 403, 404, 302, data=_edit_cohort),
    ("cohorts.change_status", "POST"): row(_cohort, LOGIN, 403, 404, 403, 404, 302, data=lambda w: {"to": "finished"}),
    ("reports.gradebook_csv", "GET"): row(_cohort, LOGIN, 403, 404, 403, 404, 200),
    ("reports.roster_csv", "GET"): row(_cohort, LOGIN, 403, 404, 403, 404, 200),
    ("cohorts.people", "GET"): row(_cohort, LOGIN, 403, 404, 403, 404, 200),
    ("cohorts.add_people", "POST"): row(_cohort, LOGIN, 403, 404, 403, 404, 302,
                                        data=lambda w: {"role": "learner", "emails": "new.person@example.org, New"}),
    ("cohorts.upload_csv", "POST"): row(_cohort, LOGIN, 403, 404, 403, 404, 302, data=_csv_file),
    ("cohorts.csv_preview", "GET"): row(lambda w: {"cohort_id": w.cohort_a, "token": w.csv_plan_a},
                                        LOGIN, 403, 404, 403, 404, 200),
    ("cohorts.csv_confirm", "POST"): row(lambda w: {"cohort_id": w.cohort_a, "token": w.csv_plan_a},
                                         LOGIN, 403, 404, 403, 404, 302),
    ("cohorts.matches", "GET"): row(_cohort, LOGIN, 403, 404, 403, 404, 200),
    ("cohorts.accept_matches", "POST"): row(_cohort, LOGIN, 403, 404, 403, 404, 302,
                                            data=lambda w: {"accept_all": "1"}),
    # --- Matching (issue 12): excluded pairs, managed by admins from a cohort's matches page ---
    ("cohorts.add_exclusion", "POST"): row(_cohort, LOGIN, 403, 404, 403, 404, 302,
                                           data=lambda w: {"learner_id": w.learner_a, "mentor_id": w.mentor_a,
                                                           "reason": "client"}),
    ("cohorts.remove_exclusion", "POST"): row(
        lambda w: {"cohort_id": w.cohort_a, "exclusion_id": w.matching_exclusion_a},
        LOGIN, 403, 404, 403, 404, 302),
    ("cohorts.assign_mentor", "POST"): row(lambda w: {"cohort_id": w.cohort_a, "enrollment_id": w.enrollment_a},
                                           LOGIN, 403, 404, 403, 404, 302, data=lambda w: {"mentor_id": ""}),
    # --- People page polish (issue 16): type-ahead search, every learner's mentor in one form, the status page ---
    ("cohorts.people_search_json", "GET"): row(_cohort, LOGIN, 403, 404, 403, 404, 200),
    ("cohorts.save_mentors", "POST"): row(_cohort, LOGIN, 403, 404, 403, 404, 302, data=lambda w: {
        f"mentor-{w.enrollment_a}": "", f"was-{w.enrollment_a}": str(w.mentor_a)}),
    ("cohorts.status", "GET"): row(_cohort, LOGIN, 403, 404, 403, 404, 200),
    ("cohorts.set_max_mentees", "POST"): row(
        lambda w: {"cohort_id": w.cohort_a, "enrollment_id": w.mentor_enrollment_a},
        LOGIN, 403, 404, 403, 404, 302, data=lambda w: {"max_mentees": "3"}),
    ("cohorts.change_enrollment", "POST"): row(
        lambda w: {"cohort_id": w.cohort_a, "enrollment_id": w.enrollment_a, "action": "withdraw"},
        LOGIN, 403, 404, 403, 404, 302),
    ("cohorts.set_deadline", "POST"): row(lambda w: {"cohort_id": w.cohort_a, "lesson_id": w.assignment_a_id},
                                          LOGIN, 403, 404, 403, 404, 302, data=lambda w: {"due": "2030-01-01T12:00"}),

    # --- learner A's certificate: the learner and admins; anyone else 404 ------------------
    ("certificates.download_pdf", "GET"): row(_certificate, LOGIN, 200, 404, 404, 404, 200),
    ("certificates.badge_json", "GET"): row(_certificate, LOGIN, 200, 404, 404, 404, 200),
    ("certificates.badge_jwt", "GET"): row(_certificate, LOGIN, 200, 404, 404, 404, 200),
    # Certificate administration: admins only.
    ("certificates.admin_list", "GET"): row(_none, LOGIN, 403, 403, 403, 403, 200),
    ("certificates.admin_detail", "GET"): row(_certificate, LOGIN, 403, 403, 403, 403, 200),
    ("certificates.approve", "POST"): row(_certificate, LOGIN, 403, 403, 403, 403, 302,
                                          note="already issued: a message, nothing changes"),
    ("certificates.revoke", "POST"): row(_certificate, LOGIN, 403, 403, 403, 403, 302,
                                         data=lambda w: {"reason": "Issued by mistake"}),
    ("certificates.reissue", "POST"): row(_certificate, LOGIN, 403, 403, 403, 403, 302),
    ("certificates.admin_cohort", "GET"): row(_cohort, LOGIN, 403, 403, 403, 403, 200),
    ("certificates.cohort_settings", "POST"): row(_cohort, LOGIN, 403, 403, 403, 403, 302,
                                                  data=lambda w: {"requires_approval": "y"}),
    ("certificates.cohort_zip", "GET"): row(_cohort, LOGIN, 403, 403, 403, 403, 200),
    ("certificates.issue_due", "POST"): row(_cohort, LOGIN, 403, 403, 403, 403, 302),
    ("certificates.issue_for_learner", "POST"): row(lambda w: {"cohort_id": w.cohort_a, "user_id": w.learner_a},
                                                    LOGIN, 403, 403, 403, 403, 302),

    # --- track administration: admins; to anyone else it does not exist ---------------------
    ("tracks_admin.index", "GET"): row(_none, LOGIN, 404, 404, 404, 404, 200),
    ("tracks_admin.history", "GET"): row(lambda w: {"slug": w.track_a}, LOGIN, 404, 404, 404, 404, 200),
    ("tracks_admin.upload", "POST"): row(_none, LOGIN, 404, 404, 404, 404, 302, data=_zip_file),
    ("tracks_admin.preview", "GET"): row(lambda w: {"token": w.upload_token}, LOGIN, 404, 404, 404, 404, 200),
    ("tracks_admin.confirm", "POST"): row(lambda w: {"token": w.upload_token}, LOGIN, 404, 404, 404, 404, 302),
    ("tracks_admin.discard", "POST"): row(lambda w: {"token": w.upload_token}, LOGIN, 404, 404, 404, 404, 302),

    # --- plans (issue 12): learner A's plan for learner A, their active mentor (A) and admins --
    ("plans.mine", "GET"): row(_none, LOGIN, 200, 200, 200, 200, 200),
    ("plans.person", "GET"): row(lambda w: {"user_id": w.learner_a}, LOGIN, 200, 404, 200, 404, 200),
    ("plans.new_goal", "GET"): row(_none, LOGIN, 200, 200, 200, 200, 200),
    ("plans.new_goal", "POST"): row(_none, LOGIN, 302, 302, 302, 302, 302, data=lambda w: {"title": "My goal"}),
    ("plans.welcome", "GET"): row(_none, LOGIN, 200, 200, 200, 200, 200),
    ("plans.welcome", "POST"): row(_none, LOGIN, 302, 302, 302, 302, 302, data=lambda w: {"goal_1": "My goal"}),
    # Only the learner changes their goals; their mentor and admins read them (403), others 404.
    ("plans.edit_goal", "GET"): row(_plan_goal, LOGIN, 200, 404, 403, 404, 403),
    ("plans.edit_goal", "POST"): row(_plan_goal, LOGIN, 302, 404, 403, 404, 403,
                                     data=lambda w: {"title": "Renamed goal", "version": "1"}),
    ("plans.change_status", "POST"): row(_plan_goal, LOGIN, 302, 404, 403, 404, 403,
                                         data=lambda w: {"to": "in_progress", "version": "1"}),
    ("plans.delete_goal", "POST"): row(_plan_goal, LOGIN, 302, 404, 403, 404, 403, data=lambda w: {"version": "1"},
                                       note="it has a note: refused with a message, drop it instead"),
    # Notes: the learner's active mentor and admins; the learner 403.
    ("plans.add_checkin", "POST"): row(_plan_goal, LOGIN, 403, 404, 302, 404, 302,
                                       data=lambda w: {"body": "Keep going", "visibility": "shared"}),

    # --- accounts administration: admins only ---------------------------------------------
    ("users.index", "GET"): row(_none, LOGIN, 403, 403, 403, 403, 200),
    ("users.create", "POST"): row(_none, LOGIN, 403, 403, 403, 403, 302,
                                  data=lambda w: {"email": "added@example.org", "name": "Added",
                                                  "send_invitation": "y"}),
    ("users.resend_invitation", "POST"): row(lambda w: {"user_id": w.invited_user}, LOGIN, 403, 403, 403, 403, 302),
    ("users.deactivate", "GET"): row(lambda w: {"user_id": w.learner_b}, LOGIN, 403, 403, 403, 403, 200),
    ("users.deactivate", "POST"): row(lambda w: {"user_id": w.learner_b}, LOGIN, 403, 403, 403, 403, 302),
    ("users.reactivate", "POST"): row(lambda w: {"user_id": w.learner_b}, LOGIN, 403, 403, 403, 403, 302),

    # --- Mentor requests and relationships (issue 12) ------------------------------------------
    # Learner A asks in cohort A; only the asked mentor (A) answers its pick; cohort A's admins
    # settle the rest; a relationship's agreement is for its two people and admins, its surveys
    # for the learner (a survey not due re-renders the form with a message: 200).
    ("mentorships.new_request", "GET"): row(_cohort, LOGIN, 200, 404, 404, 404, 404, note="learners of A only"),
    ("mentorships.new_request", "POST"): row(_cohort, LOGIN, 302, 404, 404, 404, 404, data=_requests_new),
    ("mentorships.ask_again", "POST"): row(_cohort, LOGIN, 302, 404, 404, 404, 404,
                                           data=lambda w: {"mentor_id": str(w.mentor_a)}),
    ("mentorships.withdraw_request", "POST"): row(lambda w: {"request_id": w.requests_request_a},
                                                  LOGIN, 302, 404, 404, 404, 404),
    ("mentorships.queue", "GET"): row(_none, LOGIN, 403, 403, 200, 200, 200),
    ("mentorships.my_mentees", "GET"): row(_none, LOGIN, 403, 403, 200, 200, 200),
    ("mentorships.accept_pick", "POST"): row(lambda w: {"pick_id": w.requests_pick_a},
                                             LOGIN, 404, 404, 302, 404, 404),
    ("mentorships.decline_pick", "POST"): row(lambda w: {"pick_id": w.requests_pick_a},
                                              LOGIN, 404, 404, 302, 404, 404, data=lambda w: {"reason": "Busy"}),
    ("mentorships.cohort_requests", "GET"): row(_cohort, LOGIN, 403, 404, 403, 404, 200),
    ("mentorships.assign_request", "POST"): row(lambda w: {"request_id": w.requests_with_admins_a},
                                                LOGIN, 403, 404, 403, 404, 302,
                                                data=lambda w: {"mentor_id": str(w.requests_mentor_a2)}),
    ("mentorships.close_request", "POST"): row(lambda w: {"request_id": w.requests_with_admins_a},
                                               LOGIN, 403, 404, 403, 404, 302, data=lambda w: {"note": "No"}),
    ("mentorships.agreement", "GET"): row(_requests_mentorship, LOGIN, 200, 404, 200, 404, 200),
    ("mentorships.agreement", "POST"): row(_requests_mentorship, LOGIN, 302, 404, 302, 404, 302,
                                           data=_requests_agreement),
    ("mentorships.checkin", "GET"): row(_requests_mentorship, LOGIN, 200, 404, 404, 404, 404),
    ("mentorships.checkin", "POST"): row(_requests_mentorship, LOGIN, 200, 404, 404, 404, 404,
                                         data=lambda w: {"answer": "going_well"}, note="not due yet"),
    ("mentorships.closing_survey", "GET"): row(_requests_mentorship, LOGIN, 200, 404, 404, 404, 404),
    ("mentorships.closing_survey", "POST"): row(_requests_mentorship, LOGIN, 200, 404, 404, 404, 404,
                                                data=lambda w: {"rating": "4"}, note="not ended yet"),

    # --- Meetings: availability (issue 14, availability): mentors edit their own; a cohort's people read ---
    ("meetings.availability_edit", "GET"): row(_none, LOGIN, 403, 403, 200, 200, 403, note="mentors only"),
    ("meetings.availability_edit", "POST"): row(_none, LOGIN, 403, 403, 302, 302, 403, data=_availability),
    ("meetings.availability_exception_add", "POST"): row(_none, LOGIN, 403, 403, 302, 302, 403,
                                                         data=_availability_exception),
    ("meetings.availability_exception_delete", "POST"): row(
        lambda w: {"exception_id": w.availability_exception_a}, LOGIN, 403, 403, 302, 404, 403,
        note="only the mentor it belongs to"),
    ("meetings.cohort_availability", "GET"): row(_cohort, LOGIN, 200, 404, 200, 404, 200,
                                                 note="another cohort's mentors are private"),

    # --- Program health (issue 13): admins only; cohort A's strangers 404 -----------------------
    ("health.organisation", "GET"): row(_none, LOGIN, 403, 403, 403, 403, 200),
    ("health.organisation_csv", "GET"): row(_none, LOGIN, 403, 403, 403, 403, 200),
    ("health.cohort", "GET"): row(_cohort, LOGIN, 403, 404, 403, 404, 200),
    ("health.cohort_csv", "GET"): row(_cohort, LOGIN, 403, 404, 403, 404, 200),

    # --- One-to-one sessions (issue 14, bookings): learner A's confirmed session with mentor A
    # next week (booking_a); the booking page is learner A's own; strangers to it get 404.
    ("meetings.book", "GET"): row(lambda w: {"enrollment_id": w.enrollment_a, "mentor_id": w.mentor_a},
                                  LOGIN, 200, 404, 404, 404, 404, note="only the learner books"),
    ("meetings.book", "POST"): row(lambda w: {"enrollment_id": w.enrollment_a}, LOGIN, 302, 404, 404, 404, 404,
                                   data=_booking_form),
    ("meetings.sessions", "GET"): row(_none, LOGIN, 200, 200, 200, 200, 200),
    ("meetings.session", "GET"): row(_booking, LOGIN, 200, 404, 200, 404, 200),
    ("meetings.session_reschedule", "GET"): row(_booking, LOGIN, 200, 404, 200, 404, 200),
    ("meetings.session_reschedule", "POST"): row(_booking, LOGIN, 302, 404, 302, 404, 302,
                                                 data=lambda w: {"minutes": "30", "starts": w.booking_slot_a}),
    ("meetings.session_confirm", "POST"): row(_booking, LOGIN, 403, 404, 302, 404, 403,
                                              note="already confirmed: mentor A is told so"),
    ("meetings.session_decline", "POST"): row(_booking, LOGIN, 403, 404, 302, 404, 403,
                                              data=lambda w: {"decline-reason": "Away"},
                                              note="already confirmed: mentor A is told so"),
    ("meetings.session_cancel", "POST"): row(_booking, LOGIN, 302, 404, 302, 404, 302,
                                             data=lambda w: {"cancel-reason": "Something came up"}),
    ("meetings.session_attendance", "POST"): row(_booking, LOGIN, 403, 404, 302, 404, 403,
                                                 data=lambda w: {"attended": "yes"},
                                                 note="not started yet: mentor A is told so"),
    ("meetings.session_notes", "POST"): row(_booking, LOGIN, 302, 404, 302, 404, 403,
                                            data=lambda w: {"note0-shared": "0", "note0-version": "0",
                                                            "note0-body": "My note"}),

    # --- Issue 16, admin flows: a CSV preview's bad rows as a file; the authoring guide ---------
    ("cohorts.csv_bad_rows", "GET"): row(lambda w: {"cohort_id": w.cohort_a, "token": w.csv_plan_a},
                                         LOGIN, 403, 404, 403, 404, 200),
    ("tracks_admin.guide", "GET"): row(_none, LOGIN, 404, 404, 404, 404, 200),

    # --- Certificates polish (issue 16): the PDF status the certificates page polls ------------
    ("certificates.pdf_status", "GET"): row(_certificate, LOGIN, 200, 404, 404, 404, 200),

    # --- Mentors' everyday flows (issue 16, mentor flows): past reviews and asks (their own;
    # admins everyone's), and learner A's mentee page for her active mentor (A) and admins.
    ("reviews.history", "GET"): row(_none, LOGIN, 403, 403, 200, 200, 200),
    ("meetings.mentee", "GET"): row(lambda w: {"learner_id": w.learner_a}, LOGIN, 404, 404, 200, 404, 200,
                                    note="learner A's own page is for her mentors, not her"),

    # --- Community moderation and search (issue 15): cohort A's space is moderated by mentor A and
    # admins; learner A is a member who may report; cohort B's people do not know it exists.
    **{("community." + name, "POST"): row(_moderated_topic, LOGIN, 403, 404, 302, 404, 302)
       for name in ("topic_pin", "topic_unpin", "topic_lock", "topic_unlock")},
    ("community.topic_hide", "GET"): row(_moderated_topic, LOGIN, 403, 404, 200, 404, 200),
    ("community.topic_hide", "POST"): row(_moderated_topic, LOGIN, 403, 404, 302, 404, 302, data=_reason),
    ("community.topic_unhide", "POST"): row(lambda w: {"topic_id": w.moderation_hidden_topic_a},
                                            LOGIN, 404, 404, 302, 404, 302, note="a hidden topic: moderators only"),
    ("community.topic_move", "GET"): row(_moderated_topic, LOGIN, 403, 404, 200, 404, 200),
    ("community.topic_move", "POST"): row(_moderated_topic, LOGIN, 403, 404, 302, 404, 302,
                                          data=lambda w: {"space_id": str(w.moderation_track_space_a)}),
    ("community.post_hide", "GET"): row(_moderated_post, LOGIN, 403, 404, 200, 404, 200),
    ("community.post_hide", "POST"): row(_moderated_post, LOGIN, 403, 404, 302, 404, 302, data=_reason),
    ("community.post_unhide", "POST"): row(lambda w: {"post_id": w.moderation_hidden_post_a},
                                           LOGIN, 404, 404, 302, 404, 302, note="a hidden post: moderators only"),
    ("community.post_report", "GET"): row(_moderated_post, LOGIN, 200, 404, 403, 404, 200, note="mentor A wrote it"),
    ("community.post_report", "POST"): row(_moderated_post, LOGIN, 302, 404, 403, 404, 302, data=_reason,
                                           note="learner A reported it already: told so, nothing changes"),
    ("community.reports_dismiss", "POST"): row(_moderated_post, LOGIN, 403, 404, 302, 404, 302),
    ("community.space_reports", "GET"): row(_moderated_space, LOGIN, 403, 404, 200, 404, 200),
    ("community.all_reports", "GET"): row(_none, LOGIN, 403, 403, 200, 200, 200, note="mentors' queue"),
    ("community.search", "GET"): row(lambda w: {"space_id": w.moderation_space_a},
                                     LOGIN, 200, 404, 200, 404, 200, note="an empty search: the search box"),
    # --- Peer review, the mentor's and author's side (issue 15): learner A (the author) rates and
    # reports peer_review_a; the reported one is hidden from her (404) until cohort A's mentors
    # or an admin settle it; other cohorts' people never learn either exists.
    ("peer.rate", "POST"): row(_peer_review, LOGIN, 302, 404, 403, 404, 403, data=lambda w: {"helpful": "yes"},
                               note="only the author rates"),
    ("peer.report", "GET"): row(_peer_review, LOGIN, 200, 404, 403, 404, 403),
    ("peer.report", "POST"): row(_peer_review, LOGIN, 302, 404, 403, 404, 403,
                                 data=lambda w: {"reason": "Not about my work"}),
    ("peer.settle", "POST"): row(_peer_reported, LOGIN, 404, 404, 302, 404, 302,
                                 data=lambda w: {"outcome": "clear"}, note="hidden from the author while open"),
    ("peer.reports_list", "GET"): row(_none, LOGIN, 403, 403, 200, 200, 200, note="each mentor sees their cohorts"),
    ("peer.reviewers", "GET"): row(_cohort, LOGIN, 403, 404, 200, 404, 200),
    # --- Peer mentors (issue 15): cohort A's page is the admins'; Gus's invited seat is his
    # (not an actor here) and the admins'; admins see it but only Gus answers it.
    ("peermentors.cohort_page", "GET"): row(_cohort, LOGIN, 403, 403, 403, 403, 200),
    ("peermentors.invite", "POST"): row(_cohort, LOGIN, 403, 403, 403, 403, 302,
                                        data=lambda w: {"user_id": w.peer_graduate},
                                        note="Gus was invited before: refused with a message"),
    ("peermentors.invitation", "GET"): row(_peer_seat, LOGIN, 404, 404, 404, 404, 200),
    ("peermentors.invitation", "POST"): row(_peer_seat, LOGIN, 404, 404, 404, 404, 403,
                                            data=lambda w: {"accept": "Accept"}),
    ("peermentors.end_seat", "POST"): row(_peer_seat, LOGIN, 404, 404, 404, 404, 302,
                                          data=lambda w: {"reason": "The cohort has enough help."}),
    ("peermentors.pair", "POST"): row(_peer_seat, LOGIN, 404, 404, 404, 404, 302,
                                      data=lambda w: {"enrollment_id": w.enrollment_a},
                                      note="the seat is not accepted yet: refused with a message"),
    # --- API tokens and the API's documentation (issue 18) ---------------------------
    ("tokens.mine", "GET"): row(_none, LOGIN, 200, 200, 200, 200, 200),
    ("tokens.mine", "POST"): row(_none, LOGIN, 200, 200, 200, 200, 200,
                                 data=lambda w: {"name": "script", "scopes": ["tracks:read"], "lifetime": "30"}),
    ("tokens.service", "GET"): row(_none, LOGIN, 403, 403, 403, 403, 200),
    ("tokens.service", "POST"): row(_none, LOGIN, 403, 403, 403, 403, 200,
                                    data=lambda w: {"name": "HR", "scopes": ["users:read"], "lifetime": "30"}),
    ("tokens.revoke", "POST"): row(lambda w: {"token_id": w.api_token_a}, LOGIN, 302, 404, 404, 404, 302),
    ("apidocs.page", "GET"): row(_none, 200, 200, 200, 200, 200, 200),
    ("apidocs.files", "GET"): row(lambda w: {"name": "swagger-ui.css"}, 200, 200, 200, 200, 200, 200),
    ("api-docs.openapi_json", "GET"): row(_none, 200, 200, 200, 200, 200, 200),
    # --- completion records for HR (issue 18): a cohort's for its exporters, a person's for them and admins ---
    ("certificates.cohort_completions_csv", "GET"): row(_cohort, LOGIN, 403, 404, 403, 404, 200),
    ("certificates.person_completions_csv", "GET"): row(lambda w: {"user_id": w.learner_a},
                                                        LOGIN, 200, 404, 404, 404, 200),
    # --- Webhooks (issue 18): admins only; others never learn an endpoint exists. The world's
    # endpoint is disabled, so "send test event" and "redeliver" answer with a message.
    ("webhooks.index", "GET"): row(_none, LOGIN, 403, 403, 403, 403, 200),
    ("webhooks.create", "GET"): row(_none, LOGIN, 403, 403, 403, 403, 200),
    ("webhooks.create", "POST"): row(_none, LOGIN, 403, 403, 403, 403, 302, data=_webhook_form),
    ("webhooks.detail", "GET"): row(_webhook, LOGIN, 404, 404, 404, 404, 200),
    ("webhooks.edit", "GET"): row(_webhook, LOGIN, 404, 404, 404, 404, 200),
    ("webhooks.edit", "POST"): row(_webhook, LOGIN, 404, 404, 404, 404, 302, data=_webhook_form),
    ("webhooks.enable", "POST"): row(_webhook, LOGIN, 404, 404, 404, 404, 302),
    ("webhooks.disable", "POST"): row(_webhook, LOGIN, 404, 404, 404, 404, 302),
    ("webhooks.rotate", "POST"): row(_webhook, LOGIN, 404, 404, 404, 404, 302),
    ("webhooks.send_test", "POST"): row(_webhook, LOGIN, 404, 404, 404, 404, 302, note="disabled: told so"),
    ("webhooks.delete", "POST"): row(_webhook, LOGIN, 404, 404, 404, 404, 302),
    ("webhooks.redeliver", "POST"): row(lambda w: {"delivery_id": w.webhook_delivery_a},
                                        LOGIN, 404, 404, 404, 404, 302, note="disabled endpoint: told so"),
}


def _kid() -> str:
    return signing.thumbprint(signing.signing_key().public_key())


# --- the world, built once per module and restored after a cell changed it ---------------

@pytest.fixture(scope="module")
def _matrix_app(_schema, tmp_path_factory):
    app = create_app(_test_config(_schema, tmp_path_factory.mktemp("matrix-instance"), **LIMITS))
    app.test_client_class = Client
    with app.app_context():
        yield app, Keeper()
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(_matrix_app):
    return _matrix_app[0]


@pytest.fixture
def world(_matrix_app) -> TwoCohorts:
    return _matrix_app[1].current()


@pytest.fixture
def keeper(_matrix_app) -> Keeper:
    return _matrix_app[1]


# --- the tests -----------------------------------------------------------------------------

def _cells():
    cells = [(endpoint, method, actor) for (endpoint, method) in MATRIX for actor in ACTORS]
    # Reads first, then the writes (refusals of a write before the write that succeeds).
    order = {actor: i for i, actor in enumerate(ACTORS)}
    return sorted(cells, key=lambda c: (c[1] != "GET", c[0], MATRIX[c[0], c[1]].expected[c[2]] not in REFUSALS,
                                        order[c[2]]))


def _outcome(response):
    """The status code, or ``LOGIN`` for the sign-in redirect of a page that needs an account."""
    if response.status_code in (301, 302, 303):
        location = urlsplit(response.headers["Location"])
        return LOGIN if location.path == "/login" and location.query.startswith("next=") else 302
    return response.status_code


@pytest.mark.parametrize("endpoint, method, actor", _cells(), ids=lambda v: v)
def test_cell(app, client, world, keeper, endpoint, method, actor):
    spec = MATRIX[endpoint, method]
    expected = spec.expected[actor]
    sign_in_as(client, world, actor)
    with app.test_request_context():
        url = url_for(endpoint, **spec.values(world))
    before = snapshot() if method != "GET" else None
    response = client.open(url, method=method, data=spec.data(world) if spec.data else None)
    assert _outcome(response) == expected, (
        f"{method} {url} as {actor}: expected {expected}, got {response.status_code} "
        f"{response.headers.get('Location', '')}")
    if before is not None:
        changed = changed_tables(before, snapshot())
        if expected in REFUSALS:
            assert changed == [], f"{method} {url} refused {actor} but changed {changed}"
        keeper.dirty = bool(changed)


def test_every_route_has_a_row(app):
    """The API's operations (blueprints ``api_*``) have their own matrix: tests/api/test_api_matrix.py."""
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"} if not rule.endpoint.startswith("api_")}
    missing = sorted(routes - MATRIX.keys())
    stale = sorted(MATRIX.keys() - routes)
    assert missing == [], f"routes without a row in MATRIX (add one): {missing}"
    assert stale == [], f"rows for routes that no longer exist: {stale}"


def test_every_row_names_every_actor():
    assert all(set(spec.expected) == set(ACTORS) for spec in MATRIX.values())


def test_state_changing_routes_refuse_get(app, client, world):
    """State changes only by POST: a GET to a URL that only takes POST is 405, whoever asks."""
    sign_in_as(client, world, "admin")
    readable = {rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    post_only = sorted({rule.endpoint for rule in app.url_map.iter_rules()  # the API's rows: tests/api
                        if "POST" in rule.methods and rule.rule not in readable
                        and not rule.endpoint.startswith("api_")})
    assert len(post_only) > 20
    for endpoint in post_only:
        with app.test_request_context():
            url = url_for(endpoint, **MATRIX[endpoint, "POST"].values(world))
        try:  # /admin/tracks/upload is also /admin/tracks/<slug>: a GET reads that page instead
            other, _ = app.url_map.bind("localhost").match(url, method="GET")
        except Exception:
            other = None
        if other is None:
            assert client.get(url).status_code == 405, url
        else:
            assert other != endpoint and "POST" not in _methods(app, other), url


def _methods(app, endpoint: str) -> set[str]:
    return {m for rule in app.url_map.iter_rules(endpoint) for m in rule.methods}


def test_snapshots_notice_a_change_and_restore_undoes_it(app, client, world, keeper):
    """The harness itself: a real change shows up, and restoring the world removes it."""
    before = snapshot()
    sign_in_as(client, world, "learner_a")
    client.post("/profile", data={"name": "Someone Else", "bio": "", "timezone": "UTC"})
    assert changed_tables(before, snapshot()) == ["profile", "user"]
    keeper.dirty = True
    keeper.current()
    assert changed_tables(before, snapshot()) == []
