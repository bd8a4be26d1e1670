"""Sync a parsed track folder into the database.

Idempotent: an unchanged folder (same content hash) writes nothing. Otherwise only what
changed is written: lessons whose source or link context changed are re-rendered and
updated in place (matched by slug, so progress survives), removed lessons with learners'
work are archived and the rest deleted, and a :class:`TrackVersion` records the changes.
Like every service it flushes and never commits.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import ngettext
from sqlalchemy import delete, select
from sqlalchemy.orm import load_only

from lms.errors import DomainError
from lms.extensions import db
from lms.rendering import render_lesson
from lms.tracks.models import Lesson, LessonKind, Module, Track, TrackAsset, TrackVersion
from lms.tracks.parser import PARSER_VERSION, ParsedLesson, ParsedTrack
from lms.tracks.problems import Problem


class TrackHasErrors(DomainError):
    """The folder has errors; nothing of it was imported."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(ngettext("the track has %(num)d error; nothing was imported",
                                  "the track has %(num)d errors; nothing was imported", len(problems)))
        self.problems = problems


@dataclass
class ImportResult:
    track: Track
    status: str                 # "created" | "updated" | "unchanged"
    changes: dict = field(default_factory=dict)

    @property
    def summary(self) -> str:
        if self.status == "unchanged":
            return f"{self.track.slug}: unchanged (version {self.track.version})"
        parts = [f"{len(v)} {_CHANGE_LABELS.get(k, k)}" for k, v in self.changes.items()
                 if isinstance(v, list) and v and k != "track"]
        if self.changes.get("track") and self.status != "created":
            parts.insert(0, "track details changed")
        return f"{self.track.slug}: {self.status} version {self.track.version}" + (
            f" ({', '.join(parts)})" if parts else "")


_CHANGE_LABELS = {"modules": "modules", "assets": "files", "added": "lessons added", "updated": "lessons updated",
                  "archived": "lessons archived", "deleted": "lessons deleted", "restored": "lessons restored",
                  "moved": "lessons moved"}

LessonCallback = Callable[[ParsedLesson, bool], None]


def import_track(parsed: ParsedTrack, *, actor=None, force: bool = False, source: str | None = None,
                 on_lesson: LessonCallback | None = None) -> ImportResult:
    """Create or update the track of ``parsed``; ``on_lesson(lesson, rendered)`` reports progress.

    ``force`` re-renders everything even when the folder is unchanged (after a renderer upgrade);
    ``source`` is recorded as where the track came from (default: the folder as given).
    """
    if parsed.errors:
        raise TrackHasErrors(parsed.errors)
    track = db.session.scalar(select(Track).where(Track.slug == parsed.slug))
    if track is not None and track.content_hash == parsed.content_hash and not force:
        return ImportResult(track, "unchanged")
    created = track is None
    if created:
        track = Track(slug=parsed.slug, title=parsed.title, version=0)
        db.session.add(track)
    sync = _Sync(parsed, track, force=force or created, on_lesson=on_lesson,
                 source=parsed.display_root if source is None else source)
    changes = sync.run()
    track.content_hash = parsed.content_hash
    if not created and not changes:
        # Only files that are not imported (or only hashes) changed: nothing to version.
        db.session.flush()
        return ImportResult(track, "unchanged")
    track.version = (track.version or 0) + 1
    db.session.add(TrackVersion(track_id=track.id, number=track.version, content_hash=parsed.content_hash,
                                changes=changes, imported_by_id=getattr(actor, "id", None)))
    db.session.flush()
    return ImportResult(track, "created" if created else "updated", changes)


_CONTENT_FIELDS = {"title", "kind", "minutes", "objectives", "body_html", "toc", "spec"}


def _assign(obj, **values) -> list[str]:
    """Set only the attributes whose value differs, so unchanged rows get no UPDATE."""
    changed = []
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


class _Sync:
    def __init__(self, parsed: ParsedTrack, track: Track, *, force: bool, on_lesson: LessonCallback | None,
                 source: str) -> None:
        self.parsed = parsed
        self.source = source
        self.track = track
        self.force = force
        self.on_lesson = on_lesson or (lambda lesson, rendered: None)
        self.context = _context_hash(parsed)

    def run(self) -> dict:
        changes: dict = {"track": self._track_fields()}
        db.session.flush()
        modules, changes["modules"] = self._modules()
        lesson_changes = self._lessons(modules)
        changes.update(lesson_changes)
        changes["assets"] = self._assets()
        return {key: value for key, value in changes.items() if value}

    def _render(self, source: str, markdown: str):
        return render_lesson(markdown, resolve_url=self.parsed.links.resolver(self.parsed.slug, source))

    def _inline(self, source: str, text: str) -> str:
        """Short Markdown (a quiz prompt, a choice) as HTML without the wrapping paragraph."""
        html = self._render(source, text).html.strip()
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return html

    def _spec_with_html(self, parsed: ParsedLesson) -> dict:
        """Quiz texts may use inline Markdown (`code`, *emphasis*): rendered now, never on page views."""
        if parsed.kind is not LessonKind.QUIZ:
            return parsed.spec
        questions = []
        for question in parsed.spec.get("questions", []):
            source = parsed.source_path
            questions.append({**question, "prompt_html": self._inline(source, question["prompt"]),
                              "choices_html": [self._inline(source, c) for c in question["choices"]],
                              "explanation_html": self._inline(source, question["explanation"])
                              if question.get("explanation") else ""})
        return {**parsed.spec, "questions": questions}

    def _track_fields(self) -> list[str]:
        p = self.parsed
        overview_html = self._render(p.overview_path, p.overview).html if p.overview else ""
        return _assign(self.track, title=p.title, summary=p.summary, skills=p.skills, level=p.level,
                       language=p.language, estimated_hours=p.estimated_hours, overview_html=overview_html,
                       completion=p.completion,
                       certificate=p.certificate, source_path=self.source[:500])

    def _modules(self) -> tuple[dict[str, Module], list[str]]:
        existing = {m.slug: m for m in db.session.scalars(select(Module).where(Module.track_id == self.track.id))}
        changed: list[str] = []
        for parsed in self.parsed.modules:
            module = existing.get(parsed.slug)
            intro_html = self._render(parsed.source_path, parsed.body).html if parsed.body.strip() else ""
            if module is None:
                module = existing[parsed.slug] = Module(track_id=self.track.id, slug=parsed.slug)
                db.session.add(module)
            if _assign(module, title=parsed.title, intro_html=intro_html, position=parsed.position,
                       is_archived=False):
                changed.append(parsed.slug)
        kept = {m.slug for m in self.parsed.modules}
        for slug, module in existing.items():
            if slug not in kept and not module.is_archived:
                # Lessons point at their module; an archived lesson may still need it.
                module.is_archived = True
                changed.append(slug)
        db.session.flush()
        return existing, changed

    def _lessons(self, modules: dict[str, Module]) -> dict[str, list[str]]:
        existing = {l.slug: l for l in db.session.scalars(select(Lesson).where(Lesson.track_id == self.track.id))}
        result: dict[str, list[str]] = {"added": [], "updated": [], "restored": [], "moved": [],
                                        "archived": [], "deleted": []}
        for parsed in self.parsed.lessons:
            lesson = existing.get(parsed.slug)
            content_hash = hashlib.sha256(f"{self.context}\0{parsed.source_hash}".encode()).hexdigest()
            render = self.force or lesson is None or lesson.content_hash != content_hash
            if lesson is None:
                lesson = Lesson(track_id=self.track.id, slug=parsed.slug)
                db.session.add(lesson)
                result["added"].append(parsed.slug)
            elif lesson.is_archived:
                result["restored"].append(parsed.slug)
            if render:
                rendered = self._render(parsed.source_path, parsed.body)
                fields = _assign(lesson, title=parsed.title, kind=parsed.kind, minutes=parsed.minutes,
                                 objectives=parsed.objectives, body_html=rendered.html,
                                 toc=[{"level": t.level, "id": t.id, "title": t.title} for t in rendered.toc],
                                 spec=self._spec_with_html(parsed), source_path=parsed.source_path,
                                 content_hash=content_hash)
                if lesson.id is not None and set(fields) & _CONTENT_FIELDS and parsed.slug not in result["restored"]:
                    result["updated"].append(parsed.slug)
            module = modules.get(parsed.module_slug) if parsed.module_slug else None
            placed = _assign(lesson, position=parsed.position, module_id=module.id if module else None,
                             is_archived=False)
            if lesson.id is not None and placed and parsed.slug not in result["restored"] + result["updated"]:
                result["moved"].append(parsed.slug)
            self.on_lesson(parsed, render)
        kept = {p.slug for p in self.parsed.lessons}
        removed = [l for slug, l in existing.items() if slug not in kept and not l.is_archived]
        with_work = _lessons_with_work([l.id for l in removed])
        for lesson in removed:
            if lesson.id in with_work:
                lesson.is_archived = True
                result["archived"].append(lesson.slug)
            else:
                db.session.delete(lesson)
                result["deleted"].append(lesson.slug)
        db.session.flush()
        self._drop_unused_modules(modules)
        return result

    def _drop_unused_modules(self, modules: dict[str, Module]) -> None:
        archived = [m for m in modules.values() if m.is_archived]
        if not archived:
            return
        used = set(db.session.scalars(select(Lesson.module_id).where(
            Lesson.module_id.in_([m.id for m in archived])).distinct()))
        for module in archived:
            if module.id not in used:
                db.session.delete(module)

    def _assets(self) -> dict[str, list[str]]:
        rows = db.session.scalars(select(TrackAsset).where(TrackAsset.track_id == self.track.id).options(
            load_only(TrackAsset.id, TrackAsset.path, TrackAsset.content_hash, TrackAsset.media_type)))
        existing = {asset.path: asset for asset in rows}
        result: dict[str, list[str]] = {"added": [], "updated": [], "deleted": []}
        for parsed in self.parsed.assets:
            asset = existing.get(parsed.path)
            if asset is None:
                db.session.add(TrackAsset(track_id=self.track.id, path=parsed.path, media_type=parsed.media_type,
                                          content=self.parsed.read(parsed.path), content_hash=parsed.content_hash))
                result["added"].append(parsed.path)
            elif asset.content_hash != parsed.content_hash or asset.media_type != parsed.media_type:
                asset.content = self.parsed.read(parsed.path)
                asset.content_hash = parsed.content_hash
                asset.media_type = parsed.media_type
                result["updated"].append(parsed.path)
        gone = [asset.id for path, asset in existing.items() if path not in {a.path for a in self.parsed.assets}]
        if gone:
            db.session.execute(delete(TrackAsset).where(TrackAsset.id.in_(gone)))
            result["deleted"] = sorted(p for p, a in existing.items() if a.id in gone)
        db.session.flush()
        return {key: value for key, value in result.items() if value}


def _context_hash(parsed: ParsedTrack) -> str:
    """What a lesson's HTML depends on besides its own file: where its links can point."""
    links = parsed.links
    context = {
        "parser": PARSER_VERSION,
        "slug": parsed.slug,
        "lessons": sorted(links.lessons.items()),
        "modules": sorted(links.modules.items()),
        "overview": sorted(links.overview_files),
        "assets": sorted(a.path for a in parsed.assets),
        "files": hashlib.sha256("\n".join(sorted(links.files)).encode()).hexdigest(),
    }
    return hashlib.sha256(json.dumps(context, sort_keys=True).encode()).hexdigest()


def _lessons_with_work(lesson_ids: list[int]) -> set[int]:
    """Lessons referenced by any other table (progress, quiz attempts, submissions, deadlines...)."""
    if not lesson_ids:
        return set()
    found: set[int] = set()
    lesson_table = Lesson.__table__
    for table in db.metadata.sorted_tables:
        if table is lesson_table:
            continue
        for fk in table.foreign_keys:
            if fk.column.table is lesson_table:
                column = fk.parent
                found.update(db.session.scalars(select(column).where(column.in_(lesson_ids)).distinct()))
    return found

