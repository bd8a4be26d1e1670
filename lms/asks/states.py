"""The state machine of an ask (see ``lms.asks.models`` for what each state means).

A learner's reply moves a thread back to the mentor, also one that timed out (the
learner came back); a resolved ask stays resolved (a new question is a new ask).
"""
from __future__ import annotations

from flask_babel import lazy_gettext

from lms import states
from lms.asks.models import AskState

A = AskState

ASK = states.StateMachine(
    noun="ask", plural="asks", attribute="state",
    transitions={None: [A.AWAITING_MENTOR],
                 A.AWAITING_MENTOR: [A.AWAITING_LEARNER, A.RESOLVED],
                 A.AWAITING_LEARNER: [A.AWAITING_MENTOR, A.RESOLVED, A.TIMED_OUT],
                 A.TIMED_OUT: [A.AWAITING_MENTOR],
                 A.RESOLVED: []},
    labels={A.AWAITING_MENTOR: "waiting for a mentor", A.AWAITING_LEARNER: "waiting for the learner"},
    stamps={A.RESOLVED: "resolved_at"})


# The states as people read them (the machine's own labels stay English: lms.states builds its
# refusal messages from them).
LABELS = {A.AWAITING_MENTOR: lazy_gettext("waiting for a mentor"),
          A.AWAITING_LEARNER: lazy_gettext("waiting for the learner"),
          A.RESOLVED: lazy_gettext("resolved"), A.TIMED_OUT: lazy_gettext("timed out")}


def transition(ask, target: AskState, **kwargs) -> None:
    """Move ``ask`` to ``target`` or raise ``InvalidTransition`` (a message safe to show)."""
    states.transition(ask, target, machine=ASK, **kwargs)
