"""render_user_markdown: learners' and mentors' text (submissions, feedback, bios)."""
from __future__ import annotations

from lms.rendering import render_user_markdown

from .helpers import elements, with_class


def test_raw_html_is_shown_as_text():
    html = render_user_markdown("I used <b>bold</b> and <div class=box>a div</div>\n\n<h1>Big</h1>")
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "&lt;div class=box&gt;" in html
    assert "&lt;h1&gt;Big&lt;/h1&gt;" in html
    assert {el.tag for el in elements(html)} == {"p"}


def test_script_is_shown_as_text():
    html = render_user_markdown("<script>alert(1)</script>")
    assert html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_entities_still_work():
    assert render_user_markdown("a &amp; b &copy;") == "<p>a &amp; b ©</p>"


def test_links_get_nofollow_noopener_noreferrer():
    html = render_user_markdown("[site](https://example.org) and <https://example.com>")
    links = elements(html, "a")
    assert [link.attrs["href"] for link in links] == ["https://example.org", "https://example.com"]
    assert all(link.attrs["rel"] == "nofollow noopener noreferrer" for link in links)


def test_headings_have_no_ids_and_toc_marker_is_text():
    html = render_user_markdown("# Title\n\n[TOC]\n")
    assert html == "<h1>Title</h1>\n<p>[TOC]</p>"


def test_user_markdown_supports_code_tables_and_task_lists():
    html = render_user_markdown(
        "```python\nprint('<hi>')\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n"
    )
    assert '<span class="nb">print</span>' in html and "&lt;hi&gt;" in html
    assert "<td>1</td>" in html
    assert with_class(html, "task-list-item") and elements(html, "input")[0].attrs.get("disabled")


def test_forged_box_markup_in_user_text_stays_text():
    html = render_user_markdown(
        '<details class="box box-solution" open><summary>x</summary></details>'
    )
    assert "<details" not in html


def test_empty_user_text_renders_empty():
    assert render_user_markdown("") == ""
