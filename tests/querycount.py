"""Count the SQL statements a block of code runs, to prove pages stay constant as data grows."""
from __future__ import annotations

from contextlib import contextmanager

from flask import current_app
from sqlalchemy import event

from lms.extensions import db


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def __repr__(self) -> str:
        return f"<{self.count} queries>\n" + "\n".join(self.statements)


@contextmanager
def count_queries(*, drawn: bool = True):
    """``with count_queries() as q: client.get(...)`` then ``q.count``.

    Counts statements on the app's engine from every connection and thread,
    including those of requests made by the test client. Pages the page cache kept are
    forgotten first (``drawn=False`` keeps them): a count is the cost of drawing a page.
    """
    if drawn:
        forget_kept_pages(current_app)
    counter = QueryCounter()
    engine = db.engine

    def before(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("PRAGMA", "SAVEPOINT", "RELEASE")):
            counter.statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", before)


def forget_kept_pages(app) -> None:
    """Make the next asking of every page draw it (``lms.pagecache`` keeps pages): a query budget
    is the cost of drawing a page, which a page served from the cache would hide."""
    from lms.pagecache import EXTENSION

    cache = app.extensions.get(EXTENSION)
    if cache is not None:
        cache.pages.clear()
