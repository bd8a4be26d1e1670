"""The learner's peer review forms. The chosen level per criterion and the comments are read
from the form; totals and agreement are computed by the services."""
from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length
from wtforms.widgets import HiddenInput

from lms.peer.writing import BLOCK_REASON_MAX, COMMENT_MAX, CRITERION_COMMENT_MAX, PeerReviewData


class _RubricForm(FlaskForm):
    """A level (radio ``level-i``) and an optional comment (``comment-i``) per criterion."""

    def __init__(self, *args, rubric: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        source = request.form if self.is_submitted() else None
        self.levels: list[int | None] = [_level(source, i) for i in range(len(rubric))]
        self.comments: list[str] = [(source.get(f"comment-{i}", "") if source else "")[:CRITERION_COMMENT_MAX]
                                    for i in range(len(rubric))]
        self.level_errors: dict[int, str] = {}


def _level(formdata, index: int) -> int | None:
    value = formdata.get(f"level-{index}", "") if formdata else ""
    return int(value) if value.isdigit() and len(value) < 4 else None


class PeerReviewForm(_RubricForm):
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    comment = TextAreaField(lazy_gettext("Overall comment"), validators=[Length(max=COMMENT_MAX)],
                            description=lazy_gettext("Markdown. Say what works and one thing to improve; "
                                                     "be kind and specific."))

    def data_for_service(self) -> PeerReviewData:
        return PeerReviewData(version=self.version.data, levels=self.levels, comments=self.comments,
                              comment=self.comment.data or "")


class CalibrationForm(_RubricForm):
    pass


class BlockForm(FlaskForm):
    reason = TextAreaField(lazy_gettext("Why? (optional, seen only by mentors)"),
                           validators=[Length(max=BLOCK_REASON_MAX)])


class WaiveForm(FlaskForm):
    reason = TextAreaField(lazy_gettext("Reason the learner will read"), validators=[
        DataRequired(lazy_gettext("Say why, in words the learner will read.")), Length(max=500)])
