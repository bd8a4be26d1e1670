"""Fill in a page's form like a browser: every hidden field (CSRF token, idempotency keys)
as served, the first choice of each radio group, and the fields the caller gives."""
from __future__ import annotations

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._current: dict | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {"action": attrs.get("action") or "", "method": (attrs.get("method") or "get").lower(),
                             "fields": {}, "submits": []}
            self.forms.append(self._current)
        elif self._current is None:
            return
        elif tag == "input":
            name, kind = attrs.get("name"), (attrs.get("type") or "text").lower()
            if not name:
                return
            if kind == "submit":
                self._current["submits"].append((name, attrs.get("value", "")))
            elif kind in ("radio", "checkbox"):
                if kind == "radio" and name not in self._current["fields"]:
                    self._current["fields"][name] = attrs.get("value", "on")
                elif "checked" in attrs:
                    self._current["fields"][name] = attrs.get("value", "on")
            elif kind != "file":
                self._current["fields"][name] = attrs.get("value", "")
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self._current["fields"][self._textarea] = ""
        elif tag == "button" and attrs.get("name"):
            self._current["submits"].append((attrs["name"], attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea and self._current is not None:
            self._current["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._current = None


def post_form(html: str, *, having: str) -> dict | None:
    """The first POST form with a field named ``having``: {"action", "fields", "submits"}."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if form["method"] == "post" and having in form["fields"]:
            return form
    return None
