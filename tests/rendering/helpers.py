"""Small helpers for the rendering tests: parse rendered HTML into inspectable elements."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    classes: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.elements.append(Element(tag, values, values.get("class", "").split()))


def elements(html: str, tag: str | None = None) -> list[Element]:
    """All start tags of ``html`` in document order (only ``tag`` ones when given)."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return [el for el in collector.elements if tag is None or el.tag == tag]


def with_class(html: str, name: str) -> list[Element]:
    return [el for el in elements(html) if name in el.classes]
