"""One way for a status to change: each state machine is data, ``transition`` moves along it.

A machine lists, for each state, the states it may become; the key ``None`` lists the
states an object may be created in. ``transition(obj, target, machine=...)`` checks the
move, sets ``obj.status`` (and the machine's timestamp for that state, if any) or raises
``InvalidTransition`` with a message safe to show. Who may make a move, and what else
happens with it (seats, audit records), stays with the feature's service.
"""
from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext

from lms.database import utcnow
from lms.errors import InvalidTransition
from lms.i18n.formatting import format_list

__all__ = ["InvalidTransition", "StateMachine", "transition"]


def _default_label(state: enum.Enum) -> str:
    return str(state.value).replace("_", " ")


@dataclass(frozen=True)
class StateMachine:
    """The allowed moves of one kind of object, and how to talk about its states.

    ``noun``/``plural`` name the object in messages ("This cohort is draft ..."); they and
    ``labels`` are read in the reader's language when given as ``lazy_gettext`` strings;
    ``stamps`` maps a state to the attribute that records when it was reached;
    ``error`` is the ``InvalidTransition`` subclass to raise (so a feature's views can
    catch it together with the feature's other errors).
    """

    noun: str
    plural: str
    transitions: Mapping[enum.Enum | None, Iterable]
    labels: Mapping[enum.Enum, str] = field(default_factory=dict)
    stamps: Mapping[enum.Enum, str] = field(default_factory=dict)
    error: type[InvalidTransition] = InvalidTransition
    attribute: str = "status"

    def __post_init__(self) -> None:
        object.__setattr__(self, "transitions", {k: frozenset(v) for k, v in self.transitions.items()})
        known = {s for s in self.transitions if s is not None}
        targets = set().union(*self.transitions.values())
        if targets - known:
            raise ValueError(f"{self.noun}: states without an entry: {sorted(map(str, targets - known))}")

    def label(self, state: enum.Enum | None) -> str:
        if state is None:
            return gettext("new")
        return str(self.labels.get(state) or _default_label(state))

    def next_states(self, state: enum.Enum | None) -> tuple:
        """The states ``state`` may become, in declaration order of the machine."""
        allowed = self.transitions.get(state, frozenset())
        return tuple(s for s in self.transitions if s in allowed)

    def allows(self, source: enum.Enum | None, target: enum.Enum) -> bool:
        return target in self.transitions.get(source, frozenset())

    def check(self, source: enum.Enum | None, target: enum.Enum) -> None:
        """Raise ``self.error`` unless ``source`` may become ``target``."""
        if self.allows(source, target):
            return
        if source is None:
            raise self.error(gettext("A new %(thing)s cannot start as %(target)s.",
                                     thing=str(self.noun), target=self.label(target)))
        allowed = self.next_states(source)
        if allowed:
            raise self.error(gettext(
                "This %(thing)s is %(state)s and cannot become %(target)s; it can only become %(allowed)s.",
                thing=str(self.noun), state=self.label(source), target=self.label(target),
                allowed=format_list([self.label(s) for s in allowed], style="or")))
        raise self.error(gettext("This %(thing)s is %(state)s and cannot become %(target)s; "
                                 "%(state)s %(things)s do not change.", thing=str(self.noun), things=str(self.plural),
                                 state=self.label(source), target=self.label(target)))


def transition(obj, target: enum.Enum, *, machine: StateMachine,
               now: datetime | Callable[[], datetime] | None = None):
    """Move ``obj`` to ``target`` along ``machine`` or raise ``InvalidTransition``.

    A new object (status still ``None``) may take any of the machine's starting states.
    Returns the state it came from. Sets the machine's timestamp for ``target`` to
    ``now`` (default: the current UTC time). Does not flush.
    """
    source = getattr(obj, machine.attribute)
    machine.check(source, target)
    setattr(obj, machine.attribute, target)
    stamp = machine.stamps.get(target)
    if stamp:
        moment = now() if callable(now) else now
        setattr(obj, stamp, moment or utcnow())
    return source
