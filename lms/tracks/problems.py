"""Problems found while checking a track folder, printed as ``path:line: message``."""
from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import gettext


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem: ``path`` as shown to the author, ``line`` 1-based in that file."""

    path: str
    line: int
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        # ``path:line:`` stays as is (editors and CI read it); the words after it are translated
        # (the parser writes them in the reader's language; the command line's is English).
        if self.severity is Severity.WARNING:
            return f"{self.path}:{self.line}: " + gettext("warning: %(message)s", message=self.message)
        return f"{self.path}:{self.line}: {self.message}"


class Report:
    """Problems of one file, collected into a shared list."""

    def __init__(self, path: str, into: list[Problem]) -> None:
        self.path = path
        self.problems = into

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, Severity.ERROR))

    def warning(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, Severity.WARNING))


def count(problems: list[Problem]) -> tuple[int, int]:
    """``(errors, warnings)``."""
    errors = sum(1 for p in problems if p.is_error)
    return errors, len(problems) - errors
