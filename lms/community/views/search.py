"""Searching a space (docs/community.md, "Search")."""
from __future__ import annotations

from flask import render_template, request
from flask_login import current_user, login_required

from lms import permissions
from lms.community.models import Space
from lms.community.search import search_space
from lms.community.views import bp
from lms.community.views.moderation import moderates
from lms.extensions import db


@bp.route("/<int:space_id>/search")
@login_required
def search(space_id: int):
    space = db.session.get(Space, space_id)
    permissions.require(space is not None and permissions.can_view_space(current_user, space), hide=True)
    query = request.args.get("q", "", type=str)
    results = search_space(space, query, moderator=moderates(space), page=request.args.get("page", 1, type=int) or 1)
    return render_template("community/search.html", space=space, results=results)
