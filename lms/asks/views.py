"""The asks pages. The endpoint names are fixed (other features link to them); the bodies
are being built (issue 13): each answers 404 until then."""
from __future__ import annotations

from flask import Blueprint, abort
from flask_login import login_required

bp = Blueprint("asks", __name__, template_folder="templates")


@bp.route("/asks")
@login_required
def mine():
    """The learner's asks (all cohorts); a mentor's asks they answered."""
    abort(404)


@bp.route("/cohorts/<int:cohort_id>/asks/new", methods=["GET", "POST"])
@login_required
def new(cohort_id: int):
    abort(404)


@bp.route("/asks/<int:ask_id>", methods=["GET", "POST"])
@login_required
def thread(ask_id: int):
    """The thread; POST adds a reply."""
    abort(404)


@bp.route("/asks/<int:ask_id>/claim", methods=["POST"])
@login_required
def claim(ask_id: int):
    abort(404)


@bp.route("/asks/<int:ask_id>/release", methods=["POST"])
@login_required
def release(ask_id: int):
    abort(404)
