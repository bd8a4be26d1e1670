"""Hand-ins are rendered once, when handed in; pages show the stored, sanitised HTML."""
from __future__ import annotations

import pytest

from lms import rendering
from lms.extensions import db
from lms.submissions import display
from lms.submissions.models import Attempt
from tests.reviews.helpers import waiting_submission
from tests.submissions.helpers import attempt_count, post_attempt

TEXT = "My **answer** <script>alert(1)</script> [x](javascript:alert(1))"


@pytest.fixture
def renders(monkeypatch):
    """The texts rendered as user Markdown while the test runs."""
    texts: list[str] = []

    def recording(text):
        texts.append(text)
        return rendering.render_user_markdown(text)

    monkeypatch.setattr(display, "render_user_markdown", recording)
    return texts


def test_the_submission_service_stores_the_rendered_text(app, world):
    attempt = waiting_submission(world, text=TEXT).attempts[0]
    assert attempt.text == TEXT
    assert attempt.text_html == rendering.render_user_markdown(TEXT)
    assert "<strong>answer</strong>" in attempt.text_html and "<script>" not in attempt.text_html


def test_review_and_submission_pages_show_the_stored_html_without_rendering(client, auth, world, renders):
    submission = waiting_submission(world, text=TEXT)
    db.session.execute(db.update(Attempt).values(text_html="<p>stored <em>html</em></p>"))
    db.session.commit()
    auth.login_as(world.mentor)
    assert b"<p>stored <em>html</em></p>" in client.get(f"/reviews/{submission.id}").data
    auth.login_as(world.learner)
    assert b"<p>stored <em>html</em></p>" in client.get(f"/submissions/{submission.id}").data
    assert TEXT not in renders


def test_text_without_stored_html_is_shown_as_plain_text(client, auth, world):
    submission = waiting_submission(world, text=TEXT)
    db.session.execute(db.update(Attempt).values(text_html=""))
    db.session.commit()
    auth.login_as(world.learner)
    page = client.get(f"/submissions/{submission.id}").data
    assert b"My **answer** &lt;script&gt;" in page and b"<strong>answer" not in page


def test_overlong_text_is_refused_with_a_clear_message_and_kept_in_the_form(client, auth, world, app):
    limit = app.config["SUBMISSION_MAX_TEXT_CHARS"]
    auth.login_as(world.learner)
    response = post_attempt(client, world, text="a" * (limit + 1))
    assert response.status_code == 400 and attempt_count() == 0
    assert b"a" * 100 + b"</textarea>" in response.data
    assert f"Keep the text under {limit:,} characters (this one has {limit + 1:,})".encode() in response.data


def test_user_text_over_the_renderer_limit_is_shown_as_plain_text():
    text = "*a* " * (rendering.USER_TEXT_LIMIT // 4 + 1)
    html = rendering.render_user_markdown(text)
    assert html.startswith("<p>*a* *a*") and "<em>" not in html


def test_both_previews_render_at_most_the_hand_in_limit(client, auth, world, app, renders):
    limit = app.config["SUBMISSION_MAX_TEXT_CHARS"]
    auth.login_as(world.learner)
    assert client.post("/submissions/preview", json={"text": "x" * (limit * 3)}).status_code == 200
    post_attempt(client, world, text="y" * (limit * 3), extra={"preview": "Preview", "submit": ""})
    assert [len(text) for text in renders] == [limit, limit]
