"""Typed reading of front-matter values: each reader reports a problem at the key's line
and returns a safe default, so one bad value never hides the others."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext

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
            self.error(key, gettext("%(key)s must be text", key=self.label(key)))
            return default
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value).strip()

    def integer(self, key: str, *, minimum: int | None = 0, maximum: int | None = None,
                default: int | None = None, what: str | None = None) -> int | None:
        """``what`` names the expected value in the error, translated (``gettext("a whole number of minutes")``)."""
        value = self.raw(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                self.error(key, gettext("%(key)s must be %(what)s, not %(value)s", key=self.label(key),
                                        what=what or gettext("a whole number"), value=_show(value)))
                return default
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.error(key, _out_of_range(self.label(key), minimum, maximum, value))
            return default
        return value

    def number(self, key: str, *, minimum: float = 0) -> float | None:
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(key, gettext("%(key)s must be a number, not %(value)s", key=self.label(key), value=_show(value)))
            return None
        if value < minimum:
            self.error(key, gettext("%(key)s must be %(minimum)s or more, not %(value)s", key=self.label(key),
                                    minimum=f"{minimum:g}", value=f"{value:g}"))
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
            self.error(key, gettext("%(key)s must be a list of texts", key=self.label(key)))
            return []
        items = []
        for index, item in enumerate(value):
            if isinstance(item, (dict, list)):
                self.report.error(self.line(key, index), gettext(
                    "%(key)s must be text (put it in quotes when it contains ': ')", key=f"{self.label(key)}[{index}]"))
            elif item is not None and str(item).strip():
                items.append(str(item).strip())
        return items

    def choice(self, key: str, choices: tuple[str, ...], default: str | None = None) -> str | None:
        value = self.raw(key)
        if value is None:
            return default
        text = str(value).strip().lower()
        if text not in choices:
            self.error(key, gettext("%(key)s must be one of %(choices)s, not %(value)s", key=self.label(key),
                                    choices=", ".join(choices), value=_show(value)))
            return default
        return text

    def mapping(self, key: str) -> Fields | None:
        value = self.raw(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.error(key, gettext("%(key)s must be a set of key: value lines", key=self.label(key)))
            return None
        return Fields(self.document, self.report, value, (*self.path, key))

    def items(self, key: str) -> list[Fields | Any]:
        """A list; mapping items come back as :class:`Fields` bound to their position."""
        value = self.raw(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(key, gettext("%(key)s must be a list", key=self.label(key)))
            return []
        return [Fields(self.document, self.report, item, (*self.path, key, index)) if isinstance(item, dict) else item
                for index, item in enumerate(value)]

    def warn_unknown(self, known: set[str], *, ignorable: frozenset[str] = frozenset()) -> None:
        for key in self.data:
            if str(key) not in known and str(key) not in ignorable:
                self.warning(str(key), gettext("unknown key '%(key)s' (ignored)", key=self.label(str(key))))


def _out_of_range(key: str, minimum: int | None, maximum: int | None, value: int) -> str:
    if minimum is not None and maximum is not None:
        return gettext("%(key)s must be between %(minimum)s and %(maximum)s, not %(value)s", key=key,
                       minimum=minimum, maximum=maximum, value=value)
    if minimum is not None:
        return gettext("%(key)s must be %(minimum)s or more, not %(value)s", key=key, minimum=minimum, value=value)
    return gettext("%(key)s must be %(maximum)s or less, not %(value)s", key=key, maximum=maximum, value=value)


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (dict, list)):
        return gettext("a list") if isinstance(value, list) else gettext("a set of keys")
    return repr(value) if not isinstance(value, bool) else str(value).lower()
