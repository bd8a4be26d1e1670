"""Finding tracks and their files on disk: folder walking, ordering by number, slugs."""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

# Files under a folder of one of these names are stored as assets even when no lesson links them.
ASSET_FOLDERS = frozenset({"fig", "figs", "figures", "files", "images", "img", "assets", "data"})
_SKIPPED_DIRS = frozenset({"__pycache__", "node_modules", "__MACOSX"})
_NUMBERED = re.compile(r"^(?P<number>\d+)[-_. ]*(?P<name>.*)$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class FolderListing:
    """Every regular file of a track folder (relative, "/"-separated) and the links skipped."""

    files: list[str] = field(default_factory=list)
    symlinks: list[str] = field(default_factory=list)


def list_files(root: Path) -> FolderListing:
    listing = FolderListing()
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        kept = []
        for name in sorted(dirnames):
            if name.startswith(".") or name in _SKIPPED_DIRS:
                continue
            if (here / name).is_symlink():
                listing.symlinks.append(_relative(root, here / name))
            else:
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if name.startswith(".") or name in {"Thumbs.db", "desktop.ini"}:
                continue
            path = here / name
            if path.is_symlink():
                listing.symlinks.append(_relative(root, path))
            elif path.is_file():
                listing.files.append(_relative(root, path))
    listing.files.sort()
    return listing


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def is_carpentries(folder: Path) -> bool:
    return (folder / "config.yaml").is_file() and (folder / "episodes").is_dir()


def is_track_folder(folder: Path) -> bool:
    """A track: track.md, a Carpentries lesson, or a plain folder of Markdown lessons."""
    if (folder / "track.md").is_file() or is_carpentries(folder):
        return True
    return any(p.suffix.lower() == ".md" and p.name.lower() != "readme.md" and not p.name.startswith(".")
               for p in folder.iterdir() if p.is_file())


def find_tracks(path: Path) -> list[Path]:
    """``path`` itself when it is a track folder, else its sub-folders that are."""
    if not path.is_dir():
        return []
    if is_track_folder(path):
        return [path]
    return [sub for sub in sorted(path.iterdir(), key=lambda p: p.name)
            if sub.is_dir() and not sub.name.startswith(".") and not sub.is_symlink() and is_track_folder(sub)]


def order_key(name: str) -> tuple:
    """Numbered names first, by number, then the rest by name."""
    match = _NUMBERED.match(name)
    if match and match.group("name"):
        return (0, int(match.group("number")), name)
    return (1, 0, name.lower())


def is_numbered(name: str) -> bool:
    match = _NUMBERED.match(name)
    return bool(match and match.group("name"))


def slug_from_name(name: str) -> str:
    """``03-CSS Layout.md`` -> ``css-layout``."""
    stem = name[:-3] if name.lower().endswith(".md") else name
    match = _NUMBERED.match(stem)
    if match and match.group("name"):
        stem = match.group("name")
    return slugify(stem)


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:120]


def title_from_name(name: str) -> str:
    """``03-css-layout`` -> ``Css layout``: the last-resort title."""
    words = slug_from_name(name).replace("-", " ")
    return words[:1].upper() + words[1:] if words else name


def in_asset_folder(path: str) -> bool:
    return any(part.lower() in ASSET_FOLDERS for part in path.split("/")[:-1])
