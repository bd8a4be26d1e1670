"""Words shown to people that do not go through gettext.

Templates: every piece of text outside ``{% trans %}`` blocks and ``{{ _(...) }}`` (text nodes and
the attributes people read or hear: ``alt``, ``title``, ``placeholder``, ``aria-label``,
``data-confirm`` ...) that holds a letter. Python: the words handed to the places people read
them (``flash``, ``ValidationError``, form field labels, descriptions and ``message=``, navigation
labels, ``abort`` descriptions, emails' subjects) when they are a literal or an f-string rather than
a ``gettext`` call.

    python -m tests.i18n.untranslated [PATH ...]     # prints file:line: text, exits 1 when any

``ALLOWED`` lists the words that are the same in every language (format names, the product's
technical names); text made only of those, digits and punctuation passes.
"""
from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment

ROOT = Path(__file__).resolve().parents[2]
LMS = ROOT / "lms"
HOLE = "\uE000"  # stands for a {{ expression }} or {% tag %} in the text
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
ALLOWED = frozenset({
    "CSV", "PDF", "ICS", "JSON", "API", "URL", "HTML", "PNG", "SVG", "OpenAPI", "Markdown", "SHA-256", "HMAC",
    "UTC", "ID", "iCal", "webcal", "Open", "Badges", "JSON-LD", "whsec", "Bearer", "Swagger", "UI", "QR",
    "RQ", "Redis", "PostgreSQL", "SQLite", "ETag", "e.g.", "OK", "CSRF", "SMTP", "HTTP", "HTTPS", "ZIP",
    "kB", "KB", "MB", "GB", "px", "N/A", "x", "×", "h", "min", "s", "am", "pm", "TZ",
})
READ_ATTRIBUTES = frozenset({"alt", "title", "placeholder", "aria-label", "aria-description", "aria-roledescription",
                             "aria-valuetext", "data-confirm", "label", "summary"})
TEXT_INPUT_VALUES = frozenset({"submit", "button", "reset"})


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.text!r}"


def _is_words(text: str) -> bool:
    text = re.sub(r"&[#\w]+;", " ", text.replace(HOLE, " "))
    words = [word.strip(".,:;!?()[]{}\"'·—–-/|•…%+*#<>=@") for word in text.split()]
    return any(LETTER.search(word) and word not in ALLOWED for word in words if word)


# --- templates ----------------------------------------------------------------------------

_ENV = Environment(extensions=["jinja2.ext.i18n", "jinja2.ext.do", "jinja2.ext.loopcontrols"])


def _skeleton(source: str) -> list[tuple[int, str]]:
    """The template's literal text (outside trans blocks), each piece with its line, with a hole
    for every expression and tag."""
    pieces: list[tuple[int, str]] = []
    in_trans = 0
    in_class_block = False
    in_tag = False
    tag_tokens: list[str] = []
    for line, kind, value in _ENV.lex(source):
        if kind == "block_begin":
            in_tag, tag_tokens = True, []
            continue
        if in_tag:
            if kind == "block_end":
                in_tag = False
                name = tag_tokens[0] if tag_tokens else ""
                if name == "trans":
                    in_trans += 1
                elif name == "endtrans":
                    in_trans -= 1
                elif name == "block" and tag_tokens[1:2] in (["main_class"], ["body_class"]):
                    in_trans += 1  # the page's CSS classes, not words
                    in_class_block = True
                elif name == "endblock" and in_class_block:
                    in_trans -= 1
                    in_class_block = False
                elif not in_trans:
                    pieces.append((line, HOLE))
            elif kind == "name":
                tag_tokens.append(value)
            continue
        if in_trans:
            continue
        if kind == "data":
            pieces.append((line, value))
        elif kind in ("variable_begin", "raw_begin"):
            pieces.append((line, HOLE))
    return pieces


class _TextFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[tuple[int, str]] = []
        self.skip = 0
        self.line_of = lambda: 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if value and (name in READ_ATTRIBUTES or (name == "value" and tag == "input"
                                                      and attributes.get("type") in TEXT_INPUT_VALUES)):
                if _is_words(value):
                    self.found.append((self.line_of(), f"{name}={value}"))

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and _is_words(data):
            self.found.append((self.line_of(), data.strip()))


def template_findings(path: Path) -> list[Finding]:
    source = path.read_text(encoding="utf-8")
    pieces = _skeleton(source)
    if path.suffix == ".txt":
        return [Finding(path, line, text.strip()) for line, text in pieces if _is_words(text)]
    text = "".join(piece for _, piece in pieces)
    # The line of each character of the skeleton, for the report.
    lines: list[int] = []
    for line, piece in pieces:
        lines.extend([line + piece[:i].count("\n") for i in range(len(piece))])
    finder = _TextFinder()
    offsets = [0]
    for row in text.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(row))

    def line_of() -> int:
        row, column = finder.getpos()
        index = min(offsets[row - 1] + column, len(lines) - 1) if lines else 0
        return lines[index] if lines else 0

    finder.line_of = line_of
    finder.feed(text)
    finder.close()
    return [Finding(path, line, found) for line, found in finder.found]


# --- Python -------------------------------------------------------------------------------

GETTEXT = frozenset({"gettext", "lazy_gettext", "ngettext", "lazy_ngettext", "pgettext", "lazy_pgettext", "_",
                     "_l"})
SHOWN_BY_CALL = frozenset({"flash", "ValidationError", "add_nav_item", "StopValidation"})
SHOWN_KEYWORDS = frozenset({"label", "message", "description", "subject", "placeholder"})


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _is_literal_words(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _is_words(node.value)
    if isinstance(node, ast.JoinedStr):
        return _is_words("".join(part.value for part in node.values
                                 if isinstance(part, ast.Constant) and isinstance(part.value, str)))
    if isinstance(node, ast.BinOp):
        return _is_literal_words(node.left) or _is_literal_words(node.right)
    return False


def python_findings(path: Path) -> list[Finding]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[Finding] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name in GETTEXT:
            continue
        candidates: list[ast.AST] = []
        if name in SHOWN_BY_CALL:
            candidates.extend(node.args[:2] if name == "add_nav_item" else node.args[:1])
        if name.endswith("Field") and node.args:
            candidates.append(node.args[0])
        if name == "abort":
            candidates.extend(node.args[1:2])
        candidates.extend(keyword.value for keyword in node.keywords if keyword.arg in SHOWN_KEYWORDS)
        for candidate in candidates:
            if _is_literal_words(candidate):
                text = ast.get_source_segment(path.read_text(encoding="utf-8"), candidate) or ""
                found.append(Finding(path, candidate.lineno, text[:120]))
    return found


# --- everything ---------------------------------------------------------------------------

def template_paths(under: Path = LMS) -> list[Path]:
    return sorted(path for path in under.rglob("*") if path.suffix in (".html", ".txt")
                  and "templates" in path.parts and path.is_file())


# The API's OpenAPI descriptions and problem details are for integrators' programs: English.
MACHINE_FACING = (LMS / "api" / "resources",)


def python_paths(under: Path = LMS) -> list[Path]:
    return sorted(path for path in under.rglob("*.py") if "translations" not in path.parts
                  and not any(path.is_relative_to(folder) for folder in MACHINE_FACING))


def findings(under: Path = LMS) -> list[Finding]:
    if under.is_file():
        return python_findings(under) if under.suffix == ".py" else template_findings(under)
    result: list[Finding] = []
    for path in template_paths(under):
        result.extend(template_findings(path))
    for path in python_paths(under):
        result.extend(python_findings(path))
    return result


def main(arguments: list[str]) -> int:
    paths = [Path(argument).resolve() for argument in arguments] or [LMS]
    everything = [finding for path in paths for finding in findings(path)]
    for finding in everything:
        print(finding)
    print(f"{len(everything)} untranslated", file=sys.stderr)
    return 1 if everything else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
