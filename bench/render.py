"""Time the Markdown renderer (``lms.rendering``) against the size of its input.

    .venv/bin/python bench/render.py [--repeat 5] [--adversarial-repeat 1] [--only SHAPE]

For each kind of input (a typical lesson, user-written text, and the bracket-heavy
text that was quadratic before the link scans were bounded) and each size, prints the
median time of ``--repeat`` renders and the time per KB: a flat time per KB means linear
cost. Then the adversarial shapes (tests/rendering/test_adversarial.py builds the same
ones) at sizes doubling up to ``USER_TEXT_LIMIT``, with the time ratio per doubling:
about 2 is linear, 4 quadratic. Then times the XSS corpus run of
tests/rendering/test_xss.py. No database, no Flask. Prints figures; it is not a test.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lms.rendering import (  # noqa: E402
    USER_TEXT_LIMIT,
    render_lesson,
    render_markdown,
    render_user_markdown,
)

LESSON_PART = """## Part {n}

Some *text* with `code`, a [link](lesson-{n}.md) and a footnote.[^n{n}]

```python
def part_{n}():
    return {n}
```

::: callout
A callout box with **bold** text.
:::

| a | b |
|---|---|
| {n} | {n} |

- [ ] a task
- [x] a done task

[^n{n}]: The note of part {n}.
"""

USER_PART = "I tried *this* and `that`; see [my repo](https://example.org/{n}).\n\n> Quoted {n}\n\n"

KINDS: dict[str, tuple[Callable[[int], str], Callable[[str], object]]] = {
    "lesson": (lambda n: "".join(LESSON_PART.format(n=i) for i in range(n)), render_lesson),
    "user text": (lambda n: "".join(USER_PART.format(n=i) for i in range(n)), render_user_markdown),
    "![[ brackets": (lambda n: "![[" * (40 * n), render_user_markdown),
    "[a]( links": (lambda n: "[a](" * (30 * n), render_user_markdown),
}
SIZES = (1, 10, 50, 100)


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: unit * (size // len(unit))


def _lines(make_line: Callable[[int], str]) -> Callable[[int], str]:
    def make(size: int) -> str:
        parts, length, n = [], 0, 0
        while length + len(make_line(n)) <= size:
            parts.append(make_line(n))
            length += len(parts[-1])
            n += 1
        return "".join(parts)
    return make


def _refs(size: int) -> str:
    n = size // 28
    return "".join(f"[r{i}]: /x/{i}\n" for i in range(n)) + "".join(f"[r{i}] " for i in range(n))


def _footnotes(size: int) -> str:
    n = size // 19
    return "".join(f"[^{i}] " for i in range(n)) + "".join(f"\n[^{i}]: x" for i in range(n))


def _padded_table(size: int) -> str:
    n = size // 7
    return "|" + "a|" * n + "\n|" + "-|" * n + "\n" + "|b\n" * n


# The shapes that were super-linear (the comment says what took how long before the bound).
ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "*a emphasis": _repeat("*a"),
    "**a strong": _repeat("**a"),
    "a*b_ mixed": _repeat("a*b_"),
    "``a` ticks": _repeat("``a`"),          # 20 KB: 15 s (code-span scan)
    "``` fences": _repeat("```\n"),
    "[ brackets": _repeat("["),
    "![[ images": _repeat("![["),           # 12 KB: 14 s (link scan)
    "[a]( links": _repeat("[a]("),
    "[^ notes": _repeat("[^"),              # 40 KB: 9 s (inline stage per paragraph)
    "\\ escapes": _repeat("\\"),
    "> nesting": _repeat("> "),
    "- nesting": _repeat("- "),
    "??? siblings": _repeat("??? note\n    "),   # 25 KB: 3.5 s (box per line)
    "!!! siblings": _repeat("!!! note\n    "),
    "1. lists": _repeat("1. "),
    "refs storm": _refs,
    "footnote storm": _footnotes,
    "table rows": _lines(lambda n: "| a | b |\n|---|---|\n" if n == 0 else f"| {n} | x |\n"),
    "padded table": _padded_table,         # 7 KB: 42 s, 10 MB out (padding)
}


def adversarial_sizes(limit: int) -> list[int]:
    sizes = [limit]
    while sizes[0] > limit // 16:
        sizes.insert(0, sizes[0] // 2)
    return sizes


def time_adversarial(repeat: int, only: str | None) -> None:
    sizes = adversarial_sizes(USER_TEXT_LIMIT)
    print(f"\nAdversarial user text up to USER_TEXT_LIMIT ({USER_TEXT_LIMIT:,} characters); "
          "x2 = time ratio per doubling (2 linear, 4 quadratic)")
    print(f"{'input':>15} " + " ".join(f"{size // 1000:>6} KB" for size in sizes) + "   x2 per doubling")
    for kind, make in ADVERSARIAL.items():
        if only and only not in kind:
            continue
        times = [median_seconds(render_user_markdown, make(size), repeat) for size in sizes]
        ratios = [later / earlier for earlier, later in zip(times[:-1], times[1:], strict=True) if earlier > 0]
        print(f"{kind:>15} " + " ".join(f"{t * 1000:6.0f} ms" for t in times)
              + "   " + " ".join(f"{r:4.1f}" for r in ratios), flush=True)


def median_seconds(render: Callable[[str], object], text: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        render(text)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def time_xss_corpus() -> tuple[int, float] | None:
    from tests.corpus import CORPUS, corpus_lines
    from tests.rendering.test_xss import _embeddings

    if not (CORPUS / "xss").exists():
        return None
    texts = [text for _, payload in corpus_lines("xss") for text in _embeddings(payload)]
    started = time.perf_counter()
    for text in texts:
        render_markdown(text, resolve_url=lambda url: None)
        render_user_markdown(text)
    return len(texts), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--adversarial-repeat", type=int, default=1)
    parser.add_argument("--only", help="time only the adversarial shapes whose name contains this")
    args = parser.parse_args()
    if args.only:
        time_adversarial(args.adversarial_repeat, args.only)
        return
    render_lesson("# Warm-up\n\nLoads Pygments and the Markdown extensions.")
    print(f"{'input':>14} {'size':>9} {'median':>10} {'per KB':>10}")
    for kind, (make, render) in KINDS.items():
        for n in SIZES:
            text = make(n)
            seconds = median_seconds(render, text, args.repeat)
            kib = len(text.encode()) / 1024
            print(f"{kind:>14} {kib:7.1f} KB {seconds * 1000:7.1f} ms {seconds * 1000 / kib:7.2f} ms")
    time_adversarial(args.adversarial_repeat, None)
    corpus = time_xss_corpus()
    if corpus is None:
        print("XSS corpus: not present (../shared/corpus), not timed")
        return
    count, seconds = corpus
    print(f"XSS corpus: {count} documents, each rendered as lesson and as user text, in {seconds:.2f} s")


if __name__ == "__main__":
    main()
