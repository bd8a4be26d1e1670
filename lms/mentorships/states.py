"""The two state machines of a mentor request: the request, and each of its picks."""
from __future__ import annotations

from flask_babel import lazy_gettext

from lms import states
from lms.mentorships.models import PickStatus, RequestStatus

R, P = RequestStatus, PickStatus

REQUEST = states.StateMachine(
    noun="request", plural="requests",
    transitions={None: [R.OPEN, R.WITH_ADMINS],
                 R.OPEN: [R.ACCEPTED, R.WITH_ADMINS, R.WITHDRAWN, R.CLOSED],
                 R.WITH_ADMINS: [R.CLOSED, R.WITHDRAWN],
                 R.ACCEPTED: [], R.WITHDRAWN: [], R.CLOSED: []},
    labels={R.WITH_ADMINS: "with the program team"},
    stamps={R.ACCEPTED: "settled_at", R.WITHDRAWN: "settled_at", R.CLOSED: "settled_at"})

PICK = states.StateMachine(
    noun="pick", plural="picks",
    transitions={None: [P.QUEUED],
                 P.QUEUED: [P.ASKED, P.SKIPPED, P.CANCELLED],
                 P.ASKED: [P.ACCEPTED, P.DECLINED, P.EXPIRED, P.SKIPPED, P.CANCELLED],
                 P.ACCEPTED: [], P.DECLINED: [], P.EXPIRED: [], P.SKIPPED: [], P.CANCELLED: []},
    stamps={P.ASKED: "asked_at", P.ACCEPTED: "answered_at", P.DECLINED: "answered_at"})

# The states as people read them (the machines' own labels stay English: lms.states builds its
# refusal messages from them).
REQUEST_LABELS = {R.OPEN: lazy_gettext("open"), R.ACCEPTED: lazy_gettext("accepted"),
                  R.WITH_ADMINS: lazy_gettext("with the program team"), R.WITHDRAWN: lazy_gettext("withdrawn"),
                  R.CLOSED: lazy_gettext("closed")}
PICK_LABELS = {P.QUEUED: lazy_gettext("queued"), P.ASKED: lazy_gettext("asked"), P.ACCEPTED: lazy_gettext("accepted"),
               P.DECLINED: lazy_gettext("declined"), P.EXPIRED: lazy_gettext("expired"),
               P.SKIPPED: lazy_gettext("skipped"), P.CANCELLED: lazy_gettext("cancelled")}

SETTLED = (R.ACCEPTED, R.WITHDRAWN, R.CLOSED)
UNSETTLED = (R.OPEN, R.WITH_ADMINS)
