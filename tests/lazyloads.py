"""Make unplanned lazy loads fail a test, so an N+1 shows at once and by name.

``with no_lazy_loads(): client.get(...)`` — while the block runs, any ORM lazy load on any
session (the request's included: the test client runs each request in its own app context)
raises ``UnplannedLazyLoad`` naming the attribute, e.g. ``Enrollment.cohort``. The loads are
also recorded and checked when the block ends, because the app's error handlers turn an
exception inside a view into a 500 page, and code may catch it: the test fails either way,
with the same message.

What counts: a relationship loaded on first access (``lazy_loaded_from``), and a column
loaded on first access (a deferred column, or an attribute expired by a commit and read
again: ``is_column_load``). A many-to-one whose target is already in the session's identity
map emits no SQL and is not a load. ``session.refresh()`` is a column load too; it is rare in
a read path, and allowed like any other with ``planned``.

``planned`` names the loads a test allows because they are deliberate and constant (one per
request, whatever the data size): ``no_lazy_loads(planned={"Enrollment.cohort"})``; say why
in a comment beside it. Column loads are named ``Class.column`` like relationships.
"""
from __future__ import annotations

import sys
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

import lms

APP = str(Path(lms.__file__).parent)
ROOT = str(Path(APP).parent)


class UnplannedLazyLoad(AssertionError):
    """A lazy load the test did not plan: a likely N+1. Load it eagerly, or plan it."""


class LazyLoads:
    """What a guarded block lazily loaded, by ``Class.attribute``."""

    def __init__(self, planned: frozenset[str]) -> None:
        self.planned = planned
        self.loads: Counter[str] = Counter()
        self.where: dict[str, str] = {}   # the app's line (or template) that first caused each load

    @property
    def unplanned(self) -> Counter[str]:
        return Counter({name: n for name, n in self.loads.items() if name not in self.planned})

    def message(self) -> str:
        found = ", ".join(f"{name} ×{n} ({self.where.get(name, '?')})" for name, n in sorted(self.unplanned.items()))
        return (f"unplanned lazy load: {found}. Load it with the query (selectinload/joinedload/"
                "contains_eager, or select the columns), or pass planned={...} with a reason.")


def describe(state: ORMExecuteState) -> list[str]:
    """The ``Class.attribute`` names this execution lazily loads (none for an ordinary query)."""
    if not state.is_select:
        return []
    parent = state.lazy_loaded_from
    if parent is not None:
        path = state.loader_strategy_path
        key = path.prop.key if path is not None and not path.is_root else "?"
        return [f"{parent.class_.__name__}.{key}"]
    if state.is_column_load:
        refreshed = state.load_options._refresh_state
        owner = refreshed.class_.__name__ if refreshed is not None else "?"
        names = set(state._orm_compile_options()._only_load_props or ())
        columns = {prop.key for prop in refreshed.mapper.column_attrs} if refreshed is not None else set()
        if not names or columns <= names:   # the whole object, expired by a commit (or refresh())
            return [f"{owner}.*"]
        return [f"{owner}.{name}" for name in sorted(names & columns)]
    return []


def _app_line() -> str:
    """The innermost frame in the app's code or templates: where the lazy load was triggered."""
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:   # a compiled template: give the template's own line
            return f"{template.filename}:{template.get_corresponding_lineno(frame.f_lineno)}".replace(f"{ROOT}/", "")
        if frame.f_code.co_filename.startswith(APP):
            return f"{frame.f_code.co_filename}:{frame.f_lineno}".replace(f"{ROOT}/", "")
        frame = frame.f_back
    return "outside the app"


@contextmanager
def no_lazy_loads(planned=()):
    """Raise on, and afterwards fail for, any lazy load not named in ``planned``; yields ``LazyLoads``."""
    record = LazyLoads(frozenset(planned))

    def on_execute(state: ORMExecuteState) -> None:
        names = describe(state)
        record.loads.update(names)
        for name in names:
            record.where.setdefault(name, _app_line())
        if any(name not in record.planned for name in names):
            raise UnplannedLazyLoad(record.message())

    event.listen(Session, "do_orm_execute", on_execute)
    try:
        yield record
    finally:
        event.remove(Session, "do_orm_execute", on_execute)
    if record.unplanned:
        raise UnplannedLazyLoad(record.message())
