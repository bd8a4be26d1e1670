"""Markdown features of lesson content: code, tables, admonitions, task lists, footnotes, toc."""
from __future__ import annotations

from lms.rendering import (
    RenderedLesson,
    TocEntry,
    render_lesson,
    render_markdown,
    render_user_markdown,
)

from .helpers import elements, with_class


def test_fenced_code_is_highlighted_with_css_classes_not_inline_styles():
    html = render_markdown("```python\nimport os\nx = 'a' < 1\n```\n")
    assert 'class="language-python highlight"' in html
    assert '<span class="kn">import</span>' in html
    assert "&lt;" in html and "style=" not in html


def test_fenced_code_without_language_is_a_plain_escaped_block():
    html = render_markdown("```\n<b>not bold</b>\n```\n")
    assert '<pre tabindex="0">' in html and "&lt;b&gt;not bold&lt;/b&gt;" in html
    assert "<b>" not in html


def test_fenced_code_with_unknown_language_still_renders():
    html = render_markdown("~~~nosuchlanguage\nplain & simple\n~~~\n")
    assert "plain &amp; simple" in html


def test_inline_code_escapes_html():
    assert "<code>&lt;script&gt;</code>" in render_markdown("Use `<script>` tags")


def test_table_renders_with_align_attributes_not_styles():
    html = render_markdown("| left | right |\n|:-----|------:|\n| a | b |\n")
    assert '<table tabindex="0">' in html and "<th align=\"left\">left</th>" in html
    assert '<td align="right">b</td>' in html
    assert "style=" not in html


def test_admonition_renders_with_type_and_title():
    html = render_markdown('!!! warning "Mind the gap"\n    Body *text*.\n')
    assert '<div class="admonition warning">' in html
    assert '<p class="admonition-title">Mind the gap</p>' in html
    assert "<em>text</em>" in html


def test_collapsible_admonition_renders_as_closed_details():
    html = render_markdown('??? note "Click me"\n    Hidden.\n')
    assert '<details class="note">' in html and "<summary>Click me</summary>" in html


def test_task_list_renders_disabled_checkboxes():
    html = render_markdown("- [ ] todo\n- [x] done\n")
    assert with_class(html, "task-list")
    boxes = elements(html, "input")
    assert [box.attrs.get("type") for box in boxes] == ["checkbox", "checkbox"]
    assert all("disabled" in box.attrs for box in boxes)
    assert ["checked" in box.attrs for box in boxes] == [False, True]


def test_task_list_checkboxes_tell_screen_readers_whether_the_task_is_done():
    boxes = elements(render_markdown("- [ ] todo\n- [x] done\n"), "input")
    assert [box.attrs.get("aria-label") for box in boxes] == ["Not done", "Done"]


def test_an_authors_own_label_on_a_checkbox_is_not_kept():
    boxes = elements(render_markdown('<input type="checkbox" aria-label="Click to win">\n'), "input")
    assert [box.attrs.get("aria-label") for box in boxes] in ([], ["Not done"])


def test_code_blocks_can_be_reached_with_the_keyboard_to_scroll_them():
    html = render_markdown("```python\n" + "x = 1  # " + "long " * 60 + "\n```\n")
    assert [pre.attrs.get("tabindex") for pre in elements(html, "pre")] == ["0"]


def test_footnotes_link_both_ways():
    html = render_markdown("A claim.[^1]\n\n[^1]: The source.\n")
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>' in html
    assert '<li id="fn:1">' in html and 'class="footnote-backref" href="#fnref:1"' in html
    assert with_class(html, "footnote")


def test_sane_lists_keep_ordered_and_unordered_lists_apart():
    html = render_markdown("1. one\n2. two\n\n* bullet\n")
    assert html.count("<ol>") == 1 and html.count("<ul>") == 1


def test_ordered_list_keeps_its_start_number():
    assert '<ol start="3">' in render_markdown("3. three\n4. four\n")


def test_toc_marker_renders_a_table_of_contents():
    html = render_markdown("[TOC]\n\n# One\n\n## Two\n")
    assert '<div class="toc">' in html and '<a href="#two">Two</a>' in html


def test_render_lesson_returns_toc_entries_matching_heading_ids():
    lesson = render_lesson(
        "# Getting started\n\nText\n\n## Install it\n\n### On Linux\n\n## Install it\n"
    )
    assert isinstance(lesson, RenderedLesson)
    assert lesson.toc == [
        TocEntry(1, "getting-started", "Getting started"),
        TocEntry(2, "install-it", "Install it"),
        TocEntry(3, "on-linux", "On Linux"),
        TocEntry(2, "install-it_1", "Install it"),
    ]
    heading_ids = [el.attrs["id"] for el in elements(lesson.html) if "id" in el.attrs]
    assert heading_ids == [entry.id for entry in lesson.toc]


def test_heading_ids_are_stable_across_renders():
    text = "# A\n\n## B & C\n\n## B & C\n"
    assert render_lesson(text) == render_lesson(text)


def test_toc_titles_are_plain_text():
    lesson = render_lesson("## Using `git` & <em>friends</em> **now**\n")
    assert lesson.toc[0].title == "Using git & friends now"


def test_non_latin_headings_get_ids_that_survive_sanitising():
    lesson = render_lesson("## Привет мир\n\n## 你好\n\n## !!!\n")
    assert [entry.id for entry in lesson.toc] == ["привет-мир", "你好", "section"]
    for entry in lesson.toc:
        assert f'id="{entry.id}"' in lesson.html


def test_setext_headings_are_in_the_toc():
    assert render_lesson("Title\n=====\n\nSub\n---\n").toc == [
        TocEntry(1, "title", "Title"), TocEntry(2, "sub", "Sub"),
    ]


def test_render_markdown_is_render_lesson_html():
    text = "# Hi\n\n::: callout\nx\n:::\n"
    assert render_markdown(text) == render_lesson(text).html


def test_empty_text_renders_empty():
    assert render_markdown("") == ""
    assert render_lesson("") == RenderedLesson("", [])


def test_allowed_raw_html_is_kept_in_lessons():
    html = render_markdown(
        "Press <kbd>Ctrl</kbd> and <mark>look</mark>.\n\n"
        "<details><summary>More</summary>Extra</details>\n"
    )
    assert "<kbd>Ctrl</kbd>" in html and "<mark>look</mark>" in html
    assert "<details><summary>More</summary>Extra</details>" in html


def test_images_render_with_alt_and_lazy_loading():
    html = render_markdown('![A diagram](fig/diagram.svg "Title")')
    (img,) = elements(html, "img")
    assert img.attrs == {
        "alt": "A diagram", "src": "fig/diagram.svg", "title": "Title", "loading": "lazy",
    }


def test_lone_surrogates_are_replaced_not_fatal():
    assert render_markdown("a\ud800b") == "<p>a\ufffdb</p>"
    assert render_user_markdown("\udcff") == "<p>\ufffd</p>"


def test_pathological_nesting_does_not_crash():
    html = render_markdown(">" * 3000 + " deep")
    assert "deep" in html


def test_recursion_limit_falls_back_to_escaped_text(monkeypatch):
    import markdown

    def explode(self, source):
        raise RecursionError

    monkeypatch.setattr(markdown.Markdown, "convert", explode)
    expected = RenderedLesson("<p>&lt;b&gt;x&lt;/b&gt;<br>\n&gt; y</p>", [])
    assert render_lesson("<b>x</b>\n> y") == expected
    assert render_user_markdown("<b>x</b>") == "<p>&lt;b&gt;x&lt;/b&gt;</p>"
