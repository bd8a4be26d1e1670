"""Locate the shared test corpus (``../shared/corpus`` next to the repository).

    from tests.corpus import corpus_path
    xss_dir = corpus_path("xss")          # skips the test when the corpus is absent
"""
from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def corpus_path(*parts: str) -> Path:
    """Return ``../shared/corpus/<parts...>``, or skip the calling test when it does not exist."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/corpus not present: {path}")
    return path


def corpus_lines(*parts: str, pattern: str = "*.txt") -> list[tuple[str, str]]:
    """``(file name, line)`` for every non-empty line of the matching files (a dir or one file)."""
    path = corpus_path(*parts)
    files = sorted(path.glob(pattern)) if path.is_dir() else [path]
    lines: list[tuple[str, str]] = []
    for file in files:
        for line in file.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip():
                lines.append((file.name, line))
    return lines
