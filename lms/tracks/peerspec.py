"""Peer review settings of an assignment, read from its front matter (docs/authoring.md).

Stored as ``Lesson.spec["peer"]`` only when the assignment asks for reviews::

    {"reviews": int (1-5), "anonymous": bool,
     "rubric": [criterion, ...],              # rubric normal form (lms.tracks.rubric)
     "calibration": {"text": str, "scores": [level index per criterion]} or None}

Without ``peer_rubric`` peers score on the mentor's rubric (same criteria and levels): the
peer scores are advisory whatever rubric they use. Calibration levels are 0-based in the
rubric's stored order (most points first) or given by their label.
"""
from __future__ import annotations

from flask_babel import gettext

from lms.tracks.fields import Fields
from lms.tracks.rubric import read_rubric

PEER_KEYS = frozenset({"peer_reviews", "peer_rubric", "peer_anonymous", "peer_calibration"})
MAX_PEER_REVIEWS = 5


def read_peer(fields: Fields, mentor_rubric: list[dict]) -> dict | None:
    """The peer settings, or None when the assignment asks for no peer reviews."""
    reviews = fields.integer("peer_reviews", maximum=MAX_PEER_REVIEWS, default=0,
                             what=gettext("a whole number of reviews (0 to %(maximum)s)", maximum=MAX_PEER_REVIEWS))
    anonymous = _read_flag(fields, "peer_anonymous", default=True)
    rubric = read_rubric(fields, "peer_rubric") if fields.has("peer_rubric") else mentor_rubric
    if not reviews:
        for key in sorted(PEER_KEYS - {"peer_reviews"}):
            if fields.has(key):
                fields.warning(key, gettext("'%(key)s' has no effect without peer_reviews (1 to %(maximum)s); ignored",
                                            key=key, maximum=MAX_PEER_REVIEWS))
        return None
    return {"reviews": reviews, "anonymous": anonymous, "rubric": rubric,
            "calibration": _read_calibration(fields, rubric)}


def peer_settings(spec: dict | None) -> dict | None:
    """``Lesson.spec["peer"]`` when the assignment asks for at least one peer review."""
    peer = (spec or {}).get("peer")
    if not isinstance(peer, dict) or not isinstance(peer.get("reviews"), int) or peer["reviews"] < 1:
        return None
    return peer


def _read_flag(fields: Fields, key: str, *, default: bool) -> bool:
    value = fields.raw(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        fields.error(key, gettext("%(key)s must be true or false, not %(value)s", key=key, value=repr(value)))
        return default
    return value


def _read_calibration(fields: Fields, rubric: list[dict]) -> dict | None:
    calibration = fields.mapping("peer_calibration")
    if calibration is None:
        return None
    calibration.warn_unknown({"text", "scores"})
    text = calibration.text("text")
    if not text:
        fields.error("peer_calibration", gettext("peer_calibration needs the example work as text:"))
    if not rubric:
        fields.error("peer_calibration",
                     gettext("peer_calibration needs a peer rubric (peer_rubric or rubric) to score on"))
        return None
    raw = calibration.raw("scores")
    if not isinstance(raw, list) or len(raw) != len(rubric):
        where = "scores" if calibration.has("scores") else "text"
        calibration.error(where, gettext("peer_calibration.scores must list one level per criterion (%(count)s)",
                                         count=len(rubric)))
        return None
    scores = [_level_index(calibration, index, value, criterion) for index, (value, criterion)
              in enumerate(zip(raw, rubric, strict=True))]
    if not text or None in scores:
        return None
    return {"text": text, "scores": scores}


def _level_index(calibration: Fields, index: int, value, criterion: dict) -> int | None:
    labels = [level["label"].lower() for level in criterion["levels"]]
    if isinstance(value, str) and value.strip().lower() in labels:
        return labels.index(value.strip().lower())
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(labels):
        return value
    calibration.report.error(
        calibration.line("scores", index),
        gettext("peer_calibration.scores[%(index)s] must be a level of '%(criterion)s': "
                "0 to %(last)s (most points first) or one of its labels, not %(value)s",
                index=index, criterion=criterion["name"], last=len(labels) - 1, value=repr(value)))
    return None
