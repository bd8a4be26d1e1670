"""``flask backup PATH`` and ``flask restore PATH``."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from lms.backup import archive
from lms.backup.manifest import BackupError


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Write one archive of the database and the stored files to PATH (a folder gets a dated .tar.gz)."""
    try:
        result = archive.create_backup(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    manifest = result.manifest
    click.echo(f"Backed up {sum(manifest.tables.values())} rows in {len(manifest.tables)} tables and "
               f"{len(manifest.files)} files ({_size(result.path.stat().st_size)}, schema {manifest.schema_revision}) "
               f"to {result.path}")
    if manifest.missing_files:
        click.echo(f"Warning: {len(manifest.missing_files)} files the database refers to are missing from storage "
                   f"(listed in the manifest): {', '.join(manifest.missing_files[:5])}", err=True)


@click.command("restore")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@with_appcontext
def restore_command(path: Path) -> None:
    """Restore an archive made by `flask backup` into this empty instance (checked completely first)."""
    try:
        result = archive.restore_backup(path)
    except BackupError as error:
        raise click.ClickException(f"{error}") from error
    manifest = result.manifest
    click.echo(f"Restored the backup of {manifest.created_at}: {sum(manifest.tables.values())} rows in "
               f"{len(manifest.tables)} tables and {len(manifest.files)} files, all checksums verified.")
    if result.upgraded_to:
        click.echo(f"Upgraded the schema from {manifest.schema_revision} to {result.upgraded_to}.")
    if manifest.missing_files:
        click.echo(f"Note: {len(manifest.missing_files)} files were already missing when the backup was made.",
                   err=True)


def _size(count: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count} bytes"
