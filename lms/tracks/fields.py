"""Typed reading of front-matter values: each reader reports a problem at the key's line
and returns a safe default, so one bad value never hides the others."""
from __future__ import annotations

from typing import Any

from lms.tracks.frontmatter import Document
from lms.tracks.problems import Report

_MISSING = object()


class Fields:
    """Read keys of ``document.data`` (or of a nested mapping at ``path``)."""

    def __init__(self, document: Document, report: Report, data: dict | None = None, path: tuple = ()) -> None:
        self.document = document
        self.report = report
        self.data = document.data if data is None else data
        self.path = path

    def line(self, *keys) -> int:
        return self.document.line(*self.path, *keys)

    def label(self, key: str) -> str:
        """The key as the author reads it: ``rubric[0].levels``."""
        parts = [*self.path, key]
        text = str(parts[0])
        for part in parts[1:]:
            text += f"[{part}]" if isinstance(part, int) else f".{part}"
        return text

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def raw(self, key: str, default: Any = None) -> Any:
        value = self.data.get(key, _MISSING)
        return default if value is _MISSING or value is None else value

    def error(self, key: str, message: str) -> None:
        self.report.error(self.line(key), message)

    def warning(self, key: str, message: str) -> None:
        self.report.warning(self.line(key), message)

    def text(self, key: str, default: str = "") -> str:
        value = self.raw(key)
        if value is None:
            return default
        if isinstance(value, (dict, list)):
            self.error(key, f"{self.label(key)} must be text")
            return default
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value).strip()

    def integer(self, key: str, *, minimum: int | None = 0, maximum: int | None = None,
                default: int | None = None, what: str = "a whole number") -> int | None:
        value = self.raw(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                self.error(key, f"{self.label(key)} must be {what}, not {_show(value)}")
                return default
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.error(key, f"{self.label(key)} must be {_range(minimum, maximum)}, not {value}")
            return default
        return value

    def number(self, key: str, *, minimum: float = 0) -> float | None:
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(key, f"{self.label(key)} must be a number, not {_show(value)}")
            return None
        if value < minimum:
            self.error(key, f"{self.label(key)} must be {minimum:g} or more, not {value:g}")
            return None
        return float(value)

    def text_list(self, key: str, *, split_commas: bool = False) -> list[str]:
        """A list of short texts; a single text is accepted as a list of one."""
        value = self.raw(key)
        if value is None:
            return []
        if isinstance(value, str):
            items = value.split(",") if split_commas else [value]
            return [item.strip() for item in items if item.strip()]
        if not isinstance(value, list):
            self.error(key, f"{self.label(key)} must be a list of texts")
            return []
        items = []
        for index, item in enumerate(value):
            if isinstance(item, (dict, list)):
                self.report.error(self.line(key, index), f"{self.label(key)}[{index}] must be text "
                                                         "(put it in quotes when it contains ': ')")
            elif item is not None and str(item).strip():
                items.append(str(item).strip())
        return items

    def choice(self, key: str, choices: tuple[str, ...], default: str | None = None) -> str | None:
        value = self.raw(key)
        if value is None:
            return default
        text = str(value).strip().lower()
        if text not in choices:
            self.error(key, f"{self.label(key)} must be one of {', '.join(choices)}, not {_show(value)}")
            return default
        return text

    def mapping(self, key: str) -> Fields | None:
        value = self.raw(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.error(key, f"{self.label(key)} must be a set of key: value lines")
            return None
        return Fields(self.document, self.report, value, (*self.path, key))

    def items(self, key: str) -> list[Fields | Any]:
        """A list; mapping items come back as :class:`Fields` bound to their position."""
        value = self.raw(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(key, f"{self.label(key)} must be a list")
            return []
        return [Fields(self.document, self.report, item, (*self.path, key, index)) if isinstance(item, dict) else item
                for index, item in enumerate(value)]

    def warn_unknown(self, known: set[str], *, ignorable: frozenset[str] = frozenset()) -> None:
        for key in self.data:
            if str(key) not in known and str(key) not in ignorable:
                self.warning(str(key), f"unknown key '{self.label(str(key))}' (ignored)")


def _range(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return f"between {minimum} and {maximum}"
    if minimum is not None:
        return f"{minimum} or more"
    return f"{maximum} or less"


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (dict, list)):
        return "a " + ("list" if isinstance(value, list) else "set of keys")
    return repr(value) if not isinstance(value, bool) else str(value).lower()
