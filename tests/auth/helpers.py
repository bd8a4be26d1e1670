"""Who a browser is signed in as, read the way a person sees it: the name in the page header."""
from __future__ import annotations

import html
import re

_HEADER_NAME = re.compile(r'class="site-user__name">([^<]*)</a>')


def signed_in_name(client) -> str | None:
    """The name the header shows on the profile page, or None when that page sends the
    visitor to sign in instead."""
    response = client.get("/profile")
    if response.status_code == 302:
        assert response.location.startswith("/login?next="), response.location
        return None
    assert response.status_code == 200, response.status_code
    match = _HEADER_NAME.search(response.get_data(as_text=True))
    assert match, "a page for a signed-in user names them in the header"
    return html.unescape(match.group(1))


def session_user_id(client) -> str | None:
    """The user id Flask-Login keeps in the client's session cookie, if any."""
    with client.session_transaction() as session:
        return session.get("_user_id")


def flashes(page: str) -> list[str]:
    """The flash messages shown on a page, in order."""
    return [html.unescape(text) for text in re.findall(r'<p class="flash flash--\w+">([^<]*)</p>', page)]


def past_welcome(location: str) -> str:
    """Where a sign-in leads once the welcome step is done or skipped.

    People who never gave their skills are first sent to ``/welcome?next=<target>``
    (``lms.profiles``); auth decides ``target``, which this returns."""
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(location)
    if parts.path == "/welcome":
        return parse_qs(parts.query).get("next", ["/"])[0]
    return location
