"""The learner's peer pages over HTTP: the list, review next, writing, giving back, blocking,
calibration, waiving, and anonymity (names never in the reviewer's or author's HTML)."""
from __future__ import annotations

from datetime import timedelta

from lms.database import utcnow
from lms.extensions import db
from lms.peer import allocation
from lms.peer.models import PeerBlock, PeerDuty, PeerReview, PeerReviewStatus
from lms.submissions.models import Submission
from lms.tracks.urls import lesson_url
from tests.factories.peer import CALIBRATION, duty, hand_in_all, peer_cohort
from tests.factories.submissions import enroll, hand_in
from tests.querycount import count_queries

NAMES = ["Ada Aardvark", "Bea Bumblebee", "Cy Cormorant"]


def _world(**kw):
    world = peer_cohort(3, names=NAMES, **kw)
    for index, enrollment in enumerate(world.enrollments):
        hand_in(enrollment, world.lesson, text=f"Work of {index}",
                files=[(f"{NAMES[index].split()[0]}-secret-report.pdf", b"%PDF-1.4 data")])
    return world


def _lease(client, world, index):
    owed = duty(world.enrollments[index], world.lesson)
    response = client.post(f"/peer/duties/{owed.id}/next")
    assert response.status_code == 302
    return response.headers["Location"]


def test_the_list_shows_what_is_left_and_review_next_leases(client, auth, app):
    world = _world()
    auth.login_as(world.learners[0])
    page = client.get("/peer/").get_data(as_text=True)
    assert "2 of 2 to do" in page and "Review next" in page
    location = _lease(client, world, 0)
    assert location.startswith("/peer/reviews/")
    assert "Continue your review" in client.get("/peer/").get_data(as_text=True)


def test_anonymous_review_page_and_file_hide_the_author(client, auth, app):
    world = _world()
    auth.login_as(world.learners[0])
    page = client.get(_lease(client, world, 0)).get_data(as_text=True)
    review = db.session.query(PeerReview).one()
    author = NAMES[[e.id for e in world.enrollments].index(review.submission.enrollment_id)]
    assert "A peer's work" in page and "file-1.pdf" in page
    for secret in (author, author.split()[0], review.submission.user.email):
        assert secret not in page
    download = client.get(f"/peer/reviews/{review.id}/files/1")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith('attachment; filename="file-1.pdf"') or \
        "file-1.pdf" in download.headers["Content-Disposition"]
    assert author.split()[0] not in download.headers["Content-Disposition"]
    assert client.get(f"/peer/reviews/{review.id}/files/2").status_code == 404


def test_named_review_shows_the_author_when_not_anonymous(client, auth, app):
    world = _world(anonymous=False)
    auth.login_as(world.learners[0])
    page = client.get(_lease(client, world, 0)).get_data(as_text=True)
    review = db.session.query(PeerReview).one()
    assert review.submission.user.name in page


def test_writing_a_review_counts_once_even_when_posted_twice(client, auth, app):
    world = _world(reviews=1)
    auth.login_as(world.learners[0])
    location = _lease(client, world, 0)
    form = {"version": "1", "level-0": "0", "comment-0": "Clear headings", "comment": "Nice <script>x</script>"}
    assert client.post(location, data=form).status_code == 302
    assert client.post(location, data=form).status_code == 302   # the double click: refused quietly
    owed = duty(world.enrollments[0], world.lesson)
    assert (owed.given, owed.met_at is not None) == (1, True)
    review = db.session.query(PeerReview).one()
    assert "<script>" not in review.comment_html


def test_a_review_without_levels_re_renders_keeping_the_comment(client, auth, app):
    world = _world()
    auth.login_as(world.learners[0])
    location = _lease(client, world, 0)
    response = client.post(location, data={"version": "1", "comment": "Kept text", "level-0": "99"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Kept text" in page and "Choose a level for" in page
    assert client.post(location, data={"version": "x", "level-0": "abc"}).status_code == 400


def test_author_sees_peers_as_numbers_not_names(client, auth, app):
    world = _world(reviews=1)
    for index in (1, 2):
        auth.login_as(world.learners[index])
        location = _lease(client, world, index)
        client.post(location, data={"version": "1", "level-0": "0", "comment": f"From {index}"})
    reviewed = db.session.query(PeerReview).filter_by(status=PeerReviewStatus.SUBMITTED).first().submission
    auth.login_as(reviewed.user)
    page = client.get(f"/submissions/{reviewed.id}").get_data(as_text=True)
    assert "Peer 1" in page
    for name in NAMES:
        if name != reviewed.user.name:
            assert name not in page


def test_give_back_and_block(client, auth, app):
    world = _world()
    auth.login_as(world.learners[0])
    location = _lease(client, world, 0)
    review_id = int(location.rsplit("/", 1)[1])
    assert client.post(f"/peer/reviews/{review_id}/release").status_code == 302
    assert db.session.get(PeerReview, review_id).status == PeerReviewStatus.RELEASED
    second = int(_lease(client, world, 0).rsplit("/", 1)[1])
    refused = client.post(f"/peer/reviews/{second}/block", data={"reason": "x" * 501})
    assert refused.status_code == 400 and "500 characters" in refused.get_data(as_text=True)
    assert client.post(f"/peer/reviews/{second}/block", data={"reason": "Harassed me"}).status_code == 302
    assert db.session.query(PeerBlock).one().reason == "Harassed me"


def test_other_learners_cannot_open_someone_elses_review_or_duty(client, auth, app):
    world = _world()
    auth.login_as(world.learners[0])
    review_id = int(_lease(client, world, 0).rsplit("/", 1)[1])
    auth.login_as(world.learners[1])
    assert client.get(f"/peer/reviews/{review_id}").status_code == 404
    assert client.get(f"/peer/reviews/{review_id}/files/1").status_code == 404
    assert client.post(f"/peer/duties/{duty(world.enrollments[0], world.lesson).id}/next").status_code == 404
    assert client.get("/peer/reviews/99999999999999999999").status_code == 404


def test_calibration_first_then_the_differences(client, auth, app):
    world = _world(calibration=CALIBRATION)
    auth.login_as(world.learners[0])
    owed = duty(world.enrollments[0], world.lesson)
    response = client.post(f"/peer/duties/{owed.id}/next")
    assert response.headers["Location"].endswith(f"/peer/duties/{owed.id}/calibration")
    page = client.get(f"/peer/duties/{owed.id}/calibration").get_data(as_text=True)
    assert "<strong>example</strong>" in page
    assert client.post(f"/peer/duties/{owed.id}/calibration", data={}).status_code == 400
    client.post(f"/peer/duties/{owed.id}/calibration", data={"level-0": "0"})
    page = client.get(f"/peer/duties/{owed.id}/calibration").get_data(as_text=True)
    assert "You agreed on 0% of the criteria" in page and "1 level apart" in page
    assert _lease(client, world, 0).startswith("/peer/reviews/")


def test_a_mentor_waives_a_duty_with_a_reason_the_learner_reads(client, auth, app):
    world = _world()
    owed = duty(world.enrollments[0], world.lesson)
    auth.login_as(world.learners[1])
    assert client.post(f"/peer/duties/{owed.id}/waive", data={"reason": "no"}).status_code == 404
    auth.login_as(world.mentor)
    assert client.post(f"/peer/duties/{owed.id}/waive", data={"reason": ""}).status_code == 400
    assert client.post(f"/peer/duties/{owed.id}/waive", data={"reason": "You were ill."}).status_code == 302
    auth.login_as(world.learners[0])
    assert "You were ill." in client.get("/peer/").get_data(as_text=True)


def test_opening_the_page_lifts_a_stuck_duty(client, auth, app):
    world = peer_cohort(1, names=["Solo Learner"])
    hand_in_all(world)
    owed = duty(world.enrollments[0], world.lesson)
    owed.created_at -= timedelta(hours=app.config["PEER_FLEXIBLE_HOURS"] + 1)
    db.session.commit()
    auth.login_as(world.learners[0])
    page = client.get("/peer/").get_data(as_text=True)
    assert "Your cohort has too few hand-ins of this assignment to review; the requirement was lifted on" in page


def test_the_list_costs_the_same_with_one_or_many_duties(client, auth, app):
    small = peer_cohort(2)
    hand_in_all(small)
    auth.login_as(small.learners[0])
    client.get("/peer/")
    with count_queries() as one:
        assert client.get("/peer/").status_code == 200
    learner = small.learners[0]
    for _ in range(6):   # the same learner in six more cohorts, each with a duty and an open lease
        other = peer_cohort(2)
        enrollment = enroll(other.cohort, learner)
        hand_in(enrollment, other.lesson)
        hand_in(other.enrollments[0], other.lesson)
        allocation.lease_next(enrollment, other.lesson, utcnow())
        db.session.commit()
    assert db.session.query(PeerDuty).join(PeerDuty.enrollment).filter_by(user_id=learner.id).count() == 7
    with count_queries() as many:
        assert client.get("/peer/").status_code == 200
    assert many.count == one.count, many


def test_the_assignment_page_and_dashboard_point_to_peer_reviews(client, auth, app):
    world = _world()
    auth.login_as(world.learners[0])
    assert "2 peer reviews to do" in client.get("/dashboard").get_data(as_text=True)
    lesson_page = client.get(lesson_url(world.lesson.track.slug, world.lesson.slug)).get_data(as_text=True)
    assert "Now review 2 peers" in lesson_page
    own = db.session.query(Submission).filter_by(user_id=world.learners[0].id).one()
    page = client.get(f"/submissions/{own.id}").get_data(as_text=True)
    assert "#peer-reviews" in page and "Your peer reviews to do" in page


def test_the_mentor_sees_the_authors_own_duty_beside_their_work_and_can_lift_it(client, auth, app):
    world = _world()
    own = db.session.query(Submission).filter_by(user_id=world.learners[0].id).one()
    owed = duty(world.enrollments[0], world.lesson)
    auth.login_as(world.mentor)
    page = client.get(f"/reviews/{own.id}").get_data(as_text=True)
    assert "<bdi>Ada Aardvark</bdi>'s own peer reviews: 0 of 2 given" in page
    assert f'href="/peer/duties/{owed.id}/waive"' in page
    client.post(f"/peer/duties/{owed.id}/waive", data={"reason": "Away this week"})
    page = client.get(f"/reviews/{own.id}").get_data(as_text=True)
    assert "lifted: <bdi>Away this week</bdi>" in page and "/waive" not in page
