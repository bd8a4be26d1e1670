"""Relationship pages: the agreement, the learner's two surveys, and a mentor's mentee history."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from lms import permissions
from lms.cohorts.models import CheckInAnswer, Mentorship
from lms.cohorts.relationships import Agreement
from lms.extensions import db
from lms.mentorships import history, relationship_notes as notes
from lms.mentorships.forms import AgreementForm, CheckInForm, ClosingSurveyForm
from lms.mentorships.views import bp


def _mentorship(mentorship_id: int, rule) -> Mentorship:
    mentorship = db.session.get(Mentorship, mentorship_id)
    if mentorship is None or not rule(current_user, mentorship):
        abort(404)
    return mentorship


def _back(mentorship: Mentorship) -> str:
    if current_user.id == mentorship.enrollment.user_id:
        return url_for("cohorts.my_mentor", cohort_id=mentorship.enrollment.cohort_id)
    return url_for("mentorships.my_mentees")


@bp.route("/mentorships/<int:mentorship_id>/agreement", methods=["GET", "POST"])
@login_required
def agreement(mentorship_id: int):
    mentorship = _mentorship(mentorship_id, permissions.can_edit_agreement)
    form = AgreementForm(goals=mentorship.agreement_goals, cadence=mentorship.meeting_cadence,
                         end_on=mentorship.agreed_end_on, version=mentorship.version)
    if form.validate_on_submit():
        try:
            agreed = Agreement(form.goals.data or "", form.cadence.data or "", form.end_on.data)
            notes.save_agreement(mentorship, agreed, seen_version=int(form.version.data))
            db.session.commit()
            flash(gettext("Agreement saved."), "success")
            return redirect(_back(mentorship))
        except (notes.StaleAgreement, StaleDataError):
            db.session.rollback()
            current = db.session.get(Mentorship, mentorship_id)
            fresh = AgreementForm(formdata=None, goals=current.agreement_goals, cadence=current.meeting_cadence,
                                  end_on=current.agreed_end_on, version=current.version)
            flash(gettext("The agreement was changed by someone else while you were editing; "
                          "here it is as it is now. Make your change again."), "warning")
            return render_template("mentorships/agreement.html", form=fresh, mentorship=current,
                                   back=_back(current)), 409
        except notes.NoteError as error:
            db.session.rollback()
            form.end_on.errors.append(str(error))
    return render_template("mentorships/agreement.html", form=form, mentorship=mentorship, back=_back(mentorship))


@bp.route("/mentorships/<int:mentorship_id>/check-in", methods=["GET", "POST"])
@login_required
def checkin(mentorship_id: int):
    mentorship = _mentorship(mentorship_id, permissions.can_answer_mentorship_survey)
    form = CheckInForm()
    if form.validate_on_submit():
        try:
            repair = notes.answer_checkin(mentorship, CheckInAnswer(form.answer.data), form.comment.data or "")
            db.session.commit()
            flash(gettext("Thank you. The program team will find you another mentor.") if repair
                  else gettext("Thank you."), "success")
            return redirect(_back(mentorship))
        except (notes.NoteError, StaleDataError) as error:
            db.session.rollback()
            form.answer.errors.append(str(error) if isinstance(error, notes.NoteError)
                                      else gettext("This was answered in another window."))
    return render_template("mentorships/checkin.html", form=form, mentorship=mentorship, back=_back(mentorship))


@bp.route("/mentorships/<int:mentorship_id>/closing-survey", methods=["GET", "POST"])
@login_required
def closing_survey(mentorship_id: int):
    mentorship = _mentorship(mentorship_id, permissions.can_answer_mentorship_survey)
    form = ClosingSurveyForm()
    if form.validate_on_submit():
        try:
            notes.answer_closing_survey(mentorship, form.rating.data, form.comment.data or "")
            db.session.commit()
            flash(gettext("Thank you for telling us."), "success")
            return redirect(_back(mentorship))
        except (notes.NoteError, StaleDataError) as error:
            db.session.rollback()
            form.rating.errors.append(str(error) if isinstance(error, notes.NoteError)
                                      else gettext("This was answered in another window."))
    return render_template("mentorships/closing_survey.html", form=form, mentorship=mentorship,
                           back=_back(mentorship))


@bp.route("/mentees")
@login_required
def my_mentees():
    permissions.require(permissions.can_use_mentor_request_queue(current_user))
    return render_template("mentorships/mentees.html", mentees=history.mentee_history(current_user.id))
