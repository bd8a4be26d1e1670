"""Text people typed (names, titles) cannot change the structure of an email."""
from __future__ import annotations

from sqlalchemy import update

from lms.auth.models import User
from lms.extensions import db
from lms.reviews.services import Decision, ReviewData, review_attempt
from lms.tracks.models import Lesson
from tests.factories.submissions import hand_in

# CR, LF, the Unicode line and paragraph separators, NEL, vertical tab, form feed.
NAME = "Lea\r\n\r\nBcc: all@example.org\u2028Please pay\u2029the invoice\x85now\vor\fnever"
TITLE = "Build\nyour\r\nfirst\u2028site"


def _store_raw(world) -> None:
    """Store the text as an older version (or a direct SQL edit) could have: unnormalised."""
    db.session.execute(update(User).where(User.id == world.learner.id).values(name=NAME))
    db.session.execute(update(Lesson).where(Lesson.id == world.lesson.id).values(title=TITLE))
    db.session.commit()
    db.session.expire_all()


def test_line_breaks_in_a_learner_name_and_lesson_title_stay_inside_their_line(app, world, smtp_server):
    _store_raw(world)
    hand_in(world.enrollment, world.lesson)
    db.session.commit()

    [message] = smtp_server.to(world.mentor.email)
    assert message["Subject"] == "New work to review: Build your first site"
    assert message["Bcc"] is None
    assert smtp_server.envelopes[-1].rcpt_tos == [world.mentor.email]
    text = smtp_server.text_of(message)
    assert not any(mark in text for mark in "\r\u2028\u2029\x85\v\f")
    lines = text.split("\n")
    assert lines[0] == f"Hello {world.mentor.name},"
    assert lines[1] == ""
    assert lines[2].startswith("Lea Bcc: all@example.org Please pay the invoice now or never handed in "
                               "\"Build your first site\" (attempt 1)")
    assert lines[3] == ""
    assert lines[4].startswith("Review it: http://localhost/reviews/")


def test_the_learner_email_about_a_review_keeps_its_lines(app, world, smtp_server):
    _store_raw(world)
    db.session.execute(update(User).where(User.id == world.mentor.id).values(name="Mo\n\nMentor"))
    db.session.commit()
    attempt = hand_in(world.enrollment, world.lesson)
    submission = attempt.submission
    review_attempt(submission, ReviewData(attempt.id, submission.version, Decision.APPROVE, [0, 0], ["", ""], "Good"),
                   world.mentor)
    db.session.commit()

    [message] = smtp_server.to(world.learner.email)
    assert message["Subject"] == "Your work was reviewed: Build your first site"
    lines = smtp_server.text_of(message).split("\n")
    assert lines[0] == "Hello Lea Bcc: all@example.org Please pay the invoice now or never,"
    assert lines[2].startswith("Mo Mentor reviewed your work on \"Build your first site\":")
