"""Instances are reused safely: per thread, reset between documents."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor
from markdown.treeprocessors import InlineProcessor

from lms.rendering import bounds, engine, render_lesson, render_markdown, render_user_markdown

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
    counting = _CountingPattern(bounds._BRACKET)
    monkeypatch.setattr(bounds, "_BRACKET", counting)

    def scanned(text: str) -> int:
        counting.windows.clear()
        render_user_markdown(text)
        return sum(counting.windows)

    single, double = scanned("![[" * 3000), scanned("![[" * 6000)
    assert counting.windows, "the bounded search is the one in use"
    assert max(counting.windows) <= bounds.LINK_TEXT_LIMIT
    assert double <= 2.1 * single, "twice the input, twice the scanning (quadratic would be 4 times)"


def test_inline_patterns_see_bounded_pieces_of_a_long_paragraph(monkeypatch):
    # Python-Markdown's inline stage is quadratic in the length of one paragraph (every
    # match rebuilds it; "[^" without "]" scans to its end): 40 KB of "[^" took 9 s.
    seen: list[int] = []
    handle = InlineProcessor._InlineProcessor__handleInline

    def recording(self, data, pattern_index=0):
        seen.append(len(data))
        return handle(self, data, pattern_index)

    monkeypatch.setattr(InlineProcessor, "_InlineProcessor__handleInline", recording)
    for text in ("[^" * 20_000, "``a`" * 10_000, "*a " * 15_000, ("word " * 1000 + "\n") * 10):
        seen.clear()
        render_user_markdown(text)
        assert sum(seen) >= len(text.strip()) and max(seen) <= bounds.INLINE_CHUNK


def test_a_long_paragraph_keeps_its_markup_and_gets_no_extra_elements():
    text = ("Some *emphasis*, `code` and a [link](https://example.org). " * 100 + "\n") * 5
    html = render_user_markdown(text)
    assert html.count("<em>") == html.count("<code>") == html.count("<a ") == 500
    assert html.startswith("<p>Some <em>") and html.count("<p>") == 1 and "lms-chunk" not in html


def test_code_span_search_gives_python_markdowns_result_within_its_window():
    original = BacktickInlineProcessor(BACKTICK_RE).find_code_spans
    for text in ["``a`", "`a``b`", "```a``b`c", "``a```", "`` a ``", "`a", "a``b", "``a`b``c`"]:
        for start in (index for index, char in enumerate(text) if char == "`"):
            assert bounds._bounded_code_spans(start, text) == original(start, text), (text, start)
    long_span = "`" + "x" * (bounds.CODE_SPAN_LIMIT + 10) + "`"
    assert "<code>" not in render_user_markdown(long_span)


def test_nesting_is_parsed_to_a_bounded_depth_and_the_rest_stays_text():
    # Every level re-scans what it contains: 2,000 nested boxes cost 2,000 times the text.
    for text, tag in (("> " * 5000 + "deep", "<blockquote>"), ("- " * 3000 + "deep", "<ul>"),
                      ("".join("    " * n + "!!! note\n" for n in range(60)) + "    " * 60 + "deep", "<div")):
        html = render_user_markdown(text)
        assert "deep" in html and html.count(tag) <= bounds.BLOCK_DEPTH_LIMIT + 1


def test_box_processors_only_see_blocks_of_bounded_length(monkeypatch):
    # "??? note" lines in one block: each box peels one line and searches the rest again.
    seen: list[int] = []
    with engine.markdown_instance("user") as md:
        processors = [md.parser.blockprocessors[name] for name in ("admonition", "details")]
    for processor in processors:
        run = processor.run
        monkeypatch.setattr(processor, "run", lambda parent, blocks, run=run: (seen.append(len(blocks[0])),
                                                                                run(parent, blocks))[1])
    for text in ("??? note\n    " * 3000, "!!! note\n    " * 3000, "??? note\n" * 3000, "??? note\n    " * 300):
        with engine.markdown_instance("user") as md:
            md.convert(text)
    assert seen and max(seen) <= bounds.BOX_BLOCK_LIMIT
    assert "<details" in render_user_markdown("??? note \"Title\"\n    Body *text*\n\n    More.")


def test_tables_are_not_padded_beyond_their_text():
    # Every row is padded to the header's width: 7 KB became 10 MB of HTML.
    padded = "|" + "a|" * 1000 + "\n|" + "-|" * 1000 + "\n" + "|b\n" * 1000
    html = render_user_markdown(padded)
    assert "<table" not in html and len(html) < 2 * len(padded)
    wide = "|" + "a|" * (bounds.TABLE_COLUMN_LIMIT + 1) + "\n|" + "-|" * (bounds.TABLE_COLUMN_LIMIT + 1) + "\n"
    assert "<table" not in render_user_markdown(wide)
    ragged = "| a | b | c |\n|---|---|---|\n| 1 |\n| 2 | 3 |\n"
    assert render_user_markdown(ragged).count("<td") == 6
