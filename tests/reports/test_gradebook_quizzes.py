"""The gradebook CSV's quiz columns (issue 16): each learner's best score per quiz, as
``lms.progress`` reads it."""
from __future__ import annotations

import csv
import io

from lms.cohorts.models import EnrollmentRole
from lms.progress import records
from lms.tracks.models import LessonKind
from tests.factories.auth import make_user
from tests.factories.cohorts import attempt_quiz, enrol, lessons_of, make_cohort, make_track

QUIZ_TRACK = ((LessonKind.LESSON, "welcome", {}),
              (LessonKind.QUIZ, "html-quiz", {"pass_percent": 70}),
              (LessonKind.ASSIGNMENT, "landing-page", {"due_days": 7}),
              (LessonKind.QUIZ, "css-quiz", {"pass_percent": 70}))


def _rows(client, cohort) -> list[dict[str, str]]:
    response = client.get(f"/cohorts/{cohort.id}/gradebook.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_gradebook_has_a_best_score_column_per_quiz_agreeing_with_progress(client, auth, admin):
    track = make_track(items=QUIZ_TRACK)
    cohort = make_cohort(track)
    html_quiz, css_quiz = (lesson for lesson in lessons_of(track) if lesson.kind == LessonKind.QUIZ)
    ann, ben, mentor = make_user(name="Ann"), make_user(name="Ben"), make_user(name="Mo Mentor")
    enrol(cohort, mentor, EnrollmentRole.MENTOR)
    for learner in (ann, ben):
        enrol(cohort, learner)
    attempt_quiz(ann, html_quiz, 40, number=1)
    attempt_quiz(ann, html_quiz, 90, number=2)
    attempt_quiz(ann, html_quiz, 60, number=3)
    attempt_quiz(ben, css_quiz, 50)
    auth.login_as(admin)
    rows = _rows(client, cohort)
    assert [r["learner"] for r in rows] == ["Ann", "Ben"]  # one assignment: one row each, no mentor
    columns = ["quiz: Html quiz (best %)", "quiz: Css quiz (best %)"]
    assert list(rows[0])[-2:] == columns
    assert [(r[columns[0]], r[columns[1]]) for r in rows] == [("90", ""), ("", "50")]

    progress = records.for_cohort(cohort)
    for row in rows:
        record = next(p for p in progress.values() if p.user_id == (ann if row["learner"] == "Ann" else ben).id)
        for column, quiz in zip(columns, (html_quiz, css_quiz), strict=True):
            result = record.quizzes.get(quiz.id)
            assert row[column] == (str(result.best_percent) if result else "")


def test_a_track_without_assignments_still_lists_each_learners_quiz_scores(client, auth, admin):
    track = make_track(items=((LessonKind.LESSON, "welcome", {}), (LessonKind.QUIZ, "only-quiz", {})))
    cohort = make_cohort(track)
    learner = make_user(name="Quinn")
    enrol(cohort, learner)
    attempt_quiz(learner, lessons_of(track)[1], 80)
    auth.login_as(admin)
    [row] = _rows(client, cohort)
    assert row["learner"] == "Quinn" and row["assignment"] == "" and row["quiz: Only quiz (best %)"] == "80"
