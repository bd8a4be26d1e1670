"""The asks pages. The endpoint names are fixed (other features link to them): asks.mine,
asks.new, asks.thread, asks.claim, asks.release, asks.handover, asks.resolve, asks.rate,
asks.show_thanks, asks.file."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("asks", __name__, template_folder="../templates")

# The routes register themselves on ``bp``.
from lms.asks.views import actions, pages  # noqa: E402,F401
