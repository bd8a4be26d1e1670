"""Where a relative link or image in a track points: a lesson, the overview, an asset, or nowhere.

Pure: works on the set of files found in the folder, never on the file system.
"""
from __future__ import annotations

import enum
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from lms.tracks import urls

_PAGE_ROOT = re.compile(r"^\{\{\s*(page\.root|site\.baseurl|relative_root_path)\s*\}\}/?")


class TargetKind(enum.Enum):
    EXTERNAL = "external"      # absolute URL, mailto:, /path or #fragment: left alone
    LESSON = "lesson"
    OVERVIEW = "overview"      # track.md, a module's index.md (fragment: the module)
    ASSET = "asset"
    FOLDER = "folder"
    NOT_A_LESSON = "not_a_lesson"  # a Markdown file that is not imported
    MISSING = "missing"
    OUTSIDE = "outside"        # climbs out of the track folder


@dataclass(frozen=True, slots=True)
class Target:
    kind: TargetKind
    path: str = ""       # the target, relative to the track folder
    fragment: str = ""


@dataclass
class LinkMap:
    """Everything a link may point at inside one track folder (paths relative, "/"-separated)."""

    files: set[str]
    lessons: dict[str, str] = field(default_factory=dict)   # lesson file -> slug
    modules: dict[str, str] = field(default_factory=dict)   # module index.md (or folder) -> module slug
    overview_files: set[str] = field(default_factory=set)
    # Carpentries lessons live in episodes/ but link as if at the site root (../fig/x.svg).
    lessons_dir: str = ""

    def resolve(self, source: str, url: str) -> Target:
        url = url.strip()
        root_relative = False
        page_root = _PAGE_ROOT.match(url)
        if page_root:
            url, root_relative = url[page_root.end():], True
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or (not parts.path and not root_relative) or url.startswith("/"):
            return Target(TargetKind.EXTERNAL)
        path = unquote(parts.path)
        base = "" if root_relative else posixpath.dirname(source)
        candidates = [posixpath.normpath(posixpath.join(base, path))]
        if self.lessons_dir:
            stripped = path
            while stripped.startswith("../"):
                stripped = stripped[3:]
            candidates += [posixpath.normpath(posixpath.join(self.lessons_dir, stripped)), posixpath.normpath(stripped)]
        for candidate in candidates:
            target = self._target(candidate, parts.fragment)
            if target is not None:
                return target
        first = candidates[0]
        if first == ".." or first.startswith("../"):
            return Target(TargetKind.OUTSIDE, first, parts.fragment)
        return Target(TargetKind.MISSING, first, parts.fragment)

    def _target(self, path: str, fragment: str) -> Target | None:
        if path == ".." or path.startswith("../"):
            return None
        if path in self.lessons:
            return Target(TargetKind.LESSON, path, fragment)
        if path in self.modules:
            return Target(TargetKind.OVERVIEW, path, fragment or f"module-{self.modules[path]}")
        if path in self.overview_files or path == ".":
            return Target(TargetKind.OVERVIEW, path, fragment)
        if path in self.files:
            if path.lower().endswith(".md"):
                return Target(TargetKind.NOT_A_LESSON, path, fragment)
            return Target(TargetKind.ASSET, path, fragment)
        prefix = path.rstrip("/") + "/"
        if any(name.startswith(prefix) for name in self.files):
            return Target(TargetKind.FOLDER, path, fragment)
        return None

    def url_for(self, track_slug: str, target: Target) -> str | None:
        """The site URL of a resolved target, or None to leave the author's URL as written."""
        suffix = f"#{target.fragment}" if target.fragment else ""
        if target.kind is TargetKind.LESSON:
            return urls.lesson_url(track_slug, self.lessons[target.path]) + suffix
        if target.kind is TargetKind.OVERVIEW:
            return urls.overview_url(track_slug) + suffix
        if target.kind is TargetKind.ASSET:
            return urls.asset_url(track_slug, target.path) + suffix
        return None

    def resolver(self, track_slug: str, source: str):
        """A ``resolve_url`` callback for :mod:`lms.rendering`, for the file ``source``."""
        def resolve(url: str) -> str | None:
            return self.url_for(track_slug, self.resolve(source, url))
        return resolve
