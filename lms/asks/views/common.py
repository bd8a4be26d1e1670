"""What the asks views share: loading an ask the viewer may see (uploads and form errors: the
shared ``lms.submissions.request_files.uploads`` and ``lms.formtools.copy_errors``)."""
from __future__ import annotations

from flask_login import current_user

from lms import permissions
from lms.asks import queries
from lms.formtools import copy_errors  # noqa: F401  (re-exported for the asks views)
from lms.submissions.request_files import uploads  # noqa: F401


def visible_ask(ask_id: int):
    """The ask, or 404 when it does not exist or the viewer may not know it does."""
    ask = queries.load_ask(ask_id)
    permissions.require(ask is not None and permissions.can_view_ask(current_user, ask), hide=True)
    return ask


