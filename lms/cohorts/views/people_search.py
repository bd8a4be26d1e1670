"""Type-ahead for the people page: active users not in the cohort yet, as JSON (admins only)."""
from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext
from flask_login import current_user, login_required

from lms import ratelimit
from lms.cohorts import people_search
from lms.cohorts.views import bp, load_managed_cohort

SEARCHES_PER_MINUTE = 120


@bp.route("/cohorts/<int:cohort_id>/people/search.json")
@login_required
def people_search_json(cohort_id: int):
    cohort = load_managed_cohort(cohort_id)
    ratelimit.limit(f"people-search:user:{current_user.id}", SEARCHES_PER_MINUTE, 60,
                    message=gettext("Too many searches; wait a minute."))
    query = people_search.clean_query(request.args.get("q"))
    users = people_search.candidates(cohort, query)
    response = jsonify(query=query, min_chars=people_search.MIN_CHARS, limit=people_search.LIMIT,
                       results=[{"id": u.id, "name": u.name, "email": u.email} for u in users])
    response.headers["Cache-Control"] = "no-store"
    return response
