"""Domain events, so features react to each other without importing each other.

A service sends a signal after its change is flushed; features higher up connect
receivers in their ``init_app`` (``signals.review_decided.connect(on_review_decided)``).
The sender never knows who listens, and sending with nobody listening does nothing.

Receivers run synchronously, in the sender's transaction: they flush, never commit,
and an exception in one undoes the sender's change unless the receiver catches it
(certificates do, in a SAVEPOINT). Every receiver takes ``(sender, **data)`` and
should accept keywords it does not use (``**_``), so a signal can grow.

Signals, with their sender and data:

- ``lesson_completed``: a learner completed a lesson. Sender: the ``Lesson``;
  ``user_id``, ``cohort_id``. For progress to send once it is rebuilt per enrolment.
- ``quiz_passed``: a learner passed a quiz. Sender: the ``QuizAttempt``; ``user_id``,
  ``cohort_id``. For progress to send once it is rebuilt per enrolment.
- ``progress_changed``: a learner's completion in a cohort may have changed. Sender: the
  ``Enrollment`` (or None); ``user_id``, ``cohort_id``. Sent by progress and, when work is
  approved, by reviews. Received by certificates (issue when complete).
- ``work_submitted``: a learner handed in an attempt. Sender: the ``Submission``;
  ``attempt``, ``actor``. Sent by submissions. Received by notifications (tell the mentors).
- ``review_decided``: a mentor decided on an attempt. Sender: the ``Review``;
  ``submission``, ``decision``, ``actor``. Sent by reviews. Received by notifications
  (tell the learner).
- ``enrollment_changed``: someone was enrolled, or an enrolment's status changed.
  Sender: the ``Enrollment``; ``from_status`` (None when new), ``to_status``, ``actor``,
  ``credit_prior_work``. Sent by cohorts. Received by progress (credit earlier work when
  asked) and reviews (a mentor no longer active gives back the work they had claimed there).
- ``certificate_issued``: a certificate became valid (issued now, or approved).
  Sender: the ``Certificate``; ``actor`` (None: issued automatically). Sent by certificates.
- ``certificate_revoked``: a certificate was revoked. Sender: the ``Certificate``;
  ``reason``, ``actor``. Sent by certificates.
- ``goal_checkin_added``: a mentor or admin left a check-in note on a learner's goal.
  Sender: the ``GoalCheckIn``; ``goal``, ``actor``. Sent by plans. Received by
  notifications (tell the learner, for notes shared with them).
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

lesson_completed = _signals.signal("lesson-completed")
quiz_passed = _signals.signal("quiz-passed")
progress_changed = _signals.signal("progress-changed")
work_submitted = _signals.signal("work-submitted")
review_decided = _signals.signal("review-decided")
enrollment_changed = _signals.signal("enrollment-changed")
certificate_issued = _signals.signal("certificate-issued")
certificate_revoked = _signals.signal("certificate-revoked")
# Plans (issue 12)
goal_checkin_added = _signals.signal("goal-checkin-added")



# --- Mentoring relationships and mentor requests (issue 12) ---
# ``mentorship_started`` / ``mentorship_ended``: sender the ``Mentorship``; ``actor``
# (and ``reason`` when ended). Sent by cohorts (``lms.cohorts.relationships``).
# ``mentor_asked``: sender the ``RequestPick`` now waiting for its mentor's answer.
# ``mentor_request_answered``: sender the ``RequestPick``; ``accepted`` (bool), ``actor``.
# ``mentor_request_escalated``: sender the ``MentorRequest`` that went to the admins; ``why``.
# Sent by mentorships (``lms.mentorships.requests``). Received by notifications.
mentorship_started = _signals.signal("mentorship-started")
mentorship_ended = _signals.signal("mentorship-ended")
mentor_asked = _signals.signal("mentor-asked")
mentor_request_answered = _signals.signal("mentor-request-answered")
mentor_request_escalated = _signals.signal("mentor-request-escalated")
# ``mentor_request_closed``: an admin closed a request without assigning; ``note``, ``actor``.
mentor_request_closed = _signals.signal("mentor-request-closed")
# ``cohort_status_changed``: a cohort moved along its life cycle. Sender: the ``Cohort``;
# ``from_status``, ``to_status``, ``actor``. Sent by cohorts. Received by cohorts' own
# relationships (a finished cohort ends its mentoring relationships).
cohort_status_changed = _signals.signal("cohort-status-changed")

# --- Asks: micro-mentoring (issue 13). Sent by asks (``lms.asks``); received by notifications.
# ``ask_opened``: a learner opened an ask. Sender the ``Ask``; ``actor``.
# ``ask_offered``: routing offered an open ask to a wider circle (its ``stage``) or it came
#   back to the queue. Sender the ``Ask``; ``why`` (a short phrase).
# ``ask_claimed``: a mentor claimed it. Sender the ``Ask``; ``actor``.
# ``ask_replied``: someone wrote in the thread. Sender the ``AskReply``; ``ask``, ``actor``.
# ``ask_handed_over``: a mentor handed it to another. Sender the ``Ask``; ``from_mentor``,
#   ``to_mentor``, ``note``, ``actor``.
# ``ask_resolved``: resolved by the learner or the mentor. Sender the ``Ask``; ``actor``.
# ``ask_rated``: the learner rated a resolved ask. Sender the ``Ask``; ``actor``.
# ``ask_waiting``: a reminder is due to the person the thread waits on. Sender the ``Ask``;
#   ``waiting_on`` (a ``User``), ``days`` (whole days waited), ``nudge`` (1, 2, ...).
# ``ask_timed_out``: a thread waited too long. Sender the ``Ask``; ``back_in_queue`` (True when
#   the learner was waiting and the ask is offered again), ``mentor`` (the ``User`` who held it, or
#   None). Sent by ``lms.asks.nudges``, which also sends ``ask_waiting``.
ask_opened = _signals.signal("ask-opened")
ask_offered = _signals.signal("ask-offered")
ask_claimed = _signals.signal("ask-claimed")
ask_replied = _signals.signal("ask-replied")
ask_handed_over = _signals.signal("ask-handed-over")
ask_resolved = _signals.signal("ask-resolved")
ask_rated = _signals.signal("ask-rated")
ask_waiting = _signals.signal("ask-waiting")
ask_timed_out = _signals.signal("ask-timed-out")
# ``review_rated``: a learner rated a review (feedback on feedback). Sender the
# ``ReviewRating``; ``actor``. Sent by reviews.
review_rated = _signals.signal("review-rated")
# Meetings (issue 14). ``booking_changed``: a one-to-one session was booked, confirmed,
# declined, rescheduled, cancelled or its attendance recorded. Sender the ``Booking``;
# ``change`` (a ``BookingEventKind``), ``actor`` (a ``User`` or None), ``event`` (the
# ``BookingEvent`` written with it). ``workshop_changed``: a workshop was scheduled, changed
# (time, details, recording) or cancelled. Sender the ``Workshop``; ``change`` ("scheduled",
# "updated", "cancelled"), ``actor``, ``moved`` (True when its time changed).
# ``workshop_seat_changed``: someone registered, joined the waitlist, moved up from it or
# cancelled. Sender the ``WorkshopRegistration``; ``change`` ("registered", "waitlisted",
# "promoted", "cancelled"), ``actor``. All sent by lms.meetings after the rows are flushed.
booking_changed = _signals.signal("booking-changed")
workshop_changed = _signals.signal("workshop-changed")
workshop_seat_changed = _signals.signal("workshop-seat-changed")
# Peer-to-peer (issue 15). Sent after the rows are flushed; received by notifications.
# ``peer_review_submitted``: a learner submitted a peer review. Sender the ``PeerReview``; ``actor``.
# ``peer_review_reported``: the author reported a peer review. Sender the ``PeerReview``; ``actor``.
# ``peer_duty_met``: a learner's peer-review duty on an assignment is met or waived. Sender the
#   ``PeerDuty``; ``waived`` (bool). Received by progress (the assignment may now count as done).
# ``post_created``: a post in a community space (a new topic's first post too). Sender the
#   ``Post``; ``actor``, ``mentioned`` (the ``User``s named with @, who may see the space).
#   Never sent for a hidden post.
# ``post_hidden``: a moderator hid a post (or the topic it opens). Sender the ``Post``; ``actor``.
#   Received by notifications, which withdraws what it had not delivered yet about it.
# ``post_reported``: sender the ``PostReport``; ``actor``.
# ``answer_accepted``: sender the ``Topic``; ``post``, ``actor``.
# ``peer_mentor_changed``: a peer-mentor seat was invited, accepted, declined or ended. Sender
#   the ``PeerMentorSeat``; ``change`` ("invited", "accepted", "declined", "ended"), ``actor``.
peer_review_submitted = _signals.signal("peer-review-submitted")
peer_review_reported = _signals.signal("peer-review-reported")
peer_duty_met = _signals.signal("peer-duty-met")
post_created = _signals.signal("post-created")
post_reported = _signals.signal("post-reported")
post_hidden = _signals.signal("post-hidden")
answer_accepted = _signals.signal("answer-accepted")
peer_mentor_changed = _signals.signal("peer-mentor-changed")
# ``peer_mentoring_offered``: a person ticked "offer peer mentoring" on their profile (it was
#   off). Sender the ``User``. Sent by profiles; received by peermentors (invite them to the
#   open later cohorts of the tracks they completed).
peer_mentoring_offered = _signals.signal("peer-mentoring-offered")
