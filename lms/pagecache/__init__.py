"""The page cache: whole pages served again while nothing they show has changed.

``lms.pagecache.versions`` keeps a version per table, raised by every commit that changes it;
``lms.pagecache.pages`` keeps pages under the versions of the tables they read
(``@cached_page``). ``PAGE_CACHE_SECONDS = 0`` turns it off.
"""
from __future__ import annotations

import click
from flask import Flask

from lms.extensions import db
from lms.pagecache.pages import EXTENSION, HEADER, PageCache, cached_page
from lms.pagecache.versions import TableVersion, raise_every_version, watch_engines

__all__ = ["EXTENSION", "HEADER", "PageCache", "TableVersion", "cached_page", "init_app"]


def init_app(app: Flask) -> None:
    watch_engines()
    seconds = app.config["PAGE_CACHE_SECONDS"]
    if seconds > 0:
        app.extensions[EXTENSION] = PageCache(seconds, int(app.config["PAGE_CACHE_MAX_MEGABYTES"] * 1024 * 1024))

    @app.cli.group("page-cache")
    def page_cache() -> None:
        """The page cache."""

    @page_cache.command("forget")
    def forget() -> None:
        """Make every kept page old, in every process (after changing data around the app)."""
        with db.engine.begin() as connection:
            raise_every_version(connection)
        click.echo("Every kept page will be drawn afresh.")
