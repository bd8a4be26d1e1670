"""The track parser: a folder in, a :class:`ParsedTrack` and its problems out.

Pure: it reads the folder and nothing else (no database, no application). Three layouts
are understood (see docs/FORMAT-SPEC.txt): ``track.md`` with numbered lessons and module
folders; a Carpentries lesson (``config.yaml`` + ``episodes/``); and any plain folder of
Markdown files. Every problem carries the author's path and line.
"""
from __future__ import annotations

import hashlib
import mimetypes
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext

from lms.profiles.languages import InvalidLanguage, canonical
from lms.text import single_line
from lms.tracks import layout
from lms.tracks.completion import read_completion
from lms.tracks.fields import Fields
from lms.tracks.frontmatter import parse_document, parse_yaml_file
from lms.tracks.lessonspec import ASSIGNMENT_KEYS, QUIZ_KEYS, read_spec
from lms.tracks.links import LinkMap, TargetKind
from lms.tracks.markup import clean_body, references, remove_title_heading, take_title
from lms.tracks.models import LessonKind
from lms.tracks.problems import Problem, Report, count

# Part of every content hash: bump it when parsing or stored HTML changes, so the next
# import re-renders tracks whose files did not change.
PARSER_VERSION = "1"
MAX_ASSET_BYTES = 20 * 1024 * 1024
LEVELS = ("beginner", "intermediate", "advanced")
TRACK_KEYS = {"title", "slug", "summary", "skills", "level", "language", "estimated_hours", "completion",
              "certificate"}
LESSON_KEYS = {"title", "type", "minutes", "objectives"} | ASSIGNMENT_KEYS | QUIZ_KEYS
MODULE_KEYS = {"title", "summary"}
# Carpentries episode keys we understand: teaching + exercises minutes become ``minutes``.
CARPENTRIES_KEYS = frozenset({"teaching", "exercises"})
_KINDS = tuple(kind.value for kind in LessonKind)
_NOT_LESSONS = {"track.md", "readme.md"}
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("image/webp", ".webp")
mimetypes.add_type("text/markdown", ".md")


@dataclass
class ParsedModule:
    slug: str
    title: str
    summary: str
    body: str
    position: int
    source_path: str


@dataclass
class ParsedLesson:
    slug: str
    title: str
    kind: LessonKind
    position: int
    module_slug: str | None
    minutes: int | None
    objectives: list[str]
    body: str           # cleaned Markdown, title heading removed: ready to render
    spec: dict
    source_path: str    # relative to the track folder, "/"-separated
    source_hash: str    # sha256 of the file


@dataclass
class ParsedAsset:
    path: str
    media_type: str
    content_hash: str
    size: int


@dataclass
class ParsedTrack:
    root: Path
    display_root: str
    layout: str                     # "track" | "carpentries" | "plain"
    slug: str = ""
    title: str = ""
    summary: str = ""
    skills: list[str] = field(default_factory=list)
    level: str | None = None
    language: str | None = None     # BCP 47 tag the track is written in (``es``, ``pt-BR``), canonical case
    estimated_hours: float | None = None
    overview: str = ""
    overview_path: str = ""
    completion: dict = field(default_factory=dict)
    certificate: dict = field(default_factory=dict)
    modules: list[ParsedModule] = field(default_factory=list)
    lessons: list[ParsedLesson] = field(default_factory=list)
    assets: list[ParsedAsset] = field(default_factory=list)
    links: LinkMap = field(default_factory=lambda: LinkMap(set()))
    content_hash: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> tuple[int, int]:
        return count(self.problems)

    def display(self, path: str) -> str:
        return posixpath.join(self.display_root, path) if self.display_root else path

    def read(self, path: str) -> bytes:
        return (self.root / path).read_bytes()


def parse_track(root: Path, *, display_root: str | None = None, folder_name: str | None = None) -> ParsedTrack:
    """Parse the track folder ``root``.

    ``display_root`` prefixes paths in problems (default: ``root`` as given);
    ``folder_name`` gives the default slug when the folder is a temporary one (uploads).
    """
    root = Path(root)
    parsed = ParsedTrack(root=root, display_root=str(root) if display_root is None else display_root,
                         layout="track")
    listing = layout.list_files(root)
    for link in listing.symlinks:
        _report(parsed, link).warning(1, gettext("symbolic link ignored"))
    name = folder_name or root.resolve().name
    if (root / "track.md").is_file():
        docs = _parse_standard(parsed, listing, name)
    elif layout.is_carpentries(root):
        parsed.layout = "carpentries"
        docs = _parse_carpentries(parsed, listing, name)
    else:
        parsed.layout = "plain"
        docs = _parse_plain(parsed, listing, name)
    _check_slugs(parsed)
    parsed.links = _link_map(parsed, listing)
    referenced = _check_references(parsed, docs)
    parsed.assets = _assets(parsed, listing, referenced)
    parsed.content_hash = _folder_hash(root, listing.files)
    parsed.problems.sort(key=lambda p: (p.path, p.line))
    return parsed


# --- layouts -------------------------------------------------------------------------

def _parse_standard(parsed: ParsedTrack, listing: layout.FolderListing, folder: str) -> list[tuple[str, str, int]]:
    report = _report(parsed, "track.md")
    document = parse_document(_read_text(parsed, "track.md", report), report)
    fields = Fields(document, report)
    _read_track_fields(parsed, fields, folder)
    if not parsed.title:
        report.error(1, gettext("missing title"))
    parsed.overview_path = "track.md"
    parsed.overview = remove_title_heading(clean_body(document.body), parsed.title) if parsed.title else \
        clean_body(document.body)
    docs = [("track.md", parsed.overview, document.body_line)]
    docs += _parse_entries(parsed, listing)
    _finish_track_fields(parsed, fields)
    return docs


def _parse_plain(parsed: ParsedTrack, listing: layout.FolderListing, folder: str) -> list[tuple[str, str, int]]:
    overview = next((n for n in listing.files if "/" not in n and n.lower() in {"index.md", "readme.md"}), None)
    docs: list[tuple[str, str, int]] = []
    title = None
    if overview:
        report = _report(parsed, overview)
        document = parse_document(_read_text(parsed, overview, report), report)
        title = single_line(Fields(document, report).text("title")) or None
        body = clean_body(document.body)
        if title:
            body = remove_title_heading(body, title)
        else:
            title, body = take_title(body)
        parsed.overview, parsed.overview_path = body, overview
        docs.append((overview, body, document.body_line))
    parsed.slug = layout.slugify(layout.slug_from_name(folder))
    parsed.title = title or layout.title_from_name(folder)
    if not title:
        report = _report(parsed, overview) if overview else Report(parsed.display_root or ".", parsed.problems)
        report.warning(1, gettext("no track.md: the title '%(title)s' is taken from the folder name",
                                  title=parsed.title))
    docs += _parse_entries(parsed, listing, skip={overview} if overview else set())
    parsed.completion = read_completion(None, None, parsed.lessons)
    return docs


def _parse_carpentries(parsed: ParsedTrack, listing: layout.FolderListing, folder: str) -> list[tuple[str, str, int]]:
    report = _report(parsed, "config.yaml")
    config = parse_yaml_file(_read_text(parsed, "config.yaml", report), report)
    fields = Fields(config, report)
    parsed.slug = layout.slugify(layout.slug_from_name(folder))
    parsed.title = single_line(fields.text("title"))
    if not parsed.title:
        report.error(1, gettext("missing title"))
    docs: list[tuple[str, str, int]] = []
    if "index.md" in listing.files:
        index_report = _report(parsed, "index.md")
        document = parse_document(_read_text(parsed, "index.md", index_report), index_report)
        parsed.overview, parsed.overview_path = clean_body(document.body), "index.md"
        docs.append(("index.md", parsed.overview, document.body_line))
    available = [n for n in listing.files if n.startswith("episodes/") and n.count("/") == 1 and n.endswith(".md")]
    listed = fields.text_list("episodes")
    if not listed:
        listed = [n.split("/", 1)[1] for n in sorted(available, key=lambda n: layout.order_key(n.split("/")[1]))]
    for index, name in enumerate(listed):
        path = f"episodes/{name}"
        if path not in available:
            report.error(config.line("episodes", index), gettext("episode not found: %(path)s", path=path))
            continue
        docs.append(_parse_lesson(parsed, path, None, carpentries=True))
    for path in available:
        if path.split("/", 1)[1] not in listed:
            _report(parsed, path).warning(1, gettext("not listed under episodes: in config.yaml (not imported)"))
    parsed.completion = read_completion(None, None, parsed.lessons)
    return docs


def _parse_entries(parsed: ParsedTrack, listing: layout.FolderListing, skip: set[str] = frozenset()
                   ) -> list[tuple[str, str, int]]:
    """Lessons at the top level and in numbered module folders, in reading order."""
    top_files = [n for n in listing.files if "/" not in n]
    top_dirs = sorted({n.split("/", 1)[0] for n in listing.files if "/" in n})
    entries = [(name, False) for name in top_files
               if name.lower().endswith(".md") and name.lower() not in _NOT_LESSONS and name not in skip]
    for name in top_dirs:
        markdown = [n for n in listing.files if n.startswith(name + "/") and n.endswith(".md")]
        if not markdown or name.lower() in layout.ASSET_FOLDERS:
            continue
        if layout.is_numbered(name):
            entries.append((name, True))
        else:
            _report(parsed, name).warning(1, gettext("folder has no number, so it is not a module: its Markdown "
                                                     "files are not imported"))
    entries.sort(key=lambda entry: layout.order_key(entry[0]))
    docs = []
    for name, is_module in entries:
        if is_module:
            docs += _parse_module(parsed, listing, name)
        else:
            docs.append(_parse_lesson(parsed, name, None))
    return docs


def _parse_module(parsed: ParsedTrack, listing: layout.FolderListing, folder: str) -> list[tuple[str, str, int]]:
    slug = layout.slug_from_name(folder)
    index_path = f"{folder}/index.md"
    module = ParsedModule(slug=slug, title="", summary="", body="", position=len(parsed.modules) + 1,
                          source_path=index_path if index_path in listing.files else folder)
    docs: list[tuple[str, str, int]] = []
    if index_path in listing.files:
        report = _report(parsed, index_path)
        document = parse_document(_read_text(parsed, index_path, report), report)
        fields = Fields(document, report)
        module.title, module.summary = single_line(fields.text("title"))[:200], fields.text("summary")
        fields.warn_unknown(MODULE_KEYS)
        body = clean_body(document.body)
        if module.title:
            body = remove_title_heading(body, module.title)
        else:
            heading, body = take_title(body)
            module.title = heading or ""
        module.body = body
        docs.append((index_path, body, document.body_line))
    else:
        _report(parsed, folder).warning(1, gettext("module has no index.md: its title is taken from the folder name"))
    if not module.title:
        module.title = layout.title_from_name(folder)
        if index_path in listing.files:
            _report(parsed, index_path).warning(1, gettext("module has no title: using the folder name"))
    parsed.modules.append(module)
    names = [n for n in listing.files if n.startswith(folder + "/") and n.endswith(".md") and n != index_path]
    for name in names:
        if name.count("/") > 1:
            _report(parsed, name).warning(1, gettext("modules cannot be nested: file not imported"))
    lessons = sorted((n for n in names if n.count("/") == 1), key=lambda n: layout.order_key(n.split("/")[1]))
    for name in lessons:
        docs.append(_parse_lesson(parsed, name, slug))
    return docs


# --- one lesson ----------------------------------------------------------------------

def _parse_lesson(parsed: ParsedTrack, path: str, module_slug: str | None, *, carpentries: bool = False
                  ) -> tuple[str, str, int]:
    report = _report(parsed, path)
    raw = _read_bytes(parsed, path, report)
    before = len(parsed.problems)
    document = parse_document(_decode(raw, report), report)
    broken = len(parsed.problems) > before  # the title may be in the part we could not read
    fields = Fields(document, report)
    kind = _read_kind(fields)
    title = single_line(fields.text("title"))
    body = clean_body(document.body)
    if title:
        body = remove_title_heading(body, title)
    else:
        heading, body = take_title(body)
        title = heading or ""
    name = path.rsplit("/", 1)[-1]
    if not title:
        title = layout.title_from_name(name)
        if not broken:
            report.warning(1, gettext("no title (front matter or '# heading'): using '%(title)s'", title=title))
    minutes = fields.integer("minutes", what=gettext("a whole number of minutes"))
    if carpentries and minutes is None:
        parts = [fields.integer(key, what=gettext("a whole number of minutes")) for key in CARPENTRIES_KEYS]
        minutes = sum(p for p in parts if p) or None
    slug = layout.slug_from_name(name)
    if not slug:
        report.error(1, gettext("cannot make a lesson slug from this file name: use letters or digits"))
    objectives = fields.text_list("objectives")
    spec = read_spec(kind, fields)
    fields.warn_unknown(LESSON_KEYS, ignorable=CARPENTRIES_KEYS if carpentries else frozenset())
    parsed.lessons.append(ParsedLesson(
        slug=slug, title=title[:200], kind=kind, position=len(parsed.lessons) + 1, module_slug=module_slug,
        minutes=minutes, objectives=objectives, body=body, spec=spec, source_path=path,
        source_hash=hashlib.sha256(raw).hexdigest()))
    return path, body, document.body_line


def _read_kind(fields: Fields) -> LessonKind:
    value = fields.raw("type")
    if value is None:
        return LessonKind.LESSON
    text = str(value).strip().lower()
    if text not in _KINDS:
        fields.error("type", gettext("unknown type '%(type)s' (expected lesson, assignment or quiz)", type=value))
        return LessonKind.LESSON
    return LessonKind(text)


# --- track-wide checks ---------------------------------------------------------------

def _read_track_fields(parsed: ParsedTrack, fields: Fields, folder: str) -> None:
    parsed.title = single_line(fields.text("title"))[:200]
    slug = fields.text("slug")
    if slug and not layout.SLUG.match(slug):
        fields.error("slug", gettext("slug must be lowercase letters, digits and hyphens, not '%(slug)s'", slug=slug))
        slug = ""
    if len(slug) > 120:
        fields.error("slug", gettext("slug must be at most %(limit)s characters", limit=120))
        slug = ""
    parsed.slug = slug or layout.slug_from_name(folder)
    if not parsed.slug:
        fields.report.error(1, gettext("cannot make a track slug from the folder name: add 'slug:'"))
    parsed.summary = fields.text("summary")
    parsed.skills = _tags(fields.text_list("skills", split_commas=True))
    parsed.level = fields.choice("level", LEVELS)
    parsed.language = _read_language(fields)
    parsed.estimated_hours = fields.number("estimated_hours")
    certificate = fields.mapping("certificate")
    if certificate is not None:
        certificate.warn_unknown({"title", "statement"})
        parsed.certificate = {"title": certificate.text("title"), "statement": certificate.text("statement")}
    fields.warn_unknown(TRACK_KEYS)


def _read_language(fields: Fields) -> str | None:
    """``language:`` as a BCP 47 tag in canonical case (``pt-br`` -> ``pt-BR``), checked like a profile's languages."""
    value = fields.text("language")
    if not value:
        return None
    try:
        return canonical(value)
    except InvalidLanguage:
        fields.error("language", gettext("language must be a language code such as es, pt-BR or ar, not %(value)s",
                                         value=repr(value[:40])))
        return None


def _finish_track_fields(parsed: ParsedTrack, fields: Fields) -> None:
    """The completion rule names lessons, so it is read once they are known."""
    parsed.completion = read_completion(fields.mapping("completion"), fields, parsed.lessons)


def _tags(skills: list[str]) -> list[str]:
    tags: list[str] = []
    for skill in skills:
        tag = " ".join(skill.lower().split())
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _check_slugs(parsed: ParsedTrack) -> None:
    seen: dict[str, str] = {}
    for lesson in parsed.lessons:
        if lesson.slug and lesson.slug in seen:
            _report(parsed, lesson.source_path).error(
                1, gettext("duplicate slug '%(slug)s' (also used by %(path)s)", slug=lesson.slug,
                           path=seen[lesson.slug]))
        seen.setdefault(lesson.slug, lesson.source_path)
    modules: dict[str, str] = {}
    for module in parsed.modules:
        if module.slug in modules:
            _report(parsed, module.source_path).error(
                1, gettext("duplicate module slug '%(slug)s' (also used by %(path)s)", slug=module.slug,
                           path=modules[module.slug]))
        modules.setdefault(module.slug, module.source_path)


def _link_map(parsed: ParsedTrack, listing: layout.FolderListing) -> LinkMap:
    modules: dict[str, str] = {}
    for module in parsed.modules:
        modules[module.source_path] = module.slug
        modules[module.source_path.rsplit("/index.md", 1)[0]] = module.slug
    overview = {parsed.overview_path} if parsed.overview_path else set()
    if parsed.layout == "carpentries":
        overview.add("index.md")
    return LinkMap(files=set(listing.files), lessons={l.source_path: l.slug for l in parsed.lessons},
                   modules=modules, overview_files=overview,
                   lessons_dir="episodes" if parsed.layout == "carpentries" else "")


def _check_references(parsed: ParsedTrack, docs: list[tuple[str, str, int]]) -> set[str]:
    """Report broken links and missing images; return the asset files that are referenced."""
    referenced: set[str] = set()
    lenient = parsed.layout == "carpentries"
    for path, body, body_line in docs:
        report = _report(parsed, path)
        for ref in references(body):
            line = body_line + ref.line - 1
            target = parsed.links.resolve(path, ref.url)
            kind = target.kind
            if kind is TargetKind.ASSET:
                referenced.add(target.path)
            elif kind in (TargetKind.MISSING, TargetKind.OUTSIDE, TargetKind.NOT_A_LESSON, TargetKind.FOLDER):
                _report_reference(report, line, ref.url, ref.image, kind, target.path, lenient)
    return referenced


def _report_reference(report: Report, line: int, url: str, image: bool, kind: TargetKind, path: str,
                      lenient: bool) -> None:
    markdown = path.lower().endswith(".md")
    if image:
        report.error(line, gettext("missing image: %(url)s", url=url) if kind is not TargetKind.OUTSIDE
                     else gettext("image outside the track folder: %(url)s", url=url))
    elif kind is TargetKind.FOLDER:
        report.warning(line, gettext("link to a folder: %(url)s (link to a file in it instead)", url=url))
    elif markdown and lenient:
        report.warning(line, gettext("link to a page that is not an episode of this lesson: %(url)s (left as is)",
                                     url=url))
    elif markdown and kind is TargetKind.NOT_A_LESSON:
        report.error(line, gettext("broken link to a lesson: %(url)s (that file is not a lesson of this track)",
                                   url=url))
    elif markdown or kind is TargetKind.OUTSIDE:
        report.error(line, gettext("broken link to a lesson: %(url)s", url=url) if kind is TargetKind.MISSING
                     else gettext("link outside the track folder: %(url)s", url=url))
    else:
        report.error(line, gettext("missing file: %(url)s", url=url))


def _assets(parsed: ParsedTrack, listing: layout.FolderListing, referenced: set[str]) -> list[ParsedAsset]:
    chosen = sorted(referenced | {p for p in listing.files if layout.in_asset_folder(p)
                                  and not p.lower().endswith(".md")})
    assets = []
    for path in chosen:
        size = (parsed.root / path).stat().st_size
        if len(path) > 500:
            _report(parsed, path).error(1, gettext("path too long to import (at most %(limit)s characters)", limit=500))
            continue
        if size > MAX_ASSET_BYTES:
            _report(parsed, path).error(1, gettext("file too large to import (%(size)s MB; the limit is %(limit)s MB)",
                                                   size=f"{size / 1e6:.1f}", limit=MAX_ASSET_BYTES // (1024 * 1024)))
            continue
        media_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        assets.append(ParsedAsset(path, media_type, hashlib.sha256(parsed.read(path)).hexdigest(), size))
    return assets


def _folder_hash(root: Path, files: list[str]) -> str:
    digest = hashlib.sha256(f"track-parser:{PARSER_VERSION}\n".encode())
    for path in sorted(files):
        content = (root / path).read_bytes()
        digest.update(f"{path}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


# --- helpers -------------------------------------------------------------------------

def _report(parsed: ParsedTrack, path: str) -> Report:
    return Report(parsed.display(path), parsed.problems)


def _read_bytes(parsed: ParsedTrack, path: str, report: Report) -> bytes:
    try:
        return parsed.read(path)
    except OSError as error:
        report.error(1, gettext("cannot read the file: %(reason)s", reason=error.strerror))
        return b""


def _read_text(parsed: ParsedTrack, path: str, report: Report) -> str:
    return _decode(_read_bytes(parsed, path, report), report)


def _decode(raw: bytes, report: Report) -> str:
    try:
        return raw.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        report.error(line, gettext("the file is not UTF-8 text"))
        return raw.decode("utf-8", errors="replace").replace("\r\n", "\n")
