"""The review form. Only the chosen level per criterion, comments, feedback and the decision
are read from it; totals are computed by the server."""
from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length
from wtforms.widgets import HiddenInput

from lms.reviews.models import Decision
from lms.reviews.ratings import COMMENT_MAX, RatingData
from lms.reviews.services import ReviewData

DECISION_LABELS = {
    Decision.APPROVE: lazy_gettext("Approve"),
    Decision.REQUEST_CHANGES: lazy_gettext("Request changes"),
    Decision.NOT_PASSED: lazy_gettext("Not passed (final)"),
}


class ReviewForm(FlaskForm):
    attempt_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    feedback = TextAreaField(lazy_gettext("Overall feedback"), validators=[Length(max=20_000)],
                             description=lazy_gettext("Markdown. The learner sees it with the rubric."))
    decision = RadioField(lazy_gettext("Decision"),
                          validators=[DataRequired(message=lazy_gettext("Choose a decision."))])

    def __init__(self, *args, rubric: list[dict], decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        self.decision.choices = [(d.value, DECISION_LABELS[d]) for d in Decision if d in decisions]
        source = request.form if self.is_submitted() else None
        self.levels: list[int | None] = [_level(source, i) for i in range(len(rubric))]
        self.comments: list[str] = [(source.get(f"comment-{i}", "") if source else "")[:4000]
                                    for i in range(len(rubric))]
        self.level_errors: dict[int, str] = {}

    def review_data(self) -> ReviewData:
        return ReviewData(attempt_id=self.attempt_id.data, version=self.version.data,
                          decision=Decision(self.decision.data), levels=self.levels,
                          comments=self.comments, feedback=self.feedback.data or "")


def _level(formdata, index: int) -> int | None:
    if not formdata:
        return None
    value = formdata.get(f"level-{index}", "")
    return int(value) if value.isdigit() else None


class RatingForm(FlaskForm):
    """Feedback on feedback: was this review helpful? With an optional comment."""

    helpful = RadioField(lazy_gettext("Was this review helpful?"),
                         choices=[SelectChoice("yes", lazy_gettext("Helpful")),
                                  SelectChoice("no", lazy_gettext("Not helpful"))],
                         validators=[DataRequired(message=lazy_gettext("Choose helpful or not helpful."))])
    comment = TextAreaField(lazy_gettext("Comment for your mentor"), validators=[Length(max=COMMENT_MAX)],
                            description=lazy_gettext("Optional. What helped, or what would have helped more."))

    def rating_data(self) -> RatingData:
        return RatingData(helpful=self.helpful.data == "yes", comment=self.comment.data or "")
