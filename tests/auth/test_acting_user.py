"""``acting_user()``: the real signed-in ``User`` that views hand to services."""
from __future__ import annotations

import pytest
from flask_login import login_user
from werkzeug.exceptions import Unauthorized

from lms.auth import acting_user
from lms.auth.models import User


def test_acting_user_is_the_user_object_not_the_proxy(app, user):
    with app.test_request_context("/"):
        login_user(user)
        actor = acting_user()
        assert type(actor) is User and actor.id == user.id


def test_acting_user_without_a_signed_in_user_is_refused(app):
    with app.test_request_context("/"), pytest.raises(Unauthorized):
        acting_user()
