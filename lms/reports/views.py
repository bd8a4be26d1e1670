"""The cohort page (progress grid, at-risk list, mentor load), its chart and the CSV exports."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from lms import permissions
from lms.cohorts import services
from lms.cohorts.csvfile import streamed_csv_response
from lms.cohorts.views import load_cohort
from lms.database import utcnow
from lms.i18n.formatting import format_day, format_percent
from lms.pagecache import cached_page
from lms.reports import chart, exports, overview

bp = Blueprint("reports", __name__, template_folder="templates")


@bp.route("/cohorts/<int:cohort_id>")
@login_required
@cached_page
def cohort(cohort_id: int):
    cohort = load_cohort(cohort_id)
    if not permissions.can_view_cohort_admin_page(current_user, cohort):
        return redirect(url_for("cohorts.schedule", cohort_id=cohort.id))  # a learner's view of the cohort
    data = overview.cohort_overview(cohort, page=request.args.get("page", 1, type=int), now=utcnow(),
                                    inactive_days=int(current_app.config["AT_RISK_INACTIVE_DAYS"]))
    return render_template("reports/cohort.html", cohort=cohort, o=data, now=utcnow(),
                           can_manage=permissions.can_manage_cohort(current_user, cohort),
                           can_export=permissions.can_export_cohort(current_user, cohort),
                           next_statuses=services.next_statuses(cohort), labels=services.STATUS_LABELS)


@bp.route("/cohorts/<int:cohort_id>/progress.svg")
@login_required
def progress_chart(cohort_id: int):
    cohort = load_cohort(cohort_id)
    permissions.require(permissions.can_view_cohort_admin_page(current_user, cohort))
    today = utcnow().astimezone(ZoneInfo(cohort.timezone)).date()
    series = overview.daily_average(cohort, min(today, cohort.ends_on))
    if series:
        desc = gettext("Average share of the track completed by the cohort's learners, day by day since %(start)s; "
                       "latest %(percent)s on %(day)s.", start=format_day(cohort.starts_on),
                       percent=format_percent(round(series[-1][1]) / 100), day=format_day(series[-1][0]))
    else:
        desc = gettext("Average share of the track completed by the cohort's learners, day by day since %(start)s; "
                       "no data yet.", start=format_day(cohort.starts_on))
    svg = chart.progress_svg(series, title=gettext("%(cohort)s: average progress per day", cohort=cohort.name),
                             desc=desc)
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "private, max-age=300"})


def _exportable(cohort_id: int):
    cohort = load_cohort(cohort_id)
    permissions.require(permissions.can_export_cohort(current_user, cohort))
    return cohort


@bp.route("/cohorts/<int:cohort_id>/gradebook.csv")
@login_required
def gradebook_csv(cohort_id: int):
    cohort = _exportable(cohort_id)
    header, rows = exports.gradebook(cohort)
    return streamed_csv_response(f"{exports.file_stem(cohort)}-gradebook.csv", header, rows)


@bp.route("/cohorts/<int:cohort_id>/roster.csv")
@login_required
def roster_csv(cohort_id: int):
    cohort = _exportable(cohort_id)
    header, rows = exports.roster(cohort)
    return streamed_csv_response(f"{exports.file_stem(cohort)}-roster.csv", header, rows)
