"""XSS: the shared payload corpus and generated documents never yield executable HTML."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from lms.rendering import ALLOWED_TAGS, render_lesson, render_markdown, render_user_markdown
from tests.corpus import corpus_lines, corpus_path
from tests.html_safety import assert_html_safe, html_safety_problems

from .helpers import elements

_ALLOWED_ATTRIBUTES = {
    "href", "src", "title", "alt", "class", "id", "width", "height", "start", "colspan",
    "rowspan", "align", "scope", "checked", "disabled", "type", "loading", "rel", "open",
    "tabindex", "aria-label",  # forced by the sanitiser: pre tabindex="0", a task box's fixed label
}


def _assert_rendered_safe(html: str) -> None:
    """The corpus contract plus our own, stricter allow-list invariants."""
    assert_html_safe(html)
    for el in elements(html):
        assert el.tag in ALLOWED_TAGS, (el.tag, html)
        assert set(el.attrs) <= _ALLOWED_ATTRIBUTES, (el.tag, el.attrs, html)


def _embeddings(payload: str) -> list[str]:
    return [
        payload,
        f"[link]({payload})",
        f"[link](<{payload}>)",
        f"![image]({payload})",
        f"[ref][r]\n\n[r]: {payload}\n",
        f"::: callout\n{payload}\n:::\n",
        f"::: {payload}\ntext\n:::\n",
        f"::::: challenge\n## {payload}\n::: solution\n{payload}\n:::\n:::::\n",
        f"# {payload}\n\n| a | {payload} |\n|---|---|\n| {payload} | b |\n",
        f"Note[^1]\n\n[^1]: {payload}\n",
        f'!!! note "{payload}"\n    {payload}\n',
    ]


def test_xss_corpus_payloads_render_safely():
    payloads = corpus_lines("xss")
    assert len(payloads) > 300
    for source, payload in payloads:
        for text in _embeddings(payload):
            lesson_html = render_markdown(text, resolve_url=lambda url: None)
            for html in (lesson_html, render_user_markdown(text)):
                problems = html_safety_problems(html)
                assert not problems, f"{source}: {payload!r} in {text!r}: {problems}\n{html}"
                _assert_rendered_safe(html)


def test_xss_corpus_payloads_are_unsafe_without_sanitising():
    """The checker is not vacuous: raw payloads trip it."""
    payloads = [payload for _, payload in corpus_lines("xss")]
    flagged = [payload for payload in payloads if html_safety_problems(payload)]
    assert len(flagged) > len(payloads) // 3


DANGEROUS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>", "<iframe src=javascript:alert(1)>",
    "<object data=javascript:alert(1)>", "<embed src=javascript:alert(1)>",
    "<a href=javascript:alert(1)>", '<a href="jav&#x09;ascript:alert(1)">',
    "<form action=javascript:alert(1)><button formaction=javascript:alert(1)>",
    "<math><mi xlink:href=javascript:alert(1)>", "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>", "<body onload=alert(1)>", "<style>@import'x'</style>",
    "<meta http-equiv=refresh content=0;url=javascript:alert(1)>", "<base href=javascript:/>",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "&#106;avascript:", "&#x6A;ava&#x73;cript&colon;",
    "java\tscript:", "\x01javascript:", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", " onmouseover=alert(1) ", "\" onerror=\"alert(1)", "' onclick='x",
    "onerror=", "<!--", "-->", "<![CDATA[", "]]>", "</", "/>", "<", ">", "&", "&lt;",
]
MARKDOWN = [
    "\n", "\n\n", "    ", "[x](", "![y](", "](", ")", "[r]: ", "[r]", "<http://", "`", "```",
    "```html\n", "~~~\n", ":::", "::: callout\n", "::: solution\n", "::::\n", ":::\n",
    "::: {.callout title=\"", "\"}\n", "# ", "## ", "- ", "1. ", "- [ ] ", "> ", "| a | b |\n",
    "|---|---|\n", "[^1]", "[^1]: ", "!!! note ", "??? tip ", "*", "**", "_", "[TOC]", "\\",
]

documents = st.lists(
    st.one_of(st.sampled_from(DANGEROUS), st.sampled_from(MARKDOWN), st.text(max_size=8)),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_generated_documents_render_safely(text):
    _assert_rendered_safe(render_markdown(text))
    _assert_rendered_safe(render_user_markdown(text))
    lesson = render_lesson(text, resolve_url=lambda url: None)
    _assert_rendered_safe(lesson.html)
    for entry in lesson.toc:
        assert f'id="{entry.id}"' in lesson.html


@pytest.mark.parametrize("bad", [
    "<script>x</script>", '<img src="x" onerror="y">', '<a href="&#x6A;avascript:x">a</a>',
    '<a href=" java\nscript:x">a</a>', '<img src="data:image/png;base64,AAAA">',
    '<form><button formaction="vbscript:x">b</button></form>', "<iframe></iframe>",
    '<svg onload="x"></svg>', '<p style="width: expression(alert(1))">p</p>',
    '<meta http-equiv="Refresh" content="0">', '<img srcset="a.png 1x, javascript:x 2x">',
])
def test_html_safety_checker_flags_unsafe_html(bad):
    assert html_safety_problems(bad)
    with pytest.raises(AssertionError):
        assert_html_safe(bad)


def test_html_safety_checker_accepts_ordinary_html():
    assert_html_safe(
        '<p><a href="https://example.org/javascript:x" rel="nofollow">a</a> '
        '<img src="/data:x.png" alt="onerror"> <code>javascript:alert(1)</code> onclick=</p>'
    )


def test_corpus_path_skips_when_the_corpus_is_absent():
    with pytest.raises(pytest.skip.Exception, match="../shared/corpus not present"):
        corpus_path("no-such-corpus")
