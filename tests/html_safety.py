"""An independent check that an HTML fragment cannot run script.

    from tests.html_safety import assert_html_safe, html_safety_problems
    assert_html_safe(rendered_html)

It parses with the standard library's html.parser (not the sanitiser's parser) and
reports: script-capable elements (script, iframe, frame(set), object, embed, applet,
base; svg/math are caught through their handlers and scripts), any attribute whose name starts
with "on", URL attributes (href, src, action, formaction, xlink:href, srcset, ...)
using javascript:, data:, vbscript: or livescript: (after entity decoding, with
whitespace and control characters removed, case-insensitive), ``style`` values with
``expression(`` or script URLs, and ``<meta http-equiv=refresh>``.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

FORBIDDEN_TAGS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
})
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "lowsrc", "dynsrc", "cite", "codebase", "longdesc", "ping", "manifest", "icon",
    "srcset", "imagesrcset", "to", "from", "values", "by",
})
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:", "livescript:")
_BAD_STYLE = ("expression(", "javascript:", "vbscript:")
_IGNORED = re.compile(r"[\x00-\x20\x7f-\x9f\s]+")


def _normalise(value: str) -> str:
    return _IGNORED.sub("", value).lower()


def _dangerous_url(value: str) -> bool:
    candidates = [value]
    if "," in value:  # srcset-like lists
        candidates += [part.strip().split(" ")[0] for part in value.split(",")]
    return any(_normalise(candidate).startswith(DANGEROUS_SCHEMES) for candidate in candidates)


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            name = (name or "").lower()
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if (name in URL_ATTRIBUTES or name.endswith(":href")) and _dangerous_url(value):
                self.problems.append(f"{name}={value!r} on <{tag}>")
            if name == "style" and any(bad in _normalise(value) for bad in _BAD_STYLE):
                self.problems.append(f"style={value!r} on <{tag}>")
            if tag == "meta" and name == "http-equiv" and value.strip().lower() == "refresh":
                self.problems.append("<meta http-equiv=refresh>")


def html_safety_problems(html: str) -> list[str]:
    """Everything in ``html`` that could run script, as readable strings (empty if safe)."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    return checker.problems


def assert_html_safe(html: str) -> None:
    problems = html_safety_problems(html)
    assert not problems, "unsafe HTML: " + "; ".join(problems) + f"\n--- html ---\n{html}"
