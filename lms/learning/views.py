"""The learner's track pages. Progress belongs to an enrolment: the pages show the one the
learner works in, or an earlier one chosen with ``?cohort=<id>`` (read-only)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from lms.auth import acting_user
from lms.cohorts import membership
from lms.community import queries as community_queries
from lms.extensions import db
from lms.pagecache import cached_page
from lms.permissions import (
    can_preview_track,
    can_record_progress,
    can_see_quiz_answers,
    can_view_every_track,
    can_view_track,
    require,
)
from lms.progress import records, services
from lms.tracks import queries, quizzes
from lms.tracks.models import LessonKind

bp = Blueprint("learning", __name__, template_folder="templates")


def _track_or_404(slug: str):
    """The track, when the current user may read it; 404 otherwise (its existence is private)."""
    track = queries.track_by_slug(slug)
    require(track is not None and (not track.is_archived or can_preview_track(current_user, track))
            and can_view_track(current_user, track), hide=True)
    return track


def _lesson_or_404(track, lesson_slug: str):
    lesson = queries.lesson_by_slug(track, lesson_slug)
    require(lesson is not None, hide=True)
    return lesson


def _enrollment(track, enrollments=None):
    """The enrolment whose work is shown (``?cohort=`` picks an earlier one of the learner's)."""
    return membership.learner_enrollment(current_user, track, request.args.get("cohort", type=int),
                                         enrollments=enrollments)


@bp.route("/tracks")
@login_required
def index():
    tracks, working = membership.my_tracks(current_user)
    if can_view_every_track(current_user):
        tracks = membership.every_live_track()
    progress = records.for_enrollments(working.values())
    figures = {track.id: progress[working[track.id].id].counts() if track.id in working else None
               for track in tracks}
    return render_template("learning/index.html", tracks=tracks, figures=figures)


@bp.route("/tracks/<slug>")
@login_required
@cached_page
def overview(slug: str):
    track = _track_or_404(slug)
    lessons = queries.outline(track)
    enrollments = membership.learner_enrollments(current_user, track)
    enrollment = _enrollment(track, enrollments)
    record = records.for_enrollment(enrollment, lessons) if enrollment else None
    can_record = enrollment is not None and can_record_progress(current_user, enrollment)
    return render_template(
        "learning/overview.html", track=track, sections=queries.sections(lessons, queries.modules_of(track)),
        record=record, figures=record.counts() if record else None, enrollment=enrollment,
        enrollments=enrollments, cohort=enrollment.cohort if enrollment else None,
        due=membership.due_dates(enrollment.cohort if enrollment else None, lessons), can_record=can_record,
        preview=enrollment is None and can_preview_track(current_user, track))


@bp.route("/tracks/<slug>/lessons/<lesson_slug>")
@login_required
@cached_page
def lesson(slug: str, lesson_slug: str):
    track = _track_or_404(slug)
    lesson = _lesson_or_404(track, lesson_slug)
    enrollment = _enrollment(track)
    context = _lesson_context(track, lesson, enrollment)
    if lesson.kind is LessonKind.QUIZ:
        context.update(_quiz_context(lesson, enrollment, request.args.get("attempt", type=int)))
    return render_template(f"learning/{lesson.kind.value}.html", **context)


def _lesson_context(track, lesson, enrollment) -> dict:
    outline = queries.outline(track)
    index = next((i for i, l in enumerate(outline) if l.id == lesson.id), None)
    can_record = enrollment is not None and can_record_progress(current_user, enrollment)
    cohort = enrollment.cohort if enrollment else None
    row = services.lesson_row(enrollment, lesson) if lesson.kind is LessonKind.LESSON else None
    return {
        "track": track, "lesson": lesson, "cohort": cohort, "enrollment": enrollment, "can_record": can_record,
        "preview": enrollment is None and can_preview_track(current_user, track),
        "module": queries.modules_of(track).get(lesson.module_id) if lesson.module_id else None,
        "previous": outline[index - 1] if index else None,
        "next": outline[index + 1] if index is not None and index + 1 < len(outline) else None,
        "position": (index + 1) if index is not None else None, "count": len(outline),
        "completed": row is not None, "credited": row is not None and row.credited_from_id is not None,
        "due_at": membership.due_dates(cohort, [lesson]).get(lesson.id),
        **_discussions(lesson, enrollment),
    }


def _discussions(lesson, enrollment) -> dict:
    """The lesson's topics in the reader's cohort space and the track space (one query), and
    where to start one: the cohort's space for its learners, else the program's."""
    cohort_id = enrollment.cohort_id if enrollment is not None else None
    start = (url_for("community.cohort", cohort_id=cohort_id, new=1, lesson=lesson.id) if cohort_id is not None
             else url_for("community.track", track_id=lesson.track_id, new=1, lesson=lesson.id))
    return {"discussions": community_queries.lesson_topics(lesson, current_user, cohort_id),
            "start_discussion_url": start}


def _quiz_context(lesson, enrollment, shown_number: int | None, chosen=None, errors=None) -> dict:
    attempts = services.attempts_of(enrollment, lesson)
    shown = next((a for a in attempts if a.number == shown_number), None)
    left = quizzes.attempts_left(lesson, len(attempts))
    best = quizzes.best_attempt(attempts)
    answers = can_see_quiz_answers(current_user, lesson, enrollment, attempts)
    return {"attempts": attempts, "shown": shown, "attempts_left": left, "best": best,
            "passed": any(a.passed for a in attempts), "chosen": chosen or [], "errors": errors or [],
            "grade": quizzes.grade(lesson.spec, shown.answers) if shown else None,
            "answer_key": answers, "reveal": shown is not None and answers}


@bp.route("/tracks/<slug>/lessons/<lesson_slug>/complete", methods=["POST"])
@login_required
def complete(slug: str, lesson_slug: str):
    track, lesson, enrollment = _recordable(slug, lesson_slug)
    try:
        services.mark_complete(enrollment, lesson)
    except services.ProgressError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        if request.form.get("then") == "next":  # "Mark complete and continue"
            return redirect(_continue_after(track, lesson))
        flash(gettext("“%(title)s” is marked as complete.", title=lesson.title), "success")
    return redirect(url_for("learning.lesson", slug=track.slug, lesson_slug=lesson.slug))


def _continue_after(track, lesson) -> str:
    """Where "Mark complete and continue" goes: the track's next item (lesson, quiz or
    assignment), or the track's overview after its last one."""
    outline = queries.outline(track)
    index = next((i for i, item in enumerate(outline) if item.id == lesson.id), None)
    if index is not None and index + 1 < len(outline):
        flash(gettext("“%(title)s” is marked as complete. Next: %(next)s.", title=lesson.title,
                      next=outline[index + 1].title), "success")
        return url_for("learning.lesson", slug=track.slug, lesson_slug=outline[index + 1].slug)
    flash(gettext("“%(title)s” is marked as complete. That was the last item of %(track)s: here is your progress.",
                  title=lesson.title, track=track.title), "success")
    return url_for("learning.overview", slug=track.slug)


@bp.route("/tracks/<slug>/lessons/<lesson_slug>/incomplete", methods=["POST"])
@login_required
def incomplete(slug: str, lesson_slug: str):
    track, lesson, enrollment = _recordable(slug, lesson_slug)
    try:
        services.mark_incomplete(enrollment, lesson)
    except services.ProgressError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(gettext("“%(title)s” is marked as not complete.", title=lesson.title), "info")
    return redirect(url_for("learning.lesson", slug=track.slug, lesson_slug=lesson.slug))


@bp.route("/tracks/<slug>/lessons/<lesson_slug>/attempts", methods=["POST"])
@login_required
def submit_quiz(slug: str, lesson_slug: str):
    track, lesson, enrollment = _recordable(slug, lesson_slug)
    answers = [[int(v) for v in request.form.getlist(f"q{i}") if v.isdigit()]
               for i in range(len(lesson.spec.get("questions", [])))]
    try:
        attempt = services.submit_quiz(enrollment, lesson, answers)
    except services.QuizError as error:
        context = _lesson_context(track, lesson, enrollment)
        context.update(_quiz_context(lesson, enrollment, None, chosen=answers, errors=[str(error)]))
        return render_template("learning/quiz.html", **context), 400
    db.session.commit()
    return redirect(url_for("learning.lesson", slug=track.slug, lesson_slug=lesson.slug,
                            attempt=attempt.number, _anchor="result"))


def _recordable(slug: str, lesson_slug: str):
    """Track, lesson and the enrolment the learner works in; readers who may not record get 403."""
    track = _track_or_404(slug)
    lesson = _lesson_or_404(track, lesson_slug)
    learner = acting_user()
    enrollment = membership.learner_enrollment(learner, track)
    require(enrollment is not None and can_record_progress(learner, enrollment))
    return track, lesson, enrollment
