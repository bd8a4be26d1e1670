"""Pages of peer mentoring: inviting graduates (admins), answering an invitation, stepping down."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("peermentors", __name__, url_prefix="/peer-mentoring", template_folder="../templates")


@bp.app_template_filter("peer_month")
def peer_month(day):
    """``March 2026`` in the reader's language."""
    from lms.peermentors.queries import month_of

    return month_of(day)

# Each module registers its routes on ``bp`` when imported.
from lms.peermentors.views import seats  # noqa: E402,F401
