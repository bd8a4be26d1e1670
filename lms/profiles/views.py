"""The person's own profile page and the first-sign-in welcome step."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, refresh
from flask_login import login_required

from lms.auth import acting_user
from lms.auth.forms import ChangePasswordForm
from lms.auth.views import safe_next_url
from lms.extensions import db
from lms.permissions import can_edit_profile, can_offer_mentoring, require
from lms.profiles import capacity, facts, services
from lms.profiles.forms import ProfileForm, WelcomeForm
from lms.profiles.skills import skills_by_user

bp = Blueprint("profiles", __name__, template_folder="templates")

# ``app.extensions[ONBOARDING_NEXT]``: a feature above (plans) may add its own step after
# the welcome page: ``hook(user, next_url) -> url | None``.
ONBOARDING_NEXT = "onboarding_next"


def _saved(user):
    """What is saved now: the profile (a blank one, not stored, before the first save) and the skills."""
    profile = services.profile_or_blank(user.id)
    return profile, skills_by_user([user.id])[user.id]


def _saved_ok(form, user, save) -> bool:
    """Run ``save`` and commit. On a conflict roll back, keep what was typed and carry the
    current token, so that saving again is a deliberate choice; False then."""
    try:
        save(user, form.to_data(), based_on=form.version.data or None)
    except services.ProfileConflict as error:
        db.session.rollback()
        form.version.errors.append(str(error))
        form.version.data = services.version_token(user, services.profile_or_blank(user.id))
        return False
    db.session.commit()
    return True


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def edit():
    user = acting_user()
    require(can_edit_profile(user, user))
    form = ProfileForm.build(mentor=can_offer_mentoring(user))
    profile, levels = _saved(user)
    if request.method == "GET":
        form.fill(user, profile, levels, services.version_token(user, profile))
    elif "add_skill_row" in request.form:
        form.add_blank_rows(1)
    elif form.validate_on_submit():
        if _saved_ok(form, user, services.save_profile):
            refresh()  # the interface language may have changed: the message and the next page use it
            flash(gettext("Your profile is saved."), "success")
            return redirect(url_for("profiles.edit"))
        profile, levels = _saved(user)
    conflict = bool(form.version.errors)
    status = 409 if conflict else 400 if form.errors else 200
    return render_template("profiles/edit.html", form=form, profile=profile, levels=levels,
                           load=capacity.load(profile), password_form=ChangePasswordForm(),
                           conflict=conflict, facts=facts.person_facts([user.id]).get(user.id, [])), status


@bp.route("/welcome", methods=["GET", "POST"])
@login_required
def welcome():
    user = acting_user()
    require(can_edit_profile(user, user))
    form = WelcomeForm()
    profile, levels = _saved(user)
    if request.method == "GET":
        form.fill(user, profile, levels, services.version_token(user, profile))
        form.next.data = request.args.get("next", "")
    elif "add_skill_row" in request.form:
        form.add_blank_rows(1)
    elif form.validate_on_submit():
        if _saved_ok(form, user, services.complete_onboarding):
            flash(gettext("Thank you: mentors and matching can now take your skills into account."), "success")
            return redirect(after_welcome(user, form.next.data))
        profile, levels = _saved(user)
    conflict = bool(form.version.errors)
    status = 409 if conflict else 400 if form.errors else 200
    return render_template("profiles/welcome.html", form=form, levels=levels, conflict=conflict,
                           skip_url=safe_next_url(form.next.data)), status


def after_welcome(user, next_url: str | None) -> str:
    """Where the welcome step leads: a later onboarding step if a feature adds one, else ``next`` or home."""
    target = safe_next_url(next_url)
    hook = current_app.extensions.get(ONBOARDING_NEXT)
    return safe_next_url(hook(user, target) or target) if hook else target


def after_sign_in(user, target: str) -> str:
    """Registered with auth: people who never told us their skills see the welcome step first."""
    if services.needs_onboarding(user.id):
        return url_for("profiles.welcome", next=target)
    return target
