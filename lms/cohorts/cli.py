"""``flask cohorts ...``: create, list and enrol from the command line (same services as the web)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from lms.cohorts import enrolment, enrolment_csv, queries, services
from lms.cohorts.models import Cohort, EnrollmentRole
from lms.extensions import db
from lms.tracks.models import Track

cli = AppGroup("cohorts", help="Create cohorts, list them and enrol people.")


def _date(ctx, param, value):
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD") from None


@cli.command("create")
@click.option("--track", "track_slug", required=True, help="Slug of an imported track.")
@click.option("--name", required=True)
@click.option("--start", required=True, callback=_date, help="YYYY-MM-DD")
@click.option("--end", required=True, callback=_date, help="YYYY-MM-DD")
@click.option("--capacity", type=click.IntRange(min=0), default=None, help="Most learners; default no limit.")
@click.option("--timezone", default="UTC", show_default=True, help="IANA zone, e.g. Europe/Berlin.")
def create_command(track_slug, name, start, end, capacity, timezone):
    """Create a draft cohort of a track."""
    track = db.session.scalar(select(Track).where(Track.slug == track_slug))
    if track is None:
        raise click.ClickException(f"No track with the slug {track_slug!r}. Import it first.")
    try:
        cohort = services.create_cohort(services.CohortData(
            name=name, track_id=track.id, starts_on=start, ends_on=end, timezone=timezone, capacity=capacity))
    except services.CohortError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created cohort {cohort.id} “{cohort.name}” ({track.slug}, {start} to {end}, {timezone}), draft.")


@cli.command("list")
def list_command():
    """Every cohort with its status and counts."""
    rows = queries.cohort_list()
    if not rows:
        click.echo("No cohorts yet. Create one with: flask cohorts create --track SLUG --name N --start ... --end ...")
        return
    for cohort, learners, mentors in rows:
        seats = f"{learners}/{cohort.capacity}" if cohort.capacity is not None else str(learners)
        click.echo(f"{cohort.id:>4}  {cohort.status.value:<9} {cohort.starts_on} → {cohort.ends_on}  "
                   f"{cohort.track.slug:<28} learners {seats:<8} mentors {mentors:<3} {cohort.name}")


@cli.command("enroll")
@click.argument("cohort_id", type=int)
@click.argument("emails", nargs=-1)
@click.option("--role", type=click.Choice(["learner", "mentor"]), default="learner", show_default=True)
@click.option("--csv", "csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="email,name[,mentor_email[,credit_prior_work]] rows; new people get an account and an "
                   "invitation.")
@click.option("--credit-prior-work", is_flag=True,
              help="Credit lessons completed and quizzes passed in an earlier cohort of the same track.")
def enroll_command(cohort_id, emails, role, csv_file, credit_prior_work):
    """Enrol existing users by email, or everyone in a CSV file: all or nothing."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise click.ClickException(f"No cohort {cohort_id}. See: flask cohorts list")
    rows = [enrolment_csv.CsvRow(line=n, email=email, name="") for n, email in enumerate(emails, 1)]
    try:
        if csv_file is not None:
            rows += enrolment_csv.parse(enrolment_csv.decode(csv_file.read_bytes()))
        if not rows:
            raise click.UsageError("Give emails or --csv FILE.")
        done = enrolment.enrol_list(cohort, rows, EnrollmentRole(role), actor=None,
                                    credit_prior_work=credit_prior_work)
    except enrolment.PlanHasErrors as error:
        for row in error.rows:
            if row.is_error:
                where = f"line {row.line}" if csv_file is not None else row.email
                click.echo(f"  {where}: {row.reason}", err=True)
        raise click.ClickException(str(error)) from None
    except (enrolment.EnrolmentError, enrolment_csv.CsvFormatError) as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    for row in done:
        click.echo(f"  {row.email}: {row.label.lower()}")
    click.echo(f"Enrolled {len(done)} as {role}s in “{cohort.name}”.")
