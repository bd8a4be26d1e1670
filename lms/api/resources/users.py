"""People's accounts (admins), as on the Users page; anyone may read their own.

Adding, (de)activating and making admins go through ``lms.auth.services``: a new person
is invited by email, deactivating ends their sessions and links (and their tokens stop at
once), and the last active admin cannot be taken away.
"""
from __future__ import annotations

import marshmallow as ma
from flask import url_for
from flask_login import current_user

from lms.api.blueprint import ApiBlueprint
from lms.api.idempotency import idempotent
from lms.api.pagination import PageArgs, page_schema, paginate
from lms.api.problems import ApiProblem, invalid
from lms.auth import acting_user, services
from lms.auth.emails import checked_email
from lms.auth.models import User
from lms.extensions import db
from lms.permissions import can_manage_users, can_view_account, require
from lms.text import single_line

blp = ApiBlueprint("users", __name__, url_prefix="/api/v1/users", description="People's accounts (admins)")

STATUSES = ["active", "invited", "unconfirmed", "deactivated"]


class UserSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    email = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    is_admin = ma.fields.Boolean(required=True)
    is_active = ma.fields.Boolean(required=True)
    status = ma.fields.String(required=True, metadata={
        "enum": STATUSES,
        "description": "invited: no password yet; unconfirmed: self-registered, address not confirmed"})
    timezone = ma.fields.String(required=True)
    created_at = ma.fields.AwareDateTime(required=True)
    last_login_at = ma.fields.AwareDateTime(required=True, allow_none=True)


class UserListArgs(PageArgs):
    q = ma.fields.String(validate=ma.validate.Length(max=254), metadata={"description": "Part of a name or email"})
    status = ma.fields.String(validate=ma.validate.OneOf(["all", "active", "invited", "deactivated"]))
    role = ma.fields.String(validate=ma.validate.OneOf(["all", "admin"]))
    created_since = ma.fields.AwareDateTime(metadata={"description": "Only accounts made at or after this moment"})


class NewUserSchema(ma.Schema):
    email = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=254))
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=120))
    is_admin = ma.fields.Boolean(load_default=False)


class UserPatchSchema(ma.Schema):
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=120))
    is_admin = ma.fields.Boolean()
    is_active = ma.fields.Boolean(metadata={"description": "false: deactivate (ends sessions, stops tokens)"})


UserPage = page_schema(UserSchema)


def _status(user: User) -> str:
    if not user.is_active:
        return "deactivated"
    if not user.is_confirmed:
        return "unconfirmed"
    return "active" if user.has_password else "invited"


def _user(user: User) -> dict:
    return {"id": user.id, "email": user.email, "name": user.name, "is_admin": user.is_admin,
            "is_active": user.is_active, "status": _status(user), "timezone": user.timezone,
            "created_at": user.created_at, "last_login_at": user.last_login_at}


def _viewable(user_id: int, *, for_update: bool = False) -> User:
    query = db.select(User).where(User.id == user_id)
    person = db.session.scalar(query.with_for_update() if for_update else query)
    if person is None or not can_view_account(current_user, person):
        raise ApiProblem(404, "No such account, or you may not see it.", code="not-found")
    return person


@blp.route("/")
@blp.scoped("users")
@blp.arguments(UserListArgs, location="query", as_kwargs=True)
@blp.response(200, UserPage)
def list_users(**args):
    """Every account (admins), filtered as on the Users page."""
    require(can_manage_users(current_user))
    query = services.search_users(args.get("q") or "", status=args.get("status", "all"),
                                  role=args.get("role", "all")).order_by(None)
    if args.get("created_since"):
        query = query.where(User.created_at >= args["created_since"])
    return paginate(db.session, query, User.id, args).answer(_user)


@blp.route("/", methods=["POST"])
@idempotent
@blp.scoped("users", write=True)
@blp.arguments(NewUserSchema)
@blp.response(201, UserSchema)
def create_user(args):
    """Add a person (admins); they are emailed an invitation to choose a password."""
    require(can_manage_users(current_user))
    email, name = checked_email(args["email"]), single_line(args["name"]).strip()
    if email is None:
        raise invalid("email", "Enter an email address like name@example.org.")
    if not name:
        raise invalid("name", "Give the person's name.")
    try:
        user, _ = services.add_user(email, name, is_admin=args["is_admin"], invited_by=acting_user())
    except services.EmailTaken as error:
        db.session.rollback()
        raise ApiProblem(409, str(error), code="email-taken", errors={"email": [str(error)]}) from None
    db.session.commit()
    return _user(user), 201, {"Location": url_for("api_users.get_user", user_id=user.id)}


@blp.route("/<int:user_id>")
@blp.scoped("users")
@blp.etag
@blp.response(200, UserSchema)
def get_user(user_id: int):
    """One account: admins read any, everyone their own."""
    return _user(_viewable(user_id))


@blp.route("/<int:user_id>", methods=["PATCH"])
@blp.scoped("users", write=True)
@blp.etag
@blp.arguments(UserPatchSchema)
@blp.response(200, UserSchema)
@blp.alt_response(409, response="PROBLEM", description="Refused: e.g. the last active admin")
@blp.alt_response(412, response="PROBLEM", description="The account changed since it was read (If-Match)")
def update_user(args, user_id: int):
    """Rename, make or unmake an admin, deactivate or reactivate (admins). Send ``If-Match``."""
    person = _viewable(user_id, for_update=True)
    require(can_manage_users(current_user))
    blp.check_etag(_user(person), UserSchema)
    try:
        if "name" in args:
            name = single_line(args["name"]).strip()
            if not name:
                raise invalid("name", "Give the person's name.")
            services.update_profile(person, services.ProfileData(name=name, bio=person.bio,
                                                                 timezone=person.timezone))
        if "is_admin" in args and args["is_admin"] != person.is_admin:
            services.set_admin(person, args["is_admin"])
        if "is_active" in args and args["is_active"] != person.is_active:
            services.set_active(person, args["is_active"], actor=acting_user())
    except services.AccountError as error:
        db.session.rollback()
        raise ApiProblem(409, str(error), code="account-refused") from None
    db.session.commit()
    return _user(person)
