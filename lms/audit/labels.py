"""Audit events as people read them on a page (a history list, after the day and a dot): one phrase
per action, whole, so translators can order its words."""
from __future__ import annotations

from flask_babel import gettext, lazy_gettext
from markupsafe import Markup, escape

from lms.audit.models import AuditEvent
from lms.i18n.formatting import bdi

# (by someone, by the system) for each action a page shows.
_SENTENCES = {
    "certificate.created": (lazy_gettext("created by %(name)s"), lazy_gettext("created by the system")),
    "certificate.approved": (lazy_gettext("approved by %(name)s"), lazy_gettext("approved by the system")),
    "certificate.revoked": (lazy_gettext("revoked by %(name)s"), lazy_gettext("revoked by the system")),
    "certificate.reissued": (lazy_gettext("re-issued by %(name)s"), lazy_gettext("re-issued by the system")),
    "certificate.issued_without_completion": (lazy_gettext("issued without completion by %(name)s"),
                                              lazy_gettext("issued without completion by the system")),
    "api_token.created": (lazy_gettext("token created by %(name)s"), lazy_gettext("token created by the system")),
    "api_token.revoked": (lazy_gettext("token revoked by %(name)s"), lazy_gettext("token revoked by the system")),
}


def describe(event: AuditEvent) -> Markup:
    """``revoked by Ada Admin``, ``created by the system``."""
    by_someone, by_system = _SENTENCES.get(event.action, (None, None))
    name = event.actor.name if event.actor is not None else None
    if by_someone is None:  # an action no page showed before: its name, as it always read
        verb = event.action.split(".")[-1].replace("_", " ")
        return Markup(escape(gettext("%(action)s by %(name)s", action=verb, name=name) if name else verb))
    if name:
        return Markup(escape(str(by_someone))) % {"name": bdi(name)}
    return Markup(escape(str(by_system)))
