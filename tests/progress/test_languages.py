"""Progress refusals are shown to people: they are written in the reader's language."""
from __future__ import annotations

import pytest

from lms.cohorts.membership import learner_enrollment
from lms.i18n.recipients import speaking_to
from lms.progress.services import ProgressError, mark_complete
from tests.factories.tracks import lesson, make_track


def test_refusals_speak_the_reader_language(app, learner, track):
    enrollment = learner_enrollment(learner, track)
    with app.test_request_context():
        with speaking_to(language="es"), pytest.raises(ProgressError, match="Los cuestionarios se completan"):
            mark_complete(enrollment, lesson(track, "check"))
        with speaking_to(language="ar"), pytest.raises(ProgressError, match="ليس جزءًا من مسار دفعتك"):
            mark_complete(enrollment, make_track(lessons=1).lessons[0])
        with pytest.raises(ProgressError, match="not part of your cohort's track"):
            mark_complete(enrollment, make_track(lessons=1).lessons[0])
