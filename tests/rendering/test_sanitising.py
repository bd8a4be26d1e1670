"""The allow-list: dangerous markup and URLs go, our own markup stays, URLs get resolved."""
from __future__ import annotations

import pytest

from lms.rendering import ALLOWED_TAGS, render_lesson, render_markdown, render_user_markdown

from .helpers import elements

RENDERERS = [render_markdown, render_user_markdown]


@pytest.mark.parametrize("render", RENDERERS)
@pytest.mark.parametrize("url", [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript&#58;alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
])
def test_javascript_link_is_removed(render, url):
    texts = (f"[click](<{url}>)", f"[click]({url.strip()})", f"[click][r]\n\n[r]: <{url}>\n")
    for text in texts:
        html = render(text)
        assert "click" in html
        assert all("href" not in a.attrs for a in elements(html, "a")), html


def test_raw_html_javascript_link_is_removed_from_lessons():
    html = render_markdown('<a href="javascript:alert(1)" onclick="alert(2)">x</a>')
    assert html == "<p><a>x</a></p>"


@pytest.mark.parametrize(
    "src", ["data:image/svg+xml;base64,PHN2Zz4=", "javascript:alert(1)", "vbscript:x"]
)
def test_image_with_dangerous_source_loses_its_src(src):
    html = render_markdown(f"![pic]({src})")
    (img,) = elements(html, "img")
    assert "src" not in img.attrs


@pytest.mark.parametrize("url", [
    "https://example.org/a?b=1&c=2", "http://example.org", "mailto:someone@example.org",
    "/tracks/x", "../fig/a.svg", "02-loops.md", "#section", "?page=2",
])
def test_http_mailto_and_relative_urls_are_kept(url):
    (link,) = elements(render_markdown(f"[x]({url})"), "a")
    assert link.attrs["href"] == url


@pytest.mark.parametrize("url", ["ftp://example.org/file", "file:///etc/passwd", "tel:123"])
def test_other_url_schemes_are_removed(url):
    (link,) = elements(render_markdown(f"[x]({url})"), "a")
    assert "href" not in link.attrs


def test_script_and_style_are_removed_with_their_content():
    html = render_markdown("<script>alert(1)</script>\n\n<style>body{display:none}</style>\n\nok")
    assert "alert" not in html and "display" not in html and "<p>ok</p>" in html


@pytest.mark.parametrize("markup", [
    '<iframe src="https://example.org"></iframe>',
    '<object data="x.swf"></object>',
    '<embed src="x.swf">',
    '<form action="/x"><input type="text" name="q"><button>Go</button></form>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<video src="a.mp4"></video>',
])
def test_embedding_and_form_elements_are_removed(markup):
    html = render_markdown(markup + "\n\nafter")
    for tag in ("iframe", "object", "embed", "form", "button", "svg", "math", "base", "meta",
                "link", "video"):
        assert f"<{tag}" not in html
    assert '<input type="text"' not in html and "<p>after</p>" in html


def test_event_handler_and_style_attributes_are_removed():
    html = render_markdown('<p onclick="x()" style="position:fixed" onmouseover=y()>hi</p>')
    assert html == "<p>hi</p>"


def test_only_allowed_tags_survive():
    html = render_markdown("<custom-tag>x</custom-tag><marquee>y</marquee><blink>z</blink>")
    assert {el.tag for el in elements(html)} <= ALLOWED_TAGS


def test_unknown_classes_are_removed_and_known_ones_kept():
    html = render_markdown(
        '<div class="box box-callout evil button--danger">x</div>\n\n'
        '<span class="k hidden">y</span>\n\n<p class="site-header">z</p>'
    )
    assert '<div class="box box-callout">' in html
    assert '<span class="k">y</span>' in html and "<p>z</p>" in html


def test_classes_are_only_allowed_on_their_own_tags():
    html = render_markdown('<p class="box box-callout highlight">x</p>\n\n<div class="k">y</div>')
    assert "class=" not in html


def test_language_classes_are_allowed_only_in_a_safe_form():
    html = render_markdown(
        '<pre class="language-c++ language-x&quot;y">x</pre>\n\n<pre class="language-"></pre>'
    )
    assert '<pre class="language-c++" tabindex="0">' in html and "language-x" not in html


def test_ids_are_only_kept_on_headings_and_footnotes():
    html = render_markdown(
        '<h2 id="custom">T</h2>\n\n<div id="main">x</div>\n\n'
        '<p id="login">y</p>\n\n<h3 id="bad id">z</h3>'
    )
    ids = [el.attrs["id"] for el in elements(html) if "id" in el.attrs]
    assert ids == ["custom"]


def test_user_markdown_headings_and_footnotes():
    html = render_user_markdown("## Title\n\nSee[^n].\n\n[^n]: Note.\n")
    assert "<h2>Title</h2>" in html and 'id="fn:n"' in html and 'id="fnref:n"' in html


def test_any_input_becomes_a_disabled_checkbox():
    html = render_markdown('<input type="password" name="p" value="x" autofocus onfocus="x()">')
    (box,) = elements(html, "input")
    assert box.attrs == {"disabled": "disabled", "type": "checkbox", "aria-label": "Not done"}


def test_details_may_be_open_only_by_its_plain_open_attribute():
    assert render_markdown('???+ note "Shown"\n    Body\n').startswith('<details class="note" open="">')
    assert "<details open=" in render_markdown("<details open><summary>S</summary>x</details>")
    assert "<details>" in render_markdown('<details open="javascript:x"><summary>S</summary></details>')


def test_comments_are_removed():
    assert render_markdown("a <!-- secret --> b\n\n<!-- block -->").strip() == "<p>a  b</p>"


def test_lesson_links_get_no_target_and_no_rel():
    html = render_markdown('<a href="https://example.org" target="_blank" rel="opener">x</a>')
    (link,) = elements(html, "a")
    assert link.attrs == {"href": "https://example.org"}


def test_numeric_attributes_must_be_numbers():
    html = render_markdown(
        '<img src="a.png" width="100" height="x">'
        '<table><tr><td colspan="2" rowspan="z">1</td></tr></table>'
    )
    (img,) = elements(html, "img")
    assert img.attrs.get("width") == "100" and "height" not in img.attrs
    (cell,) = elements(html, "td")
    assert cell.attrs == {"colspan": "2"}


def test_resolve_url_rewrites_links_and_images():
    mapping = {"02-loops.md": "/tracks/py/lessons/loops", "fig/a.svg": "/assets/py/fig/a.svg"}
    seen: list[str] = []

    def resolve(url: str) -> str | None:
        seen.append(url)
        return mapping.get(url)

    html = render_markdown(
        "[Next](02-loops.md) ![Fig](fig/a.svg) [Web](https://example.org) [Top](#top)",
        resolve_url=resolve,
    )
    assert '<a href="/tracks/py/lessons/loops">Next</a>' in html
    assert 'src="/assets/py/fig/a.svg"' in html
    assert '<a href="https://example.org">Web</a>' in html and '<a href="#top">Top</a>' in html
    assert sorted(seen) == sorted(["02-loops.md", "fig/a.svg", "https://example.org", "#top"])


def test_resolve_url_sees_entity_decoded_urls_and_not_dangerous_ones():
    seen: list[str] = []
    render_markdown(
        '<a href="a.md?x=1&amp;y=2">a</a> <a href="javascript:alert(1)">b</a>',
        resolve_url=lambda url: seen.append(url),
    )
    assert seen == ["a.md?x=1&y=2"]


def test_resolve_url_result_is_checked_too():
    html = render_markdown("[x](a.md)", resolve_url=lambda url: "javascript:alert(1)")
    assert "href" not in elements(html, "a")[0].attrs


def test_resolve_url_errors_propagate():
    def broken(url: str) -> str | None:
        raise LookupError(url)

    with pytest.raises(LookupError, match="missing.md"):
        render_lesson("[x](missing.md)", resolve_url=broken)
    assert render_markdown("[x](missing.md)") == '<p><a href="missing.md">x</a></p>'
