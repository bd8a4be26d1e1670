"""The spaces I belong to, one space's topics, a new topic, the program's code of conduct."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms import permissions
from lms.auth import acting_user
from lms.cohorts.models import Cohort
from lms.community import conduct, posting, queries, spaces
from lms.community.errors import CommunityError, InvalidPost
from lms.community.forms import ConductForm, TopicForm
from lms.community.views import bp
from lms.community.views.common import page_number, show_errors, uploads, visible_space
from lms.errors import PermissionDenied
from lms.extensions import db
from lms.submissions.services import upload_limits
from lms.tracks.models import Lesson, Track


@bp.route("/")
@login_required
def index():
    spaces.ensure_member_spaces(current_user)
    db.session.commit()  # spaces are made on first use
    mine = spaces.spaces_of(current_user)
    return render_template("community/index.html", spaces=mine,
                           counts=queries.topic_counts([s.id for s in mine]), title_of=spaces.title_of)


@bp.route("/cohorts/<int:cohort_id>/")
@login_required
def cohort(cohort_id: int):
    """The cohort's space (made on first use): the link from cohort pages."""
    found = db.session.get(Cohort, cohort_id)
    permissions.require(found is not None and permissions.can_view_cohort(current_user, found), hide=True)
    space = spaces.cohort_space(found)
    permissions.require(permissions.can_view_space(current_user, space), hide=True)
    db.session.commit()
    return _to_space(space)


@bp.route("/tracks/<int:track_id>/")
@login_required
def track(track_id: int):
    """The program-wide space of a track (made on first use): the link from track pages."""
    found = db.session.get(Track, track_id)
    permissions.require(found is not None and permissions.can_view_track(current_user, found), hide=True)
    space = spaces.track_space(found.id)
    permissions.require(permissions.can_view_space(current_user, space), hide=True)
    db.session.commit()
    return _to_space(space)


def _to_space(space):
    """To the space, or with ``?new=1`` (``&lesson=<id>``) to its new-topic form."""
    if request.args.get("new") == "1":
        return redirect(url_for("community.new_topic", space_id=space.id, lesson=request.args.get("lesson", type=int)))
    return redirect(url_for("community.space", space_id=space.id))


@bp.route("/<int:space_id>/")
@login_required
def space(space_id: int):
    found = visible_space(space_id)
    lesson_id = request.args.get("lesson", type=int)
    filter_by = request.args.get("show", "all")
    filter_by = filter_by if filter_by in queries.FILTERS else "all"
    moderator = permissions.can_moderate_space(current_user, found)
    page = queries.topics_page(found, show_hidden=moderator, filter_by=filter_by, lesson_id=lesson_id,
                               number=page_number())
    return render_template("community/space.html", space=found, page=page, filter_by=filter_by,
                           lesson=db.session.get(Lesson, lesson_id) if lesson_id else None,
                           answered=queries.answered_topic_ids([t.id for t in page.items]),
                           title=spaces.title_of(found), conduct=conduct.text_for(found),
                           default_conduct=conduct.default_text(),
                           conduct_form=ConductForm(formdata=None, code_of_conduct=conduct.own_text(found)))


@bp.route("/<int:space_id>/conduct", methods=["POST"])
@login_required
def edit_conduct(space_id: int):
    found = visible_space(space_id)
    permissions.require(permissions.can_edit_conduct(current_user, found))
    form = ConductForm()
    try:
        if not form.validate_on_submit():
            raise InvalidPost({"code_of_conduct": list(form.code_of_conduct.errors) or [gettext("Check the text.")]})
        conduct.set_text(found, form.code_of_conduct.data or "")
        db.session.commit()
        flash(gettext("The code of conduct is saved."), "success")
    except InvalidPost as error:
        db.session.rollback()
        flash(str(error), "error")
    return redirect(url_for("community.space", space_id=space_id))


@bp.route("/<int:space_id>/topics/new", methods=["GET", "POST"])
@login_required
def new_topic(space_id: int):
    found = visible_space(space_id)
    permissions.require(permissions.can_post_in_space(current_user, found))
    form = TopicForm(lessons=_lessons(found), data={"lesson_id": request.args.get("lesson", type=int)}
                     if request.method == "GET" else None)
    if not form.validate_on_submit():
        return _new_page(form, found, status=400 if form.is_submitted() else 200)
    data = posting.TopicData(title=form.title.data, kind=form.kind.data, lesson_id=form.lesson_id.data,
                             body=form.body.data, files=uploads(), client_key=form.client_key.data,
                             agreed=form.agree.data)
    try:
        posting.count_post(current_user.id)
        topic = posting.open_topic(found, data, acting_user())
        db.session.commit()
    except IntegrityError:  # the same form posted twice at once: the first one counts
        db.session.rollback()
        topic = posting.find_topic(data.client_key)
        if topic is None or topic.author_id != current_user.id:
            raise
    except PermissionDenied:
        db.session.rollback()
        abort(403)
    except CommunityError as error:
        db.session.rollback()
        show_errors(form, error)
        return _new_page(form, visible_space(space_id), status=400)
    flash(gettext("Your topic is posted."), "success")
    return redirect(url_for("community.topic", topic_id=topic.id))


def _lessons(space) -> list[Lesson]:
    return list(db.session.scalars(select(Lesson).where(Lesson.track_id == space.track_id,
                                                        Lesson.is_archived.is_(False)).order_by(Lesson.position)))


def _new_page(form, space, status=200):
    return render_template("community/new_topic.html", form=form, space=space, title=spaces.title_of(space),
                           conduct=conduct.text_for(space), limits=upload_limits(),
                           needs_agreement=not conduct.has_agreed(current_user.id, space.track_id)), status
