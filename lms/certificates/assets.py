"""The only files a certificate may load while it is rendered.

WeasyPrint fetches every URL a document mentions (stylesheets, fonts, images). A
certificate shows text people typed (names, titles), so the fetcher refuses everything
except ``lms-asset:<path>`` URLs naming a file inside this package's ``static/`` folder,
``lms-asset:logo``, whose bytes the caller supplies, and ``lms-asset:system-fonts/<key>``
for the few installed Noto fonts listed in ``lms.certificates.fonts``. ``file:``,
``http(s):``, ``data:``, absolute paths and ``../`` escapes all raise ``AssetRefused``.
"""
from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from lms.certificates.fonts import system_font_path

SCHEME = "lms-asset:"
STATIC_ROOT = (Path(__file__).parent / "static").resolve()
ALLOWED_SUFFIXES = {".ttf", ".css", ".svg", ".png"}
_MEDIA_TYPES = {".ttf": "font/ttf", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png",
                ".ttc": "font/collection"}
SYSTEM_FONTS = "system-fonts/"


class AssetRefused(ValueError):
    """The renderer asked for something outside the allow-list."""


@dataclass(frozen=True)
class Asset:
    content: bytes
    media_type: str


def asset_url(relative_path: str) -> str:
    """The URL a certificate template uses for a packaged file, e.g. ``fonts/DejaVuSans.ttf``."""
    return SCHEME + relative_path


def resolve_asset(url: str, extras: dict[str, Asset] | None = None) -> Asset:
    """Return the asset an allowed URL names; raise ``AssetRefused`` for any other URL."""
    if not url.startswith(SCHEME):
        raise AssetRefused(f"refused to fetch {url[:80]!r}: only packaged certificate assets are allowed")
    name = unquote(url[len(SCHEME):])
    if extras and name in extras:
        return extras[name]
    if name.startswith(SYSTEM_FONTS):
        path = system_font_path(name[len(SYSTEM_FONTS):])
        if path is None:
            raise AssetRefused(f"no installed system font {name[:80]!r}")
        return Asset(path.read_bytes(), _MEDIA_TYPES[path.suffix])
    parts = PurePosixPath(name).parts
    if not name or name.startswith("/") or "\\" in name or ".." in parts or "\x00" in name:
        raise AssetRefused(f"refused asset path {name[:80]!r}")
    path = (STATIC_ROOT / name).resolve()
    if not path.is_relative_to(STATIC_ROOT) or not path.is_file() or path.suffix not in ALLOWED_SUFFIXES:
        raise AssetRefused(f"no packaged asset {name[:80]!r}")
    return Asset(path.read_bytes(), _MEDIA_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0])


def load_logo(configured: str | None, allowed_roots: list[Path]) -> Asset:
    """The organisation's logo: the packaged one, or a configured file inside an allowed folder.

    A configured path outside ``allowed_roots`` (the instance folder and this package)
    is refused, so configuration cannot turn the renderer into a file reader.
    """
    if not configured:
        return resolve_asset(asset_url("img/logo.svg"))
    path = Path(configured)
    if not path.is_absolute():
        path = allowed_roots[0] / path
    path = path.resolve()
    if not any(path.is_relative_to(root.resolve()) for root in allowed_roots):
        raise AssetRefused(f"CERTIFICATE_LOGO_PATH {configured!r} is outside the instance folder and the package")
    if path.suffix.lower() not in {".svg", ".png"} or not path.is_file():
        raise AssetRefused(f"CERTIFICATE_LOGO_PATH {configured!r} must be an existing .svg or .png file")
    return Asset(path.read_bytes(), _MEDIA_TYPES[path.suffix.lower()])
