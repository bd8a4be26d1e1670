"""Run the same write at the same moment in several threads, each with its own app context
(so its own session, connection and transaction), and tell which ones won."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from lms.extensions import db


def race(app, args: Iterable, attempt: Callable[[object, Callable[[], None]], None], refused: type[Exception],
         *, won: str = "won", lost: str = "refused", timeout: float = 30) -> list[str]:
    """``attempt(arg, ready)`` for every arg at once: it loads what it needs, calls ``ready()``
    (a barrier, so every thread writes at the same moment), then writes. Each attempt that
    commits adds ``won``; one that raises ``refused`` is rolled back and adds ``lost``."""
    args = list(args)
    barrier = threading.Barrier(len(args))
    outcomes: list[str] = []

    def run(arg) -> None:
        with app.app_context():
            try:
                attempt(arg, barrier.wait)
                db.session.commit()
                outcomes.append(won)
            except refused:
                db.session.rollback()
                outcomes.append(lost)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(arg,)) for arg in args]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes
