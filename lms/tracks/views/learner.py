"""What learners see: their tracks, a track's syllabus, lessons, quizzes and assignments."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.extensions import db
from lms.permissions import can_record_progress, can_view_track, is_admin, require
from lms.tracks import progress, queries, quizzes
from lms.tracks.models import LessonKind
from lms.tracks.views import bp


def _track_or_404(slug: str):
    """The track, when the current user may read it; 404 otherwise (its existence is private)."""
    track = queries.track_by_slug(slug)
    require(track is not None and (not track.is_archived or is_admin(current_user))
            and can_view_track(current_user, track), hide=True)
    return track


def _lesson_or_404(track, lesson_slug: str):
    lesson = queries.lesson_by_slug(track, lesson_slug)
    require(lesson is not None, hide=True)
    return lesson


@bp.route("/tracks")
@login_required
def index():
    tracks = queries.viewable_tracks(current_user)
    return render_template("tracks/index.html", tracks=tracks,
                           figures=progress.progress_by_track(current_user, tracks))


@bp.route("/tracks/<slug>")
@login_required
def overview(slug: str):
    track = _track_or_404(slug)
    lessons = queries.outline(track)
    status = progress.lesson_status(current_user, track)
    cohort = queries.learner_cohort(current_user, track)
    can_record = can_record_progress(current_user, track)
    return render_template(
        "tracks/overview.html", track=track, sections=queries.sections(lessons, queries.modules_of(track)),
        status=status, figures=progress.progress_from_status(lessons, status), cohort=cohort,
        due=queries.due_dates(cohort, lessons), can_record=can_record,
        preview=not can_record and is_admin(current_user))


@bp.route("/tracks/<slug>/lessons/<lesson_slug>")
@login_required
def lesson(slug: str, lesson_slug: str):
    track = _track_or_404(slug)
    lesson = _lesson_or_404(track, lesson_slug)
    context = _lesson_context(track, lesson)
    if lesson.kind is LessonKind.QUIZ:
        context.update(_quiz_context(lesson, context["can_record"], request.args.get("attempt", type=int)))
    return render_template(f"tracks/{lesson.kind.value}.html", **context)


def _lesson_context(track, lesson) -> dict:
    outline = queries.outline(track)
    index = next((i for i, l in enumerate(outline) if l.id == lesson.id), None)
    can_record = can_record_progress(current_user, track)
    cohort = queries.learner_cohort(current_user, track) if lesson.kind is LessonKind.ASSIGNMENT else None
    return {
        "track": track, "lesson": lesson, "cohort": cohort, "can_record": can_record,
        "preview": not can_record and is_admin(current_user),
        "module": queries.modules_of(track).get(lesson.module_id) if lesson.module_id else None,
        "previous": outline[index - 1] if index else None,
        "next": outline[index + 1] if index is not None and index + 1 < len(outline) else None,
        "position": (index + 1) if index is not None else None, "count": len(outline),
        "completed": lesson.kind is LessonKind.LESSON and progress.is_completed(current_user, lesson),
        "due_at": queries.due_dates(cohort, [lesson]).get(lesson.id),
    }


def _quiz_context(lesson, can_record: bool, shown_number: int | None, chosen=None, errors=None) -> dict:
    attempts = quizzes.attempts_of(current_user, lesson) if can_record else []
    shown = next((a for a in attempts if a.number == shown_number), None)
    left = quizzes.attempts_left(lesson, len(attempts))
    best = quizzes.best_attempt(attempts)
    return {"attempts": attempts, "shown": shown, "attempts_left": left, "best": best,
            "passed": any(a.passed for a in attempts), "chosen": chosen or [], "errors": errors or [],
            "grade": quizzes.grade(lesson.spec, shown.answers) if shown else None,
            "reveal": shown is not None and (shown.passed or left == 0)}


@bp.route("/tracks/<slug>/lessons/<lesson_slug>/complete", methods=["POST"])
@login_required
def complete(slug: str, lesson_slug: str):
    track, lesson = _recordable(slug, lesson_slug)
    try:
        progress.mark_complete(current_user, lesson)
    except progress.ProgressError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"“{lesson.title}” is marked as complete.", "success")
    return redirect(url_for("tracks.lesson", slug=track.slug, lesson_slug=lesson.slug))


@bp.route("/tracks/<slug>/lessons/<lesson_slug>/incomplete", methods=["POST"])
@login_required
def incomplete(slug: str, lesson_slug: str):
    track, lesson = _recordable(slug, lesson_slug)
    progress.mark_incomplete(current_user, lesson)
    db.session.commit()
    flash(f"“{lesson.title}” is marked as not complete.", "info")
    return redirect(url_for("tracks.lesson", slug=track.slug, lesson_slug=lesson.slug))


@bp.route("/tracks/<slug>/lessons/<lesson_slug>/attempts", methods=["POST"])
@login_required
def submit_quiz(slug: str, lesson_slug: str):
    track, lesson = _recordable(slug, lesson_slug)
    answers = [[int(v) for v in request.form.getlist(f"q{i}") if v.isdigit()]
               for i in range(len(lesson.spec.get("questions", [])))]
    try:
        attempt = quizzes.submit_quiz(current_user, lesson, answers)
    except quizzes.QuizError as error:
        context = _lesson_context(track, lesson)
        context.update(_quiz_context(lesson, True, None, chosen=answers, errors=[str(error)]))
        return render_template("tracks/quiz.html", **context), 400
    db.session.commit()
    return redirect(url_for("tracks.lesson", slug=track.slug, lesson_slug=lesson.slug,
                            attempt=attempt.number, _anchor="result"))


def _recordable(slug: str, lesson_slug: str):
    """Track and lesson for a progress action: readers who may not record get 403."""
    track = _track_or_404(slug)
    lesson = _lesson_or_404(track, lesson_slug)
    require(can_record_progress(current_user, track))
    return track, lesson
