"""Backup and restore: one consistent archive of the database and the stored files (docs/backup.md)."""
from __future__ import annotations

from flask import Flask

from lms.backup.cli import backup_command, restore_command


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
