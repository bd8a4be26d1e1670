"""Time the Markdown renderer (``lms.rendering``) against the size of its input.

    .venv/bin/python bench/render.py [--repeat 5]

For each kind of input (a typical lesson, user-written text, and the bracket-heavy
text that was quadratic before the link scans were bounded) and each size, prints the
median time of ``--repeat`` renders and the time per KB: a flat time per KB means linear
cost. Then times the XSS corpus run of tests/rendering/test_xss.py. No database, no
Flask. Prints figures; it is not a test.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lms.rendering import render_lesson, render_markdown, render_user_markdown  # noqa: E402

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
    args = parser.parse_args()
    render_lesson("# Warm-up\n\nLoads Pygments and the Markdown extensions.")
    print(f"{'input':>14} {'size':>9} {'median':>10} {'per KB':>10}")
    for kind, (make, render) in KINDS.items():
        for n in SIZES:
            text = make(n)
            seconds = median_seconds(render, text, args.repeat)
            kib = len(text.encode()) / 1024
            print(f"{kind:>14} {kib:7.1f} KB {seconds * 1000:7.1f} ms {seconds * 1000 / kib:7.2f} ms")
    corpus = time_xss_corpus()
    if corpus is None:
        print("XSS corpus: not present (../shared/corpus), not timed")
        return
    count, seconds = corpus
    print(f"XSS corpus: {count} documents, each rendered as lesson and as user text, in {seconds:.2f} s")


if __name__ == "__main__":
    main()
