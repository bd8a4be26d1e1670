"""Taking a quiz: server-side grading, results with explanations, attempt limits, best attempt."""
from __future__ import annotations

from sqlalchemy import select

from lms.extensions import db
from lms.progress.models import QuizAttempt
from tests.factories.tracks import lesson

URL = "/tracks/good/lessons/check"


def answer(client, first=None, second=None):
    data = {}
    if first is not None:
        data["q0"] = [str(v) for v in first]
    if second is not None:
        data["q1"] = [str(v) for v in second]
    return client.post(URL + "/attempts", data=data)


def test_quiz_page_uses_radios_for_single_and_checkboxes_for_multiple(client, auth, learner, track):
    auth.login_as(learner)
    page = client.get(URL).get_data(as_text=True)
    assert page.count('type="radio" name="q0"') == 3
    assert page.count('type="checkbox" name="q1"') == 3
    assert "Which is a <code>block</code> element?" in page
    assert "This will be attempt 1 of 2." in page


def test_submitting_grades_on_the_server_and_shows_the_result(client, auth, learner, track):
    auth.login_as(learner)
    response = answer(client, [1], [1])
    assert response.status_code == 302
    assert response.location.endswith(URL + "?attempt=1#result")
    attempt = db.session.scalar(select(QuizAttempt))
    assert (attempt.number, attempt.answers, attempt.correct, attempt.total, attempt.percent, attempt.passed) == \
        (1, [[1], [1]], 1, 2, 50, True)
    page = client.get(URL + "?attempt=1").get_data(as_text=True)
    assert "Attempt 1: 1 of 2 right (50%)" in page
    assert "Your answer, right" in page and "Your answer, wrong" in page
    assert "A div is a block." in page  # the explanation
    assert "Right answer" in page  # revealed once passed


def test_right_choices_stay_hidden_while_attempts_remain_and_not_passed(client, auth, learner, track):
    auth.login_as(learner)
    answer(client, [0], [1])
    page = client.get(URL + "?attempt=1").get_data(as_text=True)
    assert "Attempt 1: 0 of 2 right (0%)" in page and "Not passed" in page
    assert "Right answer" not in page
    assert "A div is a block." in page  # explanations are always shown after submitting
    assert "Try again" in page


def test_unanswered_questions_keep_the_choices_and_record_nothing(client, auth, learner, track):
    auth.login_as(learner)
    response = answer(client, [1])
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Answer question 2." in page
    assert 'name="q0" value="1" checked' in page
    assert db.session.scalars(select(QuizAttempt)).all() == []


def test_attempts_are_limited_and_the_best_decides(client, auth, learner, track):
    auth.login_as(learner)
    answer(client, [1], [0, 2])   # 100%
    answer(client, [0], [1])      # 0%
    page = client.get(URL).get_data(as_text=True)
    assert "You have used all 2 attempts" in page and "You passed it." in page
    assert "Best score 100%" in page
    response = answer(client, [1], [0, 2])
    assert response.status_code == 400
    assert "You have used all 2 attempts at this quiz." in response.get_data(as_text=True)
    assert len(db.session.scalars(select(QuizAttempt)).all()) == 2
    overview = client.get("/tracks/good").get_data(as_text=True)
    assert "Passed · best 100%" in overview


def test_zero_max_attempts_means_unlimited(client, auth, learner, track):
    quiz = lesson(track, "check")
    quiz.spec = {**quiz.spec, "max_attempts": 0}
    db.session.commit()
    auth.login_as(learner)
    for _ in range(4):
        assert answer(client, [0], [1]).status_code == 302
    assert "unlimited attempts" in client.get(URL).get_data(as_text=True)


def test_another_learners_attempt_is_not_shown(client, auth, learner, track):
    from tests.factories.auth import make_user
    from tests.factories.tracks import enroll

    auth.login_as(learner)
    answer(client, [1], [0, 2])
    other = make_user()
    enroll(other, track)
    auth.login_as(other)
    page = client.get(URL + "?attempt=1").get_data(as_text=True)
    assert "Attempt 1:" not in page
    assert "This will be attempt 1 of 2." in page


def test_a_concurrent_duplicate_attempt_is_refused_cleanly(app, learner, track, monkeypatch):
    import pytest

    from lms.cohorts.membership import learner_enrollment
    from lms.progress import services

    quiz = lesson(track, "check")
    enrollment = learner_enrollment(learner, track)
    services.submit_quiz(enrollment, quiz, [[1], [0, 2]])
    monkeypatch.setattr(services, "attempts_used", lambda enrollment, lesson: 0)  # as if both requests counted first
    with pytest.raises(services.QuizError, match="already submitted"):
        services.submit_quiz(enrollment, quiz, [[1], [0, 2]])
    assert len(db.session.scalars(select(QuizAttempt)).all()) == 1
