"""The HTML allow-list every rendered fragment passes through (nh3 / ammonia).

Everything not listed here is removed: tags (script, style, iframe, object, embed,
svg, math, form, ... are removed with their content), attributes (all ``on*``
handlers, ``style``, ``target``, ``srcset``, ...), URLs whose scheme is not http,
https or mailto (relative URLs are kept), classes not produced by our own Markdown
extensions, and ids except on headings (lessons only) and footnotes.

Images stay images only when the product serves them (``keeps_image``): a browser
fetches every image of a page it shows, so an image on another server would tell that
server who read the page, when, from which address and with which browser. Any other
image becomes a link to it (its alt text inside an existing link).
"""
from __future__ import annotations

import html as _html
import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field

import nh3
from flask_babel import gettext
from pygments.token import STANDARD_TYPES

from .fenced_divs import BOX_KINDS

__all__ = ["ALLOWED_CLASSES", "ALLOWED_TAGS", "URL_SCHEMES", "UrlResolver", "keeps_image", "sanitise"]

UrlResolver = Callable[[str], str | None]

URL_SCHEMES = frozenset({"http", "https", "mailto"})

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "input", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul", "var", "wbr",
})

# Removed together with everything inside them.
_CLEAN_CONTENT_TAGS = frozenset({
    "script", "style", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
    "svg", "math", "noscript", "noembed", "noframes", "textarea", "select", "title", "xmp",
})

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class"},
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "li": {"id"},
    "sup": {"id"},
    "input": {"checked"},
    **{tag: {"id"} for tag in _HEADINGS},
}

_ATTRIBUTE_VALUES = {
    "td": {"align": {"left", "center", "right"}},
    "th": {"align": {"left", "center", "right"}, "scope": {"row", "col"}},
    "details": {"open": {"", "open"}},  # ???+ blocks; ::: solution boxes are never open
}

# Every <input> left is a disabled checkbox (task lists); images load lazily; a code block
# that scrolls sideways can be reached and scrolled with the keyboard.
_FORCED_ATTRIBUTES = {
    "input": {"type": "checkbox", "disabled": "disabled"},
    "img": {"loading": "lazy"},
    "pre": {"tabindex": "0"},
    "table": {"tabindex": "0"},   # a wide table scrolls inside itself on a phone
}
# A task-list checkbox says what it shows to screen readers. Every <input> the cleaner leaves
# is such a box, with only its allowed attributes (never an aria-label of the author's).
_TASK_BOX = re.compile(r'<input((?: [a-z]+="[^"<>]*")*)>')


def _name_task_box(match: re.Match) -> str:
    label = _html.escape(gettext("Done") if ' checked="' in match.group(1) else gettext("Not done"), quote=True)
    return f'<input{match.group(1)} aria-label="{label}">'


_PYGMENTS_TOKENS = frozenset(name for name in STANDARD_TYPES.values() if name)
_ADMONITION_TYPES = frozenset({
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important",
    "success", "check", "done", "question", "help", "faq", "warning", "caution", "attention",
    "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite", "seealso",
})
_BOX_CLASSES = frozenset({"box", "box-generic", *(f"box-{kind}" for kind in BOX_KINDS)})

# Allowed class names per tag; ``language-*`` is also allowed on div, pre and code.
ALLOWED_CLASSES: dict[str, frozenset[str]] = {
    "div": frozenset({"highlight", "codehilite", "admonition", "footnote", "toc", "linenodiv",
                      *_BOX_CLASSES, *_ADMONITION_TYPES}),
    "details": frozenset({*_BOX_CLASSES, *_ADMONITION_TYPES}),
    "p": frozenset({"box-title", "admonition-title"}),
    "span": frozenset({*_PYGMENTS_TOKENS, "hll", "filename", "linenos", "normal", "special"}),
    "pre": frozenset({"highlight", "codehilite"}),
    "code": frozenset({"highlight"}),
    "table": frozenset({"highlighttable"}),
    "td": frozenset({"linenos", "code"}),
    "th": frozenset({"filename"}),
    "ul": frozenset({"task-list"}),
    "li": frozenset({"task-list-item"}),
    "a": frozenset({"footnote-ref", "footnote-backref"}),
}
_LANGUAGE_CLASS = re.compile(r"language-[\w+#.-]{1,40}")
_LANGUAGE_TAGS = frozenset({"div", "pre", "code"})

_HEADING_ID = re.compile(r"[\w-]{1,200}")
_FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:.{1,200}", re.DOTALL)
_NUMBER = {
    "colspan": re.compile(r"[1-9]\d{0,2}"),
    "rowspan": re.compile(r"[1-9]\d{0,2}"),
    "start": re.compile(r"-?\d{1,9}"),
    "width": re.compile(r"\d{1,5}"),
    "height": re.compile(r"\d{1,5}"),
}
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


def url_is_safe(url: str) -> bool:
    """True for relative URLs and http/https/mailto ones (after dropping whitespace/controls)."""
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", url))
    return match is None or match.group(1).lower() in URL_SCHEMES


# A lesson asset as the app serves it (``/tracks/<slug>/assets/<path>``, below any prefix).
_ASSET_PATH = re.compile(r"/(?:[^/?#]+/)*tracks/[^/?#]+/assets/[^?#]")
_DOT_SEGMENT = re.compile(r"(?:^|/)(?:\.|%2e){1,2}(?:[/?#]|$)", re.IGNORECASE)


def keeps_image(src: str, *, user: bool) -> bool:
    """True when an image at ``src`` is served by the product, so showing it tells no one else.

    Lessons may use relative paths (resolved to their track's assets); user text only
    lesson assets by their path. URLs with a scheme or a host (``//host``, and ``\\``
    which browsers read as ``/``) never stay images.
    """
    value = _IGNORED_IN_URL.sub("", src)
    if not value or _SCHEME.match(value) or value.startswith("//") or "\\" in value:
        return False
    return not user or (_ASSET_PATH.match(value) is not None and not _DOT_SEGMENT.search(value))


# The cleaner writes canonical HTML: lower-case tags, attribute values in double quotes
# (a quote inside is written &quot;), and every "<" in text as &lt;.
_LINK_OR_IMAGE = re.compile(r'<(/?)(a|img)((?:\s+[^\s"=>/]+(?:="[^"]*")?)*)\s*/?>')
_ATTRIBUTE = re.compile(r'([^\s"=>/]+)(?:="([^"]*)")?')


def _images_to_links(cleaned: str, *, user: bool) -> str:
    """Replace each image the product does not serve by a link to it (see ``keeps_image``)."""
    if "<img" not in cleaned:
        return cleaned
    open_links = 0

    def replace(match: re.Match) -> str:
        nonlocal open_links
        closing, tag, attributes = match.groups()
        if tag == "a":
            open_links = max(0, open_links + (-1 if closing else 1))
            return match.group(0)
        values = {name: _html.unescape(value or "") for name, value in _ATTRIBUTE.findall(attributes)}
        src = values.get("src")
        if src is None or keeps_image(src, user=user):
            return match.group(0)
        label = _html.escape(values.get("alt") or values.get("title") or src)
        if open_links or not url_is_safe(src):  # no link inside a link
            return label
        return f'<a href="{_html.escape(src)}" rel="nofollow noopener noreferrer">{label}</a>'

    return _LINK_OR_IMAGE.sub(replace, cleaned)


def _filter_class(tag: str, value: str) -> str | None:
    allowed = ALLOWED_CLASSES.get(tag, frozenset())
    kept = [
        name for name in value.split()
        if name in allowed or (tag in _LANGUAGE_TAGS and _LANGUAGE_CLASS.fullmatch(name))
    ]
    return " ".join(dict.fromkeys(kept)) or None


@dataclass
class _Call:
    resolve_url: UrlResolver | None
    errors: list[BaseException] = field(default_factory=list)


_current: ContextVar[_Call] = ContextVar("lms_rendering_sanitise_call")


def _make_filter(*, heading_ids: bool) -> Callable[[str, str, str], str | None]:
    def attribute_filter(tag: str, attr: str, value: str) -> str | None:
        if attr in ("href", "src"):
            call = _current.get(None)
            if call is not None and call.resolve_url is not None:
                try:
                    replacement = call.resolve_url(value)
                except BaseException as error:  # re-raised by sanitise()
                    call.errors.append(error)
                    return None
                if replacement is not None:
                    value = replacement
            return value if url_is_safe(value) else None
        if attr == "class":
            return _filter_class(tag, value)
        if attr == "id":
            if tag in _HEADINGS:
                return value if heading_ids and _HEADING_ID.fullmatch(value) else None
            return value if _FOOTNOTE_ID.fullmatch(value) else None
        pattern = _NUMBER.get(attr)
        if pattern is not None:
            return value if pattern.fullmatch(value.strip()) else None
        return value

    return attribute_filter


def _cleaner(*, heading_ids: bool, link_rel: str | None) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(_CLEAN_CONTENT_TAGS),
        attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
        tag_attribute_values={
            tag: {name: set(values) for name, values in allowed.items()}
            for tag, allowed in _ATTRIBUTE_VALUES.items()
        },
        set_tag_attribute_values={tag: dict(d) for tag, d in _FORCED_ATTRIBUTES.items()},
        attribute_filter=_make_filter(heading_ids=heading_ids),
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel=link_rel,
    )


# Lesson links carry no target, so they need no rel; user links are marked untrusted.
_LESSON_CLEANER = _cleaner(heading_ids=True, link_rel=None)
_USER_CLEANER = _cleaner(heading_ids=False, link_rel="nofollow noopener noreferrer")


def sanitise(html: str, *, user: bool, resolve_url: UrlResolver | None = None) -> str:
    """Return ``html`` reduced to the allow-list; ``resolve_url`` rewrites each href/src.

    ``resolve_url`` sees every href/src that survived the scheme check, entity-decoded;
    it returns a replacement or None to keep the URL. Its result is checked again. An
    exception it raises propagates to the caller. Images the product does not serve
    become links (``keeps_image``).
    """
    call = _Call(resolve_url)
    token = _current.set(call)
    try:
        cleaned = (_USER_CLEANER if user else _LESSON_CLEANER).clean(html)
    finally:
        _current.reset(token)
    if call.errors:
        raise call.errors[0]
    cleaned = _TASK_BOX.sub(_name_task_box, cleaned)
    return _images_to_links(cleaned, user=user)
