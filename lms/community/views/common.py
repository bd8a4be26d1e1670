"""What the community views share: loading what the viewer may see, form errors (uploads and
messages: the shared ``lms.submissions.request_files.uploads`` and ``lms.formtools.copy_errors``)."""
from __future__ import annotations

from flask import request
from flask_login import current_user

from lms import permissions
from lms.community import queries
from lms.community.errors import InvalidPost
from lms.formtools import copy_errors
from lms.submissions.request_files import uploads  # noqa: F401  (re-exported for the community views)


def visible_space(space_id: int):
    space = queries.load_space(space_id)
    permissions.require(space is not None and permissions.can_view_space(current_user, space), hide=True)
    return space


def visible_topic(topic_id: int):
    topic = queries.load_topic(topic_id)
    permissions.require(topic is not None and permissions.can_view_topic(current_user, topic), hide=True)
    return topic


def visible_post(post_id: int):
    post = queries.load_post(post_id)
    permissions.require(post is not None and permissions.can_view_post(current_user, post), hide=True)
    return post




def show_errors(form, error) -> None:
    """A refusal on the form: per field for invalid input, on top otherwise."""
    if isinstance(error, InvalidPost):
        copy_errors(form, error.errors)
    else:
        form.form_errors.append(str(error))


def page_number() -> int:
    number = request.args.get("page", 1, type=int)
    return number if 1 <= number <= 100_000 else 1
