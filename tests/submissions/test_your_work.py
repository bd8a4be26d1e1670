""""Your work" in the navigation: the learner's hand-ins across cohorts, and only theirs."""
from __future__ import annotations

from tests.factories.submissions import enroll, hand_in, make_cohort, make_track
from tests.querycount import count_queries

NAV_LINK = '<a href="/submissions/"'


def _nav(html: str) -> str:
    return html[html.index("<nav"):html.index("</nav>")]


def test_learners_and_mentors_get_your_work_in_the_navigation(client, auth, world):
    for user in (world.learner, world.mentor):
        auth.login_as(user)
        nav = _nav(client.get("/submissions/").get_data(as_text=True))
        assert "Your work" in nav and NAV_LINK in nav


def test_admins_do_not_get_your_work_in_the_navigation(client, auth, world):
    auth.login_as(world.admin)
    assert "Your work" not in _nav(client.get("/tracks").get_data(as_text=True))


def test_your_work_lists_the_learners_hand_ins_across_cohorts_with_status(client, auth, world):
    mine = hand_in(world.enrollment, world.lesson).submission
    track, lesson = make_track()
    later = hand_in(enroll(make_cohort(track, name="Autumn cohort"), world.learner), lesson).submission
    auth.login_as(world.learner)
    page = client.get("/submissions/").get_data(as_text=True)
    assert f'/submissions/{mine.id}"' in page and f'/submissions/{later.id}"' in page
    assert "Spring cohort" in page and "Autumn cohort" in page and "Waiting for review" in page


def test_nobody_sees_another_learners_work_on_their_page_or_by_its_address(client, auth, world):
    others = hand_in(world.other_enrollment, world.lesson).submission
    auth.login_as(world.learner)
    assert f'/submissions/{others.id}"' not in client.get("/submissions/").get_data(as_text=True)
    assert client.get(f"/submissions/{others.id}").status_code == 404


def test_your_work_runs_the_same_queries_however_much_work_there_is(client, auth, world):
    auth.login_as(world.learner)
    hand_in(world.enrollment, world.lesson)
    client.get("/submissions/")
    with count_queries() as few:
        client.get("/submissions/")
    for _ in range(3):
        track, lesson = make_track()
        hand_in(enroll(make_cohort(track), world.learner), lesson)
    with count_queries() as many:
        client.get("/submissions/")
    assert many.count == few.count
