"""Instances are reused safely: per thread, reset between documents."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lms.rendering import engine, render_lesson, render_markdown, render_user_markdown

DOCUMENT = "# T{n}\n\nText[^a]\n\n[^a]: note {n}\n\n::: solution\n```python\nx = {n}\n```\n:::\n"


def test_state_does_not_leak_between_documents():
    first = render_lesson("# One\n\nA[^x]\n\n[^x]: first\n\n[r]: https://example.org\n")
    second = render_lesson("# One\n\n[link][r] and [^x]\n")
    assert second.toc[0].id == "one"  # no "_1": ids start afresh
    assert "first" not in second.html and "example.org" not in second.html
    assert "first" in first.html


def test_concurrent_renders_match_sequential_ones():
    expected = {n: render_lesson(DOCUMENT.format(n=n)) for n in range(40)}
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda n: (n, render_lesson(DOCUMENT.format(n=n))), range(40)))
    assert all(result == expected[n] for n, result in results)


def test_lesson_and_user_flavours_do_not_share_instances():
    assert "&lt;b&gt;" in render_user_markdown("<b>x</b>")
    assert "<b>x</b>" in render_markdown("<b>x</b>")
    assert "&lt;b&gt;" in render_user_markdown("<b>x</b>")


def test_content_css_styles_the_rendered_classes():
    repo = Path(__file__).resolve().parents[2]
    css = (repo / "lms" / "static" / "css" / "content.css").read_text()
    for selector in (".box-callout", ".box-challenge", ".box-solution", ".box-objectives",
                     ".box-keypoints", ".box-title", ".highlight .k", ".admonition", ".footnote",
                     ".task-list", ".toc", "var(--radius, 6px)"):
        assert selector in css
    assert "@import" not in css and "url(" not in css


def test_links_with_nested_brackets_still_render():
    html = render_markdown("[a [b [c] d] e](x.md) [[x]](y) ![i [j]](k.png) [r][] [r]\n\n[r]: /ref")
    assert '<a href="x.md">a [b [c] d] e</a>' in html and '<a href="y">[x]</a>' in html
    assert 'alt="i [j]"' in html and html.count('href="/ref"') == 2


def test_bracket_heavy_input_is_kept_as_plain_text():
    assert render_user_markdown("![[" * 3000) == "<p>" + "![[" * 3000 + "</p>"
    assert render_user_markdown("[a](" * 2000) == "<p>" + "[a](" * 2000 + "</p>"


class _CountingPattern:
    """Wraps the bracket regex and records how many characters each search may scan."""

    def __init__(self, pattern):
        self.pattern = pattern
        self.windows: list[int] = []

    def finditer(self, data, start, end):
        self.windows.append(end - start)
        return self.pattern.finditer(data, start, end)


def test_link_text_search_scans_a_bounded_window_so_work_grows_linearly(monkeypatch):
    # Unbounded, Python-Markdown scanned from every "[" to the end of the paragraph:
    # quadratic work, seconds for 9 KB. Timings are printed by bench/render.py.
    counting = _CountingPattern(engine._BRACKET)
    monkeypatch.setattr(engine, "_BRACKET", counting)

    def scanned(text: str) -> int:
        counting.windows.clear()
        render_user_markdown(text)
        return sum(counting.windows)

    single, double = scanned("![[" * 3000), scanned("![[" * 6000)
    assert counting.windows, "the bounded search is the one in use"
    assert max(counting.windows) <= engine.LINK_TEXT_LIMIT
    assert double <= 2.1 * single, "twice the input, twice the scanning (quadratic would be 4 times)"
