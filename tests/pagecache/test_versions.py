"""Every commit that changes a table raises that table's version, in the same transaction."""
from __future__ import annotations

from lms.extensions import db
from lms.pagecache.versions import UNVERSIONED, current_versions
from tests.factories.cohorts import make_track


def _versions() -> dict[str, int]:
    versions = current_versions(db.session.connection())
    db.session.rollback()
    return versions


def test_a_commit_raises_the_version_of_each_table_it_changed_once(app):
    before = _versions()
    make_track(commit=False)  # a track and its lessons, in one transaction
    db.session.commit()
    after = _versions()
    assert after["track"] == before.get("track", 0) + 1
    assert after["lesson"] == before.get("lesson", 0) + 1
    assert {name: version for name, version in after.items() if name not in {"track", "lesson"}} \
        == {name: version for name, version in before.items() if name not in {"track", "lesson"}}


def test_a_rolled_back_change_raises_nothing(app):
    before = _versions()
    make_track(commit=False)
    db.session.flush()
    db.session.rollback()
    assert _versions() == before


def test_reading_raises_nothing(app):
    make_track()
    before = _versions()
    db.session.execute(db.text("SELECT count(*) FROM track")).scalar()
    db.session.commit()
    assert _versions() == before


def test_page_cache_forget_raises_every_tables_version(app, runner):
    make_track()
    before = _versions()
    result = runner.invoke(args=["page-cache", "forget"])
    assert result.exit_code == 0, result.output
    after = _versions()
    assert set(after) >= set(db.metadata.tables) - {"table_version"} - UNVERSIONED
    assert all(after[name] == before.get(name, 0) + 1 for name in after)


def test_rate_limit_counts_raise_no_version(app):
    from lms import ratelimit

    with app.test_request_context():
        before = _versions()
        ratelimit.hit("test:key", 60)
        assert _versions() == before
