"""Past reviews and asks at /reviews/history: a mentor's own work, newest first, searchable,
filtered by cohort, learner and assignment; admins see everyone's with a mentor filter."""
from __future__ import annotations

import re
from datetime import timedelta

from lms.cohorts.models import EnrollmentRole
from lms.database import utcnow
from lms.extensions import db
from lms.reviews.models import Decision
from lms.tracks.models import Lesson, LessonKind
from tests.factories.ask_rows import make_ask, make_reply
from tests.factories.auth import make_user
from tests.factories.plans import make_mentorship, reviewed
from tests.factories.submissions import assignment_spec, enroll, make_cohort
from tests.querycount import count_queries


def _rows(html: str) -> list[str]:
    """Each row as kind:learner:what, top to bottom."""
    return [f"{kind}:{re.sub('<[^>]+>', '', learner).strip()}:{what}" for kind, learner, what in re.findall(
        r'<tr class="past-work__row--(\w+)">.*?</td>\s*<td>.*?</td>\s*<td>(.*?)</td>\s*<td><a href="[^"]+">([^<]+)</a>',
        html, re.S)]


def _second_lesson(world, title="Style the site"):
    lesson = Lesson(track=world.track, slug=f"second-{world.track.id}", title=title, kind=LessonKind.ASSIGNMENT,
                    position=2, body_html="<p>Style it.</p>", spec=assignment_spec())
    db.session.add(lesson)
    db.session.commit()
    return lesson


def _history(world):
    """Ana reviewed Lea (3 days ago) and Otto (1 day ago), answered an ask of Lea's (2 days ago);
    a colleague reviewed Lea's second assignment (now)."""
    now = utcnow()
    reviewed(world.enrollment, world.lesson, [0, 0], world.mentor, at=now - timedelta(days=3))
    reviewed(world.other_enrollment, world.lesson, [0, 0], world.mentor, at=now - timedelta(days=1),
             decision=Decision.APPROVE)
    ask = make_ask(world.enrollment, title="Is my scope_clause right?", mentor=world.mentor)
    reply = make_reply(ask, world.mentor)
    reply.created_at = now - timedelta(days=2)
    colleague = make_user(name="Cole League")
    enroll(world.cohort, colleague, EnrollmentRole.MENTOR)
    second = _second_lesson(world)
    reviewed(world.enrollment, second, [0, 0], colleague, at=now)
    db.session.commit()
    return colleague, second


def test_a_mentor_sees_their_own_reviews_and_answered_asks_newest_first(client, auth, world):
    _history(world)
    auth.login_as(world.mentor)
    html = client.get("/reviews/history").data.decode()
    assert _rows(html) == ["review:Otto Other:Build your first site", "ask:Lea Learner:Is my scope_clause right?",
                           "review:Lea Learner:Build your first site"]
    assert "Style the site" not in html.split("<table")[1]  # a colleague's review is not Ana's
    assert "Changes requested" in html and "Approved" in html
    assert "/reviews/history" in client.get("/reviews/").data.decode()


def test_search_matches_learner_names_and_titles_literally(client, auth, world):
    _history(world)
    auth.login_as(world.mentor)
    assert [r.split(":")[0] for r in _rows(client.get("/reviews/history?q=otto").data.decode())] == ["review"]
    assert _rows(client.get("/reviews/history?q=scope_clause").data.decode()) == [
        "ask:Lea Learner:Is my scope_clause right?"]
    # "_" and "%" typed are letters, not wildcards
    assert _rows(client.get("/reviews/history?q=scope%25").data.decode()) == []
    assert _rows(client.get("/reviews/history?q=first+site").data.decode())[0].startswith("review:Otto")
    empty = client.get("/reviews/history?q=nobody").data.decode()
    assert "Nothing you did matches this search." in empty


def test_filters_by_cohort_learner_assignment_and_kind(client, auth, world):
    _history(world)
    other_cohort = make_cohort(world.track, name="Autumn cohort")
    enroll(other_cohort, world.mentor, EnrollmentRole.MENTOR)
    elsewhere = enroll(other_cohort, make_user(name="Eli Elsewhere"))
    reviewed(elsewhere, world.lesson, [0, 0], world.mentor)
    auth.login_as(world.mentor)
    html = client.get("/reviews/history").data.decode()
    assert "Autumn cohort</option>" in html and "Eli Elsewhere</option>" in html
    by_cohort = _rows(client.get(f"/reviews/history?cohort={other_cohort.id}").data.decode())
    assert by_cohort == ["review:Eli Elsewhere:Build your first site"]
    by_learner = _rows(client.get(f"/reviews/history?learner={world.learner.id}").data.decode())
    assert [r.split(":")[0] for r in by_learner] == ["ask", "review"]
    by_lesson = _rows(client.get(f"/reviews/history?assignment={world.lesson.id}&kind=reviews").data.decode())
    assert len(by_lesson) == 3 and all(r.startswith("review:") for r in by_lesson)
    assert [r.split(":")[0] for r in _rows(client.get("/reviews/history?kind=asks").data.decode())] == ["ask"]
    assert client.get("/reviews/history?cohort=abc&learner=-1&kind=nonsense&page=x").status_code == 200


def test_a_mentor_cannot_see_another_mentors_work_even_with_the_mentor_filter(client, auth, world):
    colleague, _ = _history(world)
    auth.login_as(world.mentor)
    html = client.get(f"/reviews/history?mentor={colleague.id}").data.decode()
    assert "Style the site" not in html.split("<table")[1]
    assert 'name="mentor"' not in html


def test_admins_see_everyones_work_and_can_pick_one_mentor(client, auth, world):
    colleague, second = _history(world)
    auth.login_as(world.admin)
    html = client.get("/reviews/history").data.decode()
    assert len(_rows(html)) == 4 and _rows(html)[0] == "review:Lea Learner:Style the site"
    assert 'name="mentor"' in html and "Cole League</option>" in html
    only = _rows(client.get(f"/reviews/history?mentor={colleague.id}").data.decode())
    assert only == ["review:Lea Learner:Style the site"]


def test_learners_cannot_open_the_history(client, auth, world):
    auth.login_as(world.learner)
    assert client.get("/reviews/history").status_code == 403


def test_learner_names_link_to_the_mentee_page_only_for_their_active_mentors(client, auth, world):
    _history(world)
    make_mentorship(world.enrollment, world.mentor)
    auth.login_as(world.mentor)
    html = client.get("/reviews/history").data.decode()
    assert f'href="/mentees/{world.learner.id}"' in html
    assert f'href="/mentees/{world.other_learner.id}"' not in html


def test_the_history_pages_and_its_queries_do_not_grow(client, auth, world):
    auth.login_as(world.mentor)
    make_mentorship(world.enrollment, world.mentor)
    _history(world)
    counts = []
    for size in (2, 40):
        for n in range(size):
            ask = make_ask(world.enrollment if n % 2 else world.other_enrollment, title=f"Ask {n}", commit=False)
            db.session.flush()
            make_reply(ask, world.mentor, commit=False)
        db.session.commit()
        urls = ("/reviews/history", "/reviews/history?page=2&q=ask", f"/reviews/history?learner={world.learner.id}")
        for url in urls:
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            counts.append(counter.count)
    assert counts[:3] == counts[3:]
    html = client.get("/reviews/history?page=2").data.decode()
    assert "Page 2 of 2" in html and 'rel="prev"' in html
