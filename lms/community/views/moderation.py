"""Moderators' actions on topics and posts: pin, lock, hide, move (docs/community.md)."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload
from werkzeug.routing import BuildError

from lms import permissions
from lms.auth import acting_user
from lms.auth.views import safe_next_url
from lms.community import moderation
from lms.community.models import Post, Space, Topic
from lms.community.moderation_forms import HideForm, ModerationForm, MoveForm
from lms.community.views import bp
from lms.extensions import db

# --- Shared by the community views and templates ---------------------------------------------

@bp.app_template_global("community_space_label")
def space_label(space: Space) -> str:
    if space.cohort_id is not None:
        return space.cohort.name
    return gettext("%(track)s (whole program)", track=space.track.title)


@bp.app_template_global("community_topic_url")
def topic_url(topic: Topic, post_id: int | None = None) -> str:
    """The topic's page (``community.topic``, #post-<id> for a post); the space's search page
    while the topic pages are not part of the app."""
    try:
        return url_for("community.topic", topic_id=topic.id, _anchor=f"post-{post_id}" if post_id else None)
    except BuildError:
        return url_for("community.search", space_id=topic.space_id)


@bp.app_template_global("community_moderates")
def moderates(space: Space) -> bool:
    """``can_moderate_space`` for the signed-in person, asked once per space and request (the
    post partials ask it for every post of a long thread)."""
    cache = g.setdefault("community_moderates", {})
    if space.id not in cache:
        cache[space.id] = permissions.can_moderate_space(current_user, space)
    return cache[space.id]


def load_topic(topic_id: int) -> Topic:
    """The topic, or 404 when it does not exist or the viewer may not know it does."""
    topic = db.session.get(Topic, topic_id, options=[joinedload(Topic.space)])
    permissions.require(topic is not None and permissions.can_view_topic(current_user, topic), hide=True)
    return topic


def load_post(post_id: int) -> Post:
    post = db.session.get(Post, post_id, options=[joinedload(Post.topic).joinedload(Topic.space)])
    permissions.require(post is not None and permissions.can_view_topic(current_user, post.topic), hide=True)
    permissions.require(not post.is_hidden or moderates(post.topic.space), hide=True)
    return post


def back(form, fallback: str):
    return redirect(safe_next_url(form.next.data) if form.next.data else fallback)


def _run(action, form, topic: Topic, success: str, post_id: int | None = None):
    """Run one service, commit; a refusal is flashed where the moderator came from."""
    try:
        action()
        db.session.commit()
        flash(success, "success")
    except moderation.ModerationError as error:
        db.session.rollback()
        flash(str(error), "error")
    return back(form, topic_url(topic, post_id))


def _topic_action(topic_id: int, service, success: str):
    topic = load_topic(topic_id)
    permissions.require(moderates(topic.space))
    form = ModerationForm()
    if not form.validate_on_submit():
        flash(gettext("Reload the page and try again."), "error")
        return back(form, topic_url(topic))
    return _run(lambda: service(topic, acting_user(), based_on_version=form.based_on()), form, topic, success)


@bp.route("/topics/<int:topic_id>/pin", methods=["POST"])
@login_required
def topic_pin(topic_id: int):
    return _topic_action(topic_id, lambda t, a, **v: moderation.set_pinned(t, True, a, **v),
                         gettext("Pinned to the top."))


@bp.route("/topics/<int:topic_id>/unpin", methods=["POST"])
@login_required
def topic_unpin(topic_id: int):
    return _topic_action(topic_id, lambda t, a, **v: moderation.set_pinned(t, False, a, **v), gettext("Unpinned."))


@bp.route("/topics/<int:topic_id>/lock", methods=["POST"])
@login_required
def topic_lock(topic_id: int):
    return _topic_action(topic_id, lambda t, a, **v: moderation.set_locked(t, True, a, **v),
                         gettext("Locked: only moderators can reply now."))


@bp.route("/topics/<int:topic_id>/unlock", methods=["POST"])
@login_required
def topic_unlock(topic_id: int):
    return _topic_action(topic_id, lambda t, a, **v: moderation.set_locked(t, False, a, **v), gettext("Unlocked."))


@bp.route("/topics/<int:topic_id>/unhide", methods=["POST"])
@login_required
def topic_unhide(topic_id: int):
    return _topic_action(topic_id, moderation.unhide_topic, gettext("The topic is visible to members again."))


def _hide_page(form: HideForm, *, topic: Topic, post: Post | None, status: int = 200):
    return render_template("community/moderation_hide.html", form=form, topic=topic, post=post), status


@bp.route("/topics/<int:topic_id>/hide", methods=["GET", "POST"])
@login_required
def topic_hide(topic_id: int):
    topic = load_topic(topic_id)
    permissions.require(moderates(topic.space))
    form = HideForm(version=topic.version)
    if not form.validate_on_submit():
        return _hide_page(form, topic=topic, post=None, status=400 if form.is_submitted() else 200)
    return _run(lambda: moderation.hide_topic(topic, form.reason.data, acting_user(), based_on_version=form.based_on()),
                form, topic, gettext("Hidden: members no longer see this topic."))


@bp.route("/posts/<int:post_id>/hide", methods=["GET", "POST"])
@login_required
def post_hide(post_id: int):
    post = load_post(post_id)
    permissions.require(moderates(post.topic.space))
    form = HideForm(version=post.version)
    if not form.validate_on_submit():
        return _hide_page(form, topic=post.topic, post=post, status=400 if form.is_submitted() else 200)
    return _run(lambda: moderation.hide_post(post, form.reason.data, acting_user(), based_on_version=form.based_on()),
                form, post.topic, gettext("Hidden: members see that a moderator hid the post."), post.id)


@bp.route("/posts/<int:post_id>/unhide", methods=["POST"])
@login_required
def post_unhide(post_id: int):
    post = load_post(post_id)
    permissions.require(moderates(post.topic.space))
    form = ModerationForm()
    if not form.validate_on_submit():
        flash(gettext("Reload the page and try again."), "error")
        return back(form, topic_url(post.topic, post.id))
    return _run(lambda: moderation.unhide_post(post, acting_user(), based_on_version=form.based_on()),
                form, post.topic, gettext("The post is visible to members again."), post.id)


@bp.route("/topics/<int:topic_id>/move", methods=["GET", "POST"])
@login_required
def topic_move(topic_id: int):
    topic = load_topic(topic_id)
    permissions.require(moderates(topic.space))
    targets = [space for space in moderation.move_targets(topic)
               if permissions.can_move_topic(current_user, topic, space)]
    form = MoveForm(version=topic.version, spaces=targets, labels=space_label)
    if not form.validate_on_submit():
        return render_template("community/moderation_move.html", form=form, topic=topic,
                               targets=targets), 400 if form.is_submitted() else 200
    target = next(space for space in targets if space.id == form.space_id.data)
    return _run(lambda: moderation.move_topic(topic, target, acting_user(), based_on_version=form.based_on()),
                form, topic, gettext("Moved to %(space)s.", space=space_label(target)))
