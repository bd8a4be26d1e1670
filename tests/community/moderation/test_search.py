"""Searching a space: topic titles and visible post bodies, every word, paginated, escaped.

The same tests run on SQLite (LIKE per word) and on PostgreSQL (full-text search) when
``LMS_TEST_DATABASE_URL`` points there: simple queries give the same results on both."""
from __future__ import annotations

import pytest

from lms.community import search
from lms.community.search import search_space, snippet, terms_of
from lms.extensions import db
from tests.corpus import corpus_lines
from tests.factories.community_rows import make_post, make_topic
from tests.html_safety import assert_html_safe
from tests.querycount import count_queries


def _found(space, query, *, moderator=False) -> set[int]:
    return {hit.post.id for hit in search_space(space, query, moderator=moderator).hits}


def test_every_word_must_appear_in_any_case(world):
    assert _found(world.space_a, "CLEAR scope") == {world.reply.id}
    assert _found(world.space_a, "clear charge") == set()
    assert _found(world.space_a, "charge day") == {world.topic.first_post.id}


def test_a_title_word_finds_the_topics_opening_post_only(world):
    assert _found(world.space_a, "landing page") == {world.topic.first_post.id}


def test_members_never_find_hidden_posts_or_hidden_topics_moderators_do(world):
    world.reply.is_hidden = True
    hidden_topic = make_topic(world.space_a, world.learner_a, title="Secret plan", body="secret plan details",
                              hidden=True)
    db.session.commit()
    assert _found(world.space_a, "scope") == set()
    assert _found(world.space_a, "secret") == set()
    assert _found(world.space_a, "scope", moderator=True) == {world.reply.id}
    assert _found(world.space_a, "secret", moderator=True) == {hidden_topic.first_post.id}


def test_topics_of_other_spaces_are_never_found(world):
    make_topic(world.space_b, world.learner_b, title="Scope in cohort B", body="scope scope", commit=True)
    make_topic(world.track_space, world.learner_b, title="Scope for everyone", body="scope", commit=True)
    assert _found(world.space_a, "scope") == {world.reply.id}


def test_wildcards_are_taken_literally(world):
    make_post(world.topic, world.learner_a, body="axb and 100 percent", commit=True)
    assert _found(world.space_a, "a_b") == set()
    assert _found(world.space_a, "%") == set()
    assert terms_of("%_ ") == ["_"] and terms_of("") == []


def test_an_empty_or_huge_query_is_harmless(world):
    assert search_space(world.space_a, "", moderator=False).total == 0
    results = search_space(world.space_a, "scope " * 10_000, moderator=False)
    assert len(results.query) <= search.QUERY_MAX and results.total == 1


def test_results_come_in_pages(world, monkeypatch):
    monkeypatch.setattr(search, "PAGE_SIZE", 3)
    for n in range(7):
        make_post(world.topic, world.learner_a2, body=f"pricing idea {n}")
    db.session.commit()
    first, last = (search_space(world.space_a, "pricing", moderator=False, page=p) for p in (1, 99))
    assert (first.total, first.pages, len(first.hits)) == (7, 3, 3)
    assert (last.page, len(last.hits)) == (3, 1)


def test_the_snippet_marks_the_words_and_escapes_everything_else(world):
    html = str(snippet("Use <b>bold</b> & a <script>scope</script> " + "word " * 100, ["scope"]))
    assert "<mark>scope</mark>" in html and "&lt;script&gt;" in html and "<b>" not in html
    assert html.endswith("…")


def test_snippets_of_the_xss_corpus_are_safe():
    for _, line in corpus_lines("xss"):
        assert_html_safe(str(snippet(line, terms_of(line))))


def test_the_search_page_is_safe_with_the_xss_corpus(world, client, auth):
    payloads = [line for _, line in corpus_lines("xss")][:200]
    for payload in payloads:
        make_post(world.topic, world.learner_a2, body=f"xssprobe {payload}")
    db.session.commit()
    auth.login_as(world.learner_a)
    for page in range(1, 4):
        response = client.get(f"/spaces/{world.space_a.id}/search?q=xssprobe&page={page}")
        assert response.status_code == 200
        main = response.get_data(as_text=True).split('<main', 1)[1].split("</main>", 1)[0]
        assert_html_safe(main)


def test_the_search_page_runs_the_same_queries_for_5_or_40_hits(world, client, auth):
    def queries() -> int:
        with count_queries() as counter:
            assert client.get(f"/spaces/{world.space_a.id}/search?q=budget").status_code == 200
        return counter.count

    auth.login_as(world.learner_a)
    for n in range(5):
        make_post(world.topic, world.learner_a2, body=f"budget {n}")
    db.session.commit()
    few = queries()
    for n in range(35):
        make_topic(world.space_a, [world.learner_a, world.learner_a2, world.mentor_a][n % 3],
                   title=f"Budget {n}", body=f"my budget {n}")
    db.session.commit()
    assert queries() == few


@pytest.mark.parametrize("query, status", [("", 200), ("scope", 200), ("<script>alert(1)</script>", 200),
                                           ("a" * 5000, 200), ("%%%", 200), ("\x00", 400)])
def test_the_search_page_answers_any_query(world, client, auth, query, status):
    """A NUL byte is refused by the app for every request (400), never a 500."""
    auth.login_as(world.learner_a)
    response = client.get(f"/spaces/{world.space_a.id}/search", query_string={"q": query, "page": "x"})
    assert response.status_code == status
    assert "<script>alert" not in response.get_data(as_text=True)
