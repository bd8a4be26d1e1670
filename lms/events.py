"""Deprecated: features send and receive blinker signals from ``lms.signals``.

Only ``emit`` is left, for ``lms.tracks.progress`` until progress moves to its own
package and sends ``signals.progress_changed`` itself; delete this module then.
"""
from __future__ import annotations

from lms import signals


def emit(name: str, **data) -> None:
    """Send the ``lms.signals`` signal called ``name`` with no sender."""
    getattr(signals, name).send(None, **data)
