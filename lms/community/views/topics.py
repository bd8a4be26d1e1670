"""A topic: its posts (with the reply form), editing a post, accepting an answer, following, files."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from lms import permissions
from lms.auth import acting_user
from lms.community import conduct, files as post_files, follows, posting, queries, spaces, topics
from lms.community.errors import CommunityError, StaleEdit
from lms.community.forms import ActionForm, EditForm, ReplyForm
from lms.community.views import bp
from lms.community.views.common import page_number, show_errors, uploads, visible_post, visible_topic
from lms.downloads import SANDBOX, attachment_response
from lms.errors import PermissionDenied
from lms.extensions import db
from lms.pagecache import cached_page
from lms.submissions import files as file_rules
from lms.submissions.services import upload_limits


@bp.route("/topics/<int:topic_id>/", methods=["GET", "POST"])
@login_required
@cached_page
def topic(topic_id: int):
    """The topic; POST adds a reply at the end."""
    found = visible_topic(topic_id)
    form = ReplyForm()
    if not form.validate_on_submit():
        return topic_page(found, form, status=400 if form.is_submitted() else 200)
    data = posting.PostData(body=form.body.data, client_key=form.client_key.data, files=uploads(),
                            agreed=form.agree.data)
    try:
        posting.count_post(current_user.id)
        post = posting.reply(found, data, acting_user())
        db.session.commit()
    except IntegrityError:  # the same form posted twice at once: the first one counts
        db.session.rollback()
        post = posting.find_post(data.client_key)
        if post is None:
            raise
    except PermissionDenied:
        db.session.rollback()
        abort(403)
    except CommunityError as error:
        db.session.rollback()
        show_errors(form, error)
        return topic_page(visible_topic(topic_id), form, status=400)
    return redirect(url_for("community.topic", topic_id=topic_id, page="last", _anchor=f"post-{post.id}"))


def topic_page(topic, form, status=200):
    moderator = permissions.can_moderate_space(current_user, topic.space)
    per_page = current_app.config["COMMUNITY_POSTS_PER_PAGE"]
    number = 10**6 if request.args.get("page") == "last" or request.method == "POST" else page_number()
    page = queries.posts_page(topic, show_hidden=moderator, number=number, per_page=per_page)
    accepted = queries.accepted_answer(topic) if page.number == 1 else None
    return render_template(
        "community/topic.html", topic=topic, page=page, form=form, accepted=accepted,
        editable=permissions.editable_post_ids(current_user, topic, page.items + ([accepted] if accepted else [])),
        moderator=moderator, space_title=spaces.title_of(topic.space),
        first_post_id=topics.first_post_id(topic), following=follows.is_following(topic, current_user.id),
        can_reply=permissions.can_reply_to_topic(current_user, topic),
        can_accept=permissions.can_accept_answer(current_user, topic), conduct=conduct.text_for(topic.space),
        needs_agreement=not conduct.has_agreed(current_user.id, topic.space.track_id),
        limits=upload_limits()), status


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit_post(post_id: int):
    post = visible_post(post_id)
    permissions.require(permissions.can_edit_post(current_user, post))
    form = EditForm(data={"body": post.body, "version": post.version} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            posting.edit_post(post, form.body.data, form.version.data, acting_user())
            db.session.commit()
            flash(gettext("Your post is saved."), "success")
            return redirect(url_for("community.topic", topic_id=post.topic_id, _anchor=f"post-{post.id}"))
        except (CommunityError, StaleDataError) as error:
            db.session.rollback()
            error = error if isinstance(error, CommunityError) else StaleEdit(
                gettext("Someone changed this post at the same moment. Your text is below: save again."))
            show_errors(form, error)
            post = visible_post(post_id)
            form.version.raw_data, form.version.data = None, post.version
    return render_template("community/edit_post.html", form=form, post=post,
                           current=post if form.form_errors else None), 400 if form.is_submitted() else 200


def _act(topic_id: int, action, success: str):
    try:
        action()
        db.session.commit()
        flash(success, "success")
    except (CommunityError, IntegrityError, StaleDataError) as error:
        db.session.rollback()
        flash(str(error) if isinstance(error, CommunityError) else
              gettext("Someone changed this topic at the same moment. Look at it again."), "error")
    except PermissionDenied:
        db.session.rollback()
        abort(403)
    return redirect(url_for("community.topic", topic_id=topic_id))


@bp.route("/posts/<int:post_id>/accept", methods=["POST"])
@login_required
def accept(post_id: int):
    post = visible_post(post_id)
    permissions.require(permissions.can_accept_answer(current_user, post.topic))
    if not ActionForm().validate_on_submit():
        abort(400)
    return _act(post.topic_id, lambda: topics.accept_answer(post, acting_user()),
                gettext("Marked as the accepted answer."))


@bp.route("/topics/<int:topic_id>/follow", methods=["POST"])
@login_required
def follow(topic_id: int):
    found = visible_topic(topic_id)
    permissions.require(permissions.can_follow_topic(current_user, found))
    if not ActionForm().validate_on_submit():
        abort(400)
    return _act(topic_id, lambda: follows.follow(found, current_user.id), gettext("You follow this topic."))


@bp.route("/topics/<int:topic_id>/unfollow", methods=["POST"])
@login_required
def unfollow(topic_id: int):
    found = visible_topic(topic_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return _act(topic_id, lambda: follows.unfollow(found, current_user.id), gettext("You no longer follow this topic."))


@bp.route("/files/<int:file_id>")
@login_required
def file(file_id: int):
    found = post_files.post_file(file_id)
    permissions.require(found is not None and permissions.can_view_post(current_user, found.post), hide=True)
    return attachment_response(post_files.read(found), found.filename,
                               file_rules.download_media_type(found.extension), policy=SANDBOX)
