"""Only images the product serves stay images: any other would tell its server who read the page."""
from __future__ import annotations

import pytest

from lms.rendering import render_lesson, render_markdown, render_user_markdown
from lms.rendering.sanitise import keeps_image
from lms.security import CONTENT_SECURITY_POLICY
from tests.corpus import corpus_lines

from .helpers import elements

ELSEWHERE = [
    "https://tracker.example/pixel.gif?who=me", "http://tracker.example/p.png", "//tracker.example/p.png",
    "/\\tracker.example/p.png", "HTTPS://tracker.example/p.png", " https://tracker.example/p.png",
    "/tracks/web/assets/../../../logout", "/tracks/web/assets/%2e%2e/%2E%2E/logout", "/logout", "fig.png",
]


@pytest.mark.parametrize("src", ELSEWHERE)
def test_user_images_from_elsewhere_become_links(src):
    html = render_user_markdown(f"See ![the chart]({src.strip()}) here")
    assert elements(html, "img") == []
    [link] = elements(html, "a")
    assert link.attrs["rel"] == "nofollow noopener noreferrer"
    assert ">the chart</a>" in html


def test_an_image_inside_a_link_leaves_its_alt_text_in_the_link():
    html = render_user_markdown("[![build passing](https://img.shields.io/b.svg)](https://ci.example/run)")
    assert html == '<p><a href="https://ci.example/run" rel="nofollow noopener noreferrer">build passing</a></p>'


def test_a_lesson_asset_stays_an_image_in_user_text():
    html = render_user_markdown("![fig](/tracks/web-basics/assets/img/fig.png) ![p](/lms/tracks/web/assets/a.svg)")
    assert [img.attrs["src"] for img in elements(html, "img")] == [
        "/tracks/web-basics/assets/img/fig.png", "/lms/tracks/web/assets/a.svg"]


def test_an_image_without_alt_text_links_by_its_address():
    html = render_user_markdown("![](https://tracker.example/p.gif)")
    assert ">https://tracker.example/p.gif</a>" in html and elements(html, "img") == []


def test_lessons_keep_their_own_images_and_link_to_others():
    html = render_markdown('![Diagram](fig/diagram.svg)\n\n<img src="https://cdn.example/x.png" alt="Logo">\n\n'
                           '<p><a href="https://x.example"><img src="https://cdn.example/y.png" alt="Y"></a></p>')
    assert [img.attrs["src"] for img in elements(html, "img")] == ["fig/diagram.svg"]
    assert '<a href="https://cdn.example/x.png" rel="nofollow noopener noreferrer">Logo</a>' in html
    assert '<a href="https://x.example">Y</a>' in html
    resolved = render_lesson("![D](fig/d.svg)", resolve_url=lambda url: "/tracks/t/assets/fig/d.svg").html
    assert [img.attrs["src"] for img in elements(resolved, "img")] == ["/tracks/t/assets/fig/d.svg"]


@pytest.mark.parametrize("src, user, kept", [
    ("/tracks/t/assets/a.png", True, True), ("/tracks/t/assets/a.png", False, True), ("a.png", False, True),
    ("a.png", True, False), ("https://x/a.png", False, False), ("//x/a.png", False, False),
    ("/\\x/a.png", False, False), ("java\nscript:x", False, False), ("", False, False),
])
def test_keeps_image(src, user, kept):
    assert keeps_image(src, user=user) is kept


def test_the_xss_corpus_never_leaves_an_image_from_elsewhere():
    for _, line in corpus_lines("xss"):
        for html in (render_user_markdown(line), render_markdown(line)):
            for img in elements(html, "img"):
                assert keeps_image(img.attrs.get("src", "x.png"), user=False), (line, html)


def test_the_policy_allows_only_the_sites_own_images():
    [img_src] = [part for part in CONTENT_SECURITY_POLICY.split("; ") if part.startswith("img-src")]
    assert img_src == "img-src 'self' data:"
