"""Pandoc/Carpentries fenced divs (``::: kind`` ... ``:::``) render as boxes."""
from __future__ import annotations

import pytest

from lms.rendering import BOX_KINDS, render_lesson, render_markdown, render_user_markdown

from .helpers import elements, with_class

CARPENTRIES_CHALLENGE = """\
::::::::::::::::::::::::::::::::::::: challenge 

## Challenge 1: Can you do it?

What is the output of this command?

```r
paste("This", "new", "lesson", "looks", "good")
```

:::::::::::::::::::::::: solution 

## Output
 
```output
[1] "This new lesson looks good"
```

:::::::::::::::::::::::::::::::::
::::::::::::::::::::::::::::::::::::::::::::::::

After the box.
"""


def test_callout_renders_a_box_with_its_default_title():
    html = render_markdown("::: callout\nRemember this.\n:::\n")
    assert html == (
        '<div class="box box-callout">\n<p class="box-title">Callout</p>\n'
        "<p>Remember this.</p>\n</div>"
    )


def test_first_line_heading_becomes_the_box_title_and_leaves_the_toc():
    lesson = render_lesson("# Lesson\n\n::: challenge\n## Try *this*\nDo it.\n:::\n")
    assert '<p class="box-title">Try <em>this</em></p>' in lesson.html
    assert "<h2" not in lesson.html
    assert [entry.title for entry in lesson.toc] == ["Lesson"]


def test_any_number_of_colons_opens_and_closes_a_box():
    html = render_markdown(":::::::::::::: challenge\nBody\n:::\n\nOutside\n")
    assert with_class(html, "box-challenge")
    assert html.endswith("</div>\n<p>Outside</p>")


def test_braced_class_syntax_opens_a_box():
    assert with_class(render_markdown("::: {.callout}\nx\n:::\n"), "box-callout")
    assert with_class(render_markdown("::: {#id .objectives .other}\nx\n:::\n"), "box-objectives")


def test_title_attribute_sets_the_box_title():
    html = render_markdown('::: {.callout title="Be careful"}\nx\n:::\n')
    assert '<p class="box-title">Be careful</p>' in html


def test_trailing_colons_on_the_opening_fence_are_ignored():
    html = render_markdown("::: keypoints ::::::\n- one\n::::::::::::::::::\n")
    assert with_class(html, "box-keypoints") and "<li>one</li>" in html


def test_solution_box_renders_collapsed():
    html = render_markdown(":::::: solution\nThe answer is 42.\n::::::\n")
    assert html == (
        '<details class="box box-solution">\n<summary>Solution</summary>\n'
        "<p>The answer is 42.</p>\n</details>"
    )
    (details,) = elements(html, "details")
    assert "open" not in details.attrs


def test_solution_nested_in_a_challenge_renders_inside_it():
    html = render_markdown(CARPENTRIES_CHALLENGE)
    challenge_start = html.index('<div class="box box-challenge">')
    solution_start = html.index('<details class="box box-solution">')
    solution_end = html.index("</details>")
    challenge_end = html.index("</div>\n<p>After the box.</p>")
    assert challenge_start < solution_start < solution_end < challenge_end
    assert '<p class="box-title">Challenge 1: Can you do it?</p>' in html
    assert "<summary>Output</summary>" in html
    assert 'class="language-r highlight"' in html and 'class="language-output highlight"' in html


def test_solution_following_a_challenge_is_a_sibling_box():
    html = render_markdown("::: challenge\nQ?\n:::\n\n::: solution\nA.\n:::\n")
    assert html.index("</div>") < html.index('<details class="box box-solution">')


@pytest.mark.parametrize("kind", sorted(BOX_KINDS))
def test_every_known_kind_renders_its_box_class_and_label(kind):
    html = render_markdown(f"::: {kind}\nContent\n:::\n")
    (box,) = with_class(html, f"box-{kind}")
    assert box.classes == ["box", f"box-{kind}"]
    assert str(BOX_KINDS[kind].label) in html
    assert box.tag == ("details" if BOX_KINDS[kind].collapsed else "div")


def test_kind_names_are_case_insensitive():
    assert with_class(render_markdown("::: Callout\nx\n:::\n"), "box-callout")


def test_unknown_kind_renders_a_generic_box_without_label():
    html = render_markdown("::: sidebar\nAside.\n:::\n")
    assert html == '<div class="box box-generic">\n<p>Aside.</p>\n</div>'


def test_markdown_inside_a_box_renders():
    html = render_markdown(
        "::: callout\n**Bold**, [link](https://example.org) and:\n\n"
        "- item\n\n| a |\n|---|\n| 1 |\n:::\n"
    )
    assert "<strong>Bold</strong>" in html and '<a href="https://example.org">link</a>' in html
    assert "<li>item</li>" in html and "<td>1</td>" in html


def test_fenced_code_inside_a_box_is_highlighted():
    html = render_markdown("::: challenge\n```python\nprint(1)\n```\n:::\n")
    assert '<span class="nb">print</span>' in html
    assert html.endswith("</div>")


def test_colon_fence_inside_a_code_block_is_code_not_a_box():
    html = render_markdown(
        "::: callout\n```markdown\n::: solution\n:::\n```\nstill in callout\n:::\n"
    )
    assert not with_class(html, "box-solution")
    assert html.count("::: solution") == 1
    assert "<p>still in callout</p>\n</div>" in html


def test_indented_colons_are_an_indented_code_block():
    html = render_markdown("Text\n\n    ::: callout\n    :::\n")
    assert not with_class(html, "box") and "::: callout" in html


def test_fence_directly_after_a_paragraph_opens_a_box():
    html = render_markdown("Intro line\n::: callout\nBoxed\n:::\nOutro\n")
    assert html == (
        '<p>Intro line</p>\n<div class="box box-callout">\n<p class="box-title">Callout</p>\n'
        "<p>Boxed</p>\n</div>\n<p>Outro</p>"
    )


def test_unclosed_box_runs_to_the_end_of_the_document():
    html = render_markdown("::: callout\nOpen\n\nStill inside\n")
    assert html.endswith("<p>Still inside</p>\n</div>")


def test_stray_closing_fence_is_dropped():
    assert render_markdown("Text\n\n:::\n\nMore\n") == "<p>Text</p>\n<p>More</p>"


def test_box_inside_a_blockquote_and_a_list_item():
    quoted = render_markdown("> ::: callout\n> Quoted\n> :::\n")
    assert "<blockquote>" in quoted and with_class(quoted, "box-callout")
    listed = render_markdown("- item\n\n    ::: hint\n    Psst\n    :::\n")
    assert with_class(listed, "box-hint") and "<p>Psst</p>" in listed


def test_headings_inside_a_box_after_the_title_stay_headings():
    lesson = render_lesson("::: callout\n## Title\n\n### Details\nText\n:::\n")
    assert [entry.title for entry in lesson.toc] == ["Details"]


def test_deep_nesting_is_bounded_and_still_renders():
    depth = 40
    text = "".join(f"{':' * (3 + depth - i)} callout\n" for i in range(depth)) + "core\n"
    text += "".join(f"{':' * (3 + i)}\n" for i in range(depth))
    html = render_markdown(text)
    assert "core" in html
    assert 1 < len(with_class(html, "box-callout")) < depth


def test_boxes_work_in_user_markdown():
    html = render_user_markdown("::: solution\nMy *answer*\n:::\n")
    assert with_class(html, "box-solution") and "<em>answer</em>" in html


def test_a_box_is_named_in_the_language_the_content_is_rendered_in(app):
    from lms.i18n.recipients import speaking_to

    with app.test_request_context(), speaking_to(language="es"):
        html = render_markdown("::: challenge\nContent\n:::\n\n- [x] done\n")
    assert "Desafío" in html
