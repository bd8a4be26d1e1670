"""YAML front matter with the file line of every key, so problems point at the right line."""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from flask_babel import gettext
from yaml.events import AliasEvent, CollectionStartEvent, NodeEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from lms.tracks.problems import Report

_DELIMITERS = ("---",)
_CLOSERS = ("---", "...")
# Deepest nesting of lists and mappings; front matter needs a handful of levels.
MAX_DEPTH = 20


class RefusedYaml(yaml.MarkedYAMLError):
    """Valid YAML that front matter does not accept (anchors, aliases, deep nesting)."""


class _FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases, and nesting deeper than MAX_DEPTH.

    An alias makes a node shared; a few lines of aliases of aliases ("billion laughs")
    stand for an exponential document that everything after the loader walks in full.
    Front matter has no use for them, so they are refused while composing, before any
    expansion. The depth limit keeps the recursive composer far from RecursionError.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: object) -> Node:
        event = self.peek_event()
        if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor is not None):
            raise RefusedYaml(problem=gettext("YAML anchors (&) and aliases (*) are not allowed in front matter"),
                              problem_mark=event.start_mark)
        if isinstance(event, CollectionStartEvent):
            if self._depth >= MAX_DEPTH:
                raise RefusedYaml(problem=gettext("YAML nested deeper than %(levels)s levels", levels=MAX_DEPTH),
                                  problem_mark=event.start_mark)
            self._depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1
        return super().compose_node(parent, index)


@dataclass
class Document:
    """A Markdown file split into its front matter and body.

    ``lines`` maps a key path such as ``("rubric", 0, "levels")`` to its 1-based line in
    the file; :meth:`line` falls back to the nearest enclosing key, then to ``start_line``.
    """

    data: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    start_line: int = 1
    lines: dict[tuple, int] = field(default_factory=dict)
    has_front_matter: bool = False

    def line(self, *path) -> int:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.start_line


def parse_document(text: str, report: Report) -> Document:
    """Split ``text``; YAML problems go to ``report`` with their file line."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() not in _DELIMITERS:
        return Document(body=text)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in _CLOSERS), None)
    if end is None:
        report.error(1, gettext("front matter is not closed (no second --- line)"))
        return Document(body=text)
    document = Document(body="\n".join(lines[end + 1:]), body_line=end + 2, start_line=2,
                        has_front_matter=True)
    _load("\n".join(lines[1:end]), document, report, offset=2)
    return document


def parse_yaml_file(text: str, report: Report) -> Document:
    """A whole YAML file (such as a Carpentries config.yaml) as a document without body."""
    document = Document(start_line=1, has_front_matter=True)
    _load(text.lstrip("\ufeff"), document, report, offset=1)
    return document


def _load(yaml_text: str, document: Document, report: Report, *, offset: int) -> None:
    loader = _FrontMatterLoader(yaml_text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except RefusedYaml as error:
        report.error(error.problem_mark.line + offset, error.problem)
        return
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = (mark.line + offset) if mark is not None else offset
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        # The YAML library's own words (English) after ours.
        report.error(line, gettext("YAML syntax error: %(problem)s", problem=problem))
        return
    finally:
        loader.dispose()
    if data is None:
        return
    if not isinstance(data, dict):
        report.error(offset, gettext("front matter must be a set of key: value lines"))
        return
    document.data = data
    _record_lines(node, (), document.lines, offset=offset, seen=set())


def _record_lines(node: Node, path: tuple, lines: dict[tuple, int], *, offset: int, seen: set[int]) -> None:
    if id(node) in seen:  # each node once (the loader refuses aliases; this stays as a guard)
        return
    seen.add(id(node))
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node.start_mark)
            lines[path + (key,)] = key_node.start_mark.line + offset
            _record_lines(value_node, path + (key,), lines, offset=offset, seen=seen)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + offset
            _record_lines(item, path + (index,), lines, offset=offset, seen=seen)
