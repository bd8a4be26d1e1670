"""The moderation routes and partials: POST with CSRF and a version, refusals change nothing,
forms keep what was typed, hidden text never reaches a member's HTML."""
from __future__ import annotations

from flask import render_template

from lms.audit.models import AuditEvent
from lms.community.models import PostReport, Topic
from lms.extensions import db
from tests.factories.community_rows import make_report
from tests.querycount import count_queries

BODY = "By the project, with a **clear** scope."


def test_a_moderator_pins_and_comes_back_where_they_were(world, client, auth):
    auth.login_as(world.mentor_a)
    response = client.post(f"/spaces/topics/{world.topic.id}/pin",
                           data={"version": world.topic.version, "next": "/spaces/somewhere"})
    assert response.status_code == 302 and response.headers["Location"] == "/spaces/somewhere"
    assert db.session.get(Topic, world.topic.id).is_pinned


def test_next_never_leaves_the_site(world, client, auth):
    auth.login_as(world.mentor_a)
    response = client.post(f"/spaces/topics/{world.topic.id}/lock", data={"next": "//evil.example/x"})
    assert "evil" not in response.headers["Location"]


def test_without_csrf_nothing_happens(world, client, auth):
    auth.login_as(world.mentor_a)
    response = client.post(f"/spaces/topics/{world.topic.id}/pin", data={}, csrf=False)
    assert response.status_code == 400
    assert not db.session.get(Topic, world.topic.id).is_pinned


def test_a_stale_form_is_refused_with_a_message(world, client, auth):
    auth.login_as(world.mentor_a)
    seen = world.topic.version
    client.post(f"/spaces/topics/{world.topic.id}/lock", data={"version": seen})
    response = client.post(f"/spaces/topics/{world.topic.id}/pin", data={"version": seen}, follow_redirects=True)
    assert "changed this at the same moment" in response.get_data(as_text=True)
    assert not db.session.get(Topic, world.topic.id).is_pinned


def test_learners_and_other_cohorts_mentors_cannot_moderate(world, client, auth):
    for who, status in ((world.learner_a, 403), (world.mentor_b, 404), (world.learner_b, 404)):
        auth.login_as(who)
        for path in ("pin", "lock", "hide", "move"):
            assert client.post(f"/spaces/topics/{world.topic.id}/{path}", data={"reason": "x"}).status_code == status
        assert client.post(f"/spaces/posts/{world.reply.id}/hide", data={"reason": "x"}).status_code == status
    assert db.session.query(AuditEvent).filter(AuditEvent.action.like("topic.%")).count() == 0


def test_hiding_without_a_reason_shows_the_form_again(world, client, auth):
    auth.login_as(world.mentor_a)
    response = client.post(f"/spaces/posts/{world.reply.id}/hide", data={"reason": "  "})
    assert response.status_code == 400 and "Say why" in response.get_data(as_text=True)


def test_hiding_a_post_from_the_queue(world, client, auth):
    make_report(world.reply, world.learner_a, commit=True)
    auth.login_as(world.mentor_a)
    queue = client.get(f"/spaces/{world.space_a.id}/reports").get_data(as_text=True)
    assert "clear" in queue and "Rude" in queue and "Lea Learner" in queue
    response = client.post(f"/spaces/posts/{world.reply.id}/hide",
                           data={"reason": "Rude", "version": world.reply.version,
                                 "next": f"/spaces/{world.space_a.id}/reports"})
    assert response.headers["Location"] == f"/spaces/{world.space_a.id}/reports"
    assert db.session.query(PostReport).one().outcome.value == "hidden"
    assert "No open reports" in client.get("/spaces/reports").get_data(as_text=True)


def test_a_moderator_moves_a_topic_to_the_track_space(world, client, auth):
    auth.login_as(world.mentor_a)
    page = client.get(f"/spaces/topics/{world.topic.id}/move").get_data(as_text=True)
    assert "whole program" in page and "Cohort B" not in page  # mentor A does not moderate B's space
    response = client.post(f"/spaces/topics/{world.topic.id}/move", data={"space_id": str(world.space_b.id)})
    assert response.status_code == 400
    response = client.post(f"/spaces/topics/{world.topic.id}/move", data={"space_id": str(world.track_space.id)})
    assert response.status_code == 302
    assert db.session.get(Topic, world.topic.id).space_id == world.track_space.id


def test_reporting_twice_says_already_reported(world, client, auth):
    auth.login_as(world.learner_a)
    assert client.get(f"/spaces/posts/{world.reply.id}/report").status_code == 200
    client.post(f"/spaces/posts/{world.reply.id}/report", data={"reason": "Rude"})
    again = client.post(f"/spaces/posts/{world.reply.id}/report", data={"reason": "Rude"}, follow_redirects=True)
    assert "reported this post already" in again.get_data(as_text=True)
    assert db.session.query(PostReport).count() == 1


def test_nobody_reports_their_own_post_and_an_empty_reason_keeps_the_form(world, client, auth):
    auth.login_as(world.learner_a2)
    assert client.post(f"/spaces/posts/{world.reply.id}/report", data={"reason": "x"}).status_code == 403
    auth.login_as(world.learner_a)
    response = client.post(f"/spaces/posts/{world.reply.id}/report", data={"reason": ""})
    assert response.status_code == 400 and "Say what is wrong" in response.get_data(as_text=True)


def test_malformed_ids_are_404(world, client, auth):
    auth.login_as(world.admin)
    for url in ("/spaces/topics/abc/pin", "/spaces/topics/99999999/pin", "/spaces/posts/-1/hide",
                "/spaces/99999999999999999999/reports", "/spaces/0/search"):
        assert client.post(url).status_code in (404, 405) and client.get(url).status_code in (404, 405)


def _render(name, world, viewer, client, auth):
    auth.login_as(viewer)
    with client:
        client.get("/")  # a request context with the viewer signed in
        return render_template(f"community/{name}", post=world.reply, topic=world.topic)


def test_a_member_sees_a_placeholder_for_a_hidden_post_never_its_text(world, client, auth):
    world.reply.is_hidden, world.reply.hide_reason = True, "Personal data"
    db.session.commit()
    html = _render("_post_body.html", world, world.learner_a, client, auth)
    assert "This post was hidden by a moderator" in html and "clear" not in html and "Personal data" not in html
    controls = _render("_post_moderation.html", world, world.learner_a, client, auth)
    assert "Unhide" not in controls and "Report" not in controls


def test_a_moderator_sees_the_hidden_post_with_its_reason_and_unhide(world, client, auth):
    world.reply.is_hidden, world.reply.hide_reason = True, "Personal data"
    db.session.commit()
    html = _render("_post_body.html", world, world.mentor_a, client, auth)
    assert "clear" in html and "Personal data" in html and "post-hidden" in html
    assert "Unhide" in _render("_post_moderation.html", world, world.mentor_a, client, auth)


def test_the_topic_controls_show_to_moderators_only(world, client, auth):
    assert _render("_topic_moderation.html", world, world.learner_a, client, auth).strip() == ""
    html = _render("_topic_moderation.html", world, world.admin, client, auth)
    assert all(word in html for word in ("Pin", "Lock", "Hide topic", "Move"))
    assert f'name="version" value="{world.topic.version}"' in html and 'name="next" value="/"' in html


def test_the_queue_runs_the_same_queries_for_1_or_15_reported_posts(world, client, auth):
    from tests.factories.community_rows import make_post

    auth.login_as(world.mentor_a)

    def queries() -> int:
        with count_queries() as counter:
            assert client.get("/spaces/reports").status_code == 200
        return counter.count

    make_report(world.reply, world.learner_a, commit=True)
    few = queries()
    for n in range(14):
        post = make_post(world.topic, world.learner_a2, body=f"post {n}")
        make_report(post, world.learner_a)
        make_report(post, world.mentor_b)
    db.session.commit()
    assert queries() == few
