"""The mentor directory of a cohort."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user, login_required

from lms.auth import acting_user
from lms.cohorts.models import Cohort
from lms.database import utcnow
from lms.extensions import db
from lms.mentorships import directory
from lms.mentorships.directory_form import DirectoryFilterForm
from lms.mentorships.views import bp
from lms.pagecache import cached_page
from lms.permissions import can_request_mentors, can_view_mentor_directory, contact_visible_ids, is_learner_of


@bp.route("/cohorts/<int:cohort_id>/mentors")
@login_required
@cached_page
def directory_page(cohort_id: int):
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not can_view_mentor_directory(current_user, cohort):
        abort(404)  # another cohort's people are private: not even its existence is told
    viewer = acting_user()
    form = DirectoryFilterForm(request.args)
    form.validate()
    now = utcnow()
    cards = directory.mentor_cards(cohort, viewer, now=now, for_learner=is_learner_of(viewer, cohort))
    shown = directory.apply_filters(cards, form.filters())
    return render_template("mentorships/directory.html", cohort=cohort, form=form, cards=shown, total=len(cards),
                           skills=directory.skill_options(cards), languages=directory.language_options(cards),
                           contacts=contact_visible_ids(viewer, [card.user.id for card in shown]),
                           can_request=can_request_mentors(viewer, cohort), filtered=bool(request.args), now=now)
