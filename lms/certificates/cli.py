"""``flask certificates issue|rerender|key``."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from lms.certificates import jobs, publishing, services, signing
from lms.certificates.models import Certificate, CertificateStatus
from lms.cohorts.models import Cohort
from lms.extensions import db

certificates_cli = AppGroup("certificates", help="Certificates of completion.")

SUMMARY = [("issued", "issued"), ("pending_approval", "waiting for approval"),
           ("existing", "already had one"), ("not_complete", "not complete"), ("not_enrolled", "withdrawn")]


@certificates_cli.command("issue")
@click.option("--cohort", "cohort_id", type=int, required=True, help="The cohort's id.")
def issue_command(cohort_id: int) -> None:
    """Issue every due certificate of a cohort (running it twice issues nothing new)."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise click.ClickException(f"No cohort with id {cohort_id}.")
    counts: dict[str, int] = {}
    learner_ids = jobs.learner_ids(cohort.id)
    progress = f"Checking {len(learner_ids)} learners of {cohort.name}"  # CLI output: English
    with click.progressbar(learner_ids, label=progress) as bar:
        for user_id in bar:
            outcome = services.issue_if_complete(user_id, cohort.id)
            db.session.commit()  # PDFs are rendered by a job queued on commit
            counts[outcome.reason] = counts.get(outcome.reason, 0) + 1
    click.echo(", ".join(f"{counts.get(key, 0)} {label}" for key, label in SUMMARY if counts.get(key) or key in
                         ("issued", "existing", "not_complete")))


@certificates_cli.command("rerender")
@click.option("--cohort", "cohort_id", type=int, help="Only this cohort's certificates.")
@click.option("--missing", is_flag=True, help="Only certificates without a PDF yet.")
def rerender_command(cohort_id: int | None, missing: bool) -> None:
    """Render issued certificates again (after a template change); codes never change."""
    if missing:
        click.echo(f"{jobs.render_missing(cohort_id)} PDFs rendered.")
        return
    query = select(Certificate.id).where(Certificate.status == CertificateStatus.ISSUED)
    if cohort_id is not None:
        query = query.where(Certificate.cohort_id == cohort_id)
    ids = db.session.scalars(query.order_by(Certificate.id)).all()
    rendered = 0
    progress = f"Rendering {len(ids)} certificates"  # CLI output: English
    with click.progressbar(ids, label=progress) as bar:
        for certificate_id in bar:
            rendered += publishing.render_and_store(certificate_id, force=True)
            db.session.commit()
    click.echo(f"{rendered} PDFs rendered.")


@certificates_cli.command("key")
def key_command() -> None:
    """Show the credential signing key (created on first use) and its public JWK."""
    path = signing.key_path(current_app)
    public_key = signing.signing_key().public_key()
    jwk = signing.public_jwk(public_key, current_app.config["LMS_BASE_URL"])
    click.echo(f"Private key: {path} (keep it secret; copy it to every server, "
               f"or point CREDENTIAL_SIGNING_KEY_PATH at a shared copy)")
    click.echo(f"Thumbprint: {signing.thumbprint(public_key)}")
    click.echo(f"Key id, where it is published: {jwk['kid']}")
