"""Small helpers every feature's views share for forms (a core module: it imports no feature)."""
from __future__ import annotations


def copy_errors(form, errors: dict[str, list[str]]) -> None:
    """A service's messages next to the fields they are about; the rest above the form."""
    for name, messages in errors.items():
        target = getattr(form, name, None)
        if target is None:
            form.form_errors.extend(messages)
        else:
            target.errors = list(target.errors) + messages
