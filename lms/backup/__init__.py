"""Backup and restore: one consistent archive of the database and the stored files (docs/backup.md)."""
