"""``flask tracks check|import|list``: validate and import track folders from the command line."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from lms.extensions import db
from lms.tracks.importer import import_track
from lms.tracks.layout import find_tracks
from lms.tracks.models import Lesson, Track
from lms.tracks.parser import ParsedTrack, parse_track
from lms.tracks.problems import Problem, count

tracks_cli = AppGroup("tracks", help="Check and import Markdown skill tracks.")


def _parse_all(paths: tuple[str, ...]) -> tuple[list[ParsedTrack], list[str]]:
    """Parse every track under ``paths`` (track folders or folders of track folders)."""
    parsed, missing = [], []
    for given in paths or ("courses",):
        folders = find_tracks(Path(given))
        if not folders:
            missing.append(given)
        for folder in folders:
            display = given.rstrip("/") if folder == Path(given) else str(Path(given) / folder.name)
            parsed.append(parse_track(folder, display_root=display))
    _check_unique_slugs(parsed)
    return parsed, missing


def _check_unique_slugs(tracks: list[ParsedTrack]) -> None:
    """Tracks are matched by slug: two folders with one slug would overwrite each other."""
    seen: dict[str, str] = {}
    for track in tracks:
        where = track.display(track.overview_path) if track.overview_path else track.display_root
        if track.slug in seen:
            track.problems.append(Problem(
                where, 1, f"duplicate track slug '{track.slug}' (also used by {seen[track.slug]})"))
        seen.setdefault(track.slug, track.display_root)


def _print_problems(tracks: list[ParsedTrack]) -> None:
    for track in tracks:
        for problem in track.problems:
            click.echo(str(problem))


def _summary(tracks: list[ParsedTrack], missing: list[str]) -> tuple[str, int]:
    problems = [p for t in tracks for p in t.problems]
    errors, warnings = count(problems)
    errors += len(missing)
    lessons = sum(len(t.lessons) for t in tracks)
    line = (f"{len(tracks)} track{'' if len(tracks) == 1 else 's'}, {lessons} lesson{'' if lessons == 1 else 's'}: "
            f"{errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}")
    return line, errors


def _report_missing(missing: list[str]) -> None:
    for given in missing:
        click.echo(f"{given}:1: no track found (expected track.md, a Carpentries config.yaml, or Markdown lessons)")


@tracks_cli.command("check")
@click.argument("paths", nargs=-1)
def check_command(paths: tuple[str, ...]) -> None:
    """Validate track folders without touching the database (default: courses/)."""
    tracks, missing = _parse_all(paths)
    _report_missing(missing)
    _print_problems(tracks)
    line, errors = _summary(tracks, missing)
    click.echo(line)
    sys.exit(1 if errors else 0)


@tracks_cli.command("import")
@click.argument("paths", nargs=-1)
@click.option("--force", is_flag=True, help="Re-render every lesson even when nothing changed.")
def import_command(paths: tuple[str, ...], force: bool) -> None:
    """Sync track folders into the database (default: courses/). Tracks with errors are refused."""
    tracks, missing = _parse_all(paths)
    _report_missing(missing)
    failed = bool(missing)
    for track in tracks:
        for problem in track.problems:
            click.echo(str(problem))
        if track.errors:
            click.echo(f"{track.slug or track.display_root}: refused ({len(track.errors)} errors); nothing imported")
            failed = True
            continue
        with _progress(track) as on_lesson:
            result = import_track(track, force=force, on_lesson=on_lesson)
        db.session.commit()
        click.echo(result.summary)
    sys.exit(1 if failed else 0)


class _progress:
    """A progress bar over lessons on a terminal, a line per rendered lesson otherwise."""

    def __init__(self, track: ParsedTrack) -> None:
        self.track = track
        self.bar = None

    def __enter__(self):
        if sys.stdout.isatty():
            heading = f"Importing {self.track.slug}"  # the command line speaks English
            self.bar = click.progressbar(length=len(self.track.lessons), label=heading)
            self.bar.__enter__()
            return lambda lesson, rendered: self.bar.update(1)
        return lambda lesson, rendered: rendered and click.echo(f"  {lesson.source_path}")

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


@tracks_cli.command("list")
def list_command() -> None:
    """The imported tracks: slug, version, lessons, title."""
    counts = dict(db.session.execute(select(Lesson.track_id, func.count()).where(Lesson.is_archived.is_(False))
                                     .group_by(Lesson.track_id)).all())
    tracks = list(db.session.scalars(select(Track).order_by(Track.slug)))
    if not tracks:
        click.echo("No tracks yet: run 'flask tracks import courses/'.")
    for track in tracks:
        click.echo(f"{track.slug}\tv{track.version}\t{counts.get(track.id, 0)} lessons\t{track.title}")
