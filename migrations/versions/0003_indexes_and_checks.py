"""Indexes and checks: drop indexes a composite one covers, index every foreign key, check enum values.

lesson_progress and quiz_attempt were rebuilt per enrolment by 0002 with their indexes right.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 07:30:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Single-column indexes on a column that already leads a composite UNIQUE constraint,
# which serves the same lookups: table -> [(index, column, the constraint that covers it)].
REDUNDANT_INDEXES = {
    "attempt": [("ix_attempt_submission_id", "submission_id", "uq_attempt_submission_id_number")],
    "cohort_deadline": [("ix_cohort_deadline_cohort_id", "cohort_id", "uq_cohort_deadline_cohort_id_lesson_id")],
    "enrollment": [("ix_enrollment_cohort_id", "cohort_id", "uq_enrollment_cohort_id_user_id")],
    "lesson": [("ix_lesson_track_id", "track_id", "uq_lesson_track_id_slug")],
    "module": [("ix_module_track_id", "track_id", "uq_module_track_id_slug")],
    "submission": [("ix_submission_cohort_id", "cohort_id", "uq_submission_cohort_id_user_id_lesson_id")],
    "track_asset": [("ix_track_asset_track_id", "track_id", "uq_track_asset_track_id_path")],
    "track_version": [("ix_track_version_track_id", "track_id", "uq_track_version_track_id_number")],
}

# Foreign keys that no index started with: deleting a user scanned these tables.
FOREIGN_KEY_INDEXES = {
    "certificate": ["issued_by_id", "revoked_by_id"],
    "cohort_certificate_settings": ["updated_by_id"],
    "cohort_deadline": ["set_by_id"],
    "csv_enrollment_plan": ["created_by_id"],
    "mentor_assignment": ["assigned_by_id", "mentor_id"],
    "track_version": ["imported_by_id"],
}

# The values each enum column accepts at this revision, checked by ck_<table>_<column>.
ENUM_VALUES = {
    "account_token": {"purpose": ("invite", "reset")},
    "certificate": {"status": ("pending_approval", "issued", "revoked")},
    "cohort": {"status": ("draft", "open", "running", "finished", "archived"),
               "review_policy": ("assigned_mentor", "any_mentor")},
    "csv_enrollment_plan": {"role": ("learner", "mentor")},
    "enrollment": {"role": ("learner", "mentor"),
                   "status": ("active", "withdrawn", "completed")},
    "lesson": {"kind": ("lesson", "assignment", "quiz")},
    "notification_preference": {"submission_alerts": ("immediate", "daily")},
    "outbox_email": {"status": ("pending", "sending", "sent", "failed")},
    "review": {"decision": ("approve", "request_changes", "not_passed")},
    "submission": {"status": ("submitted", "in_review", "changes_requested", "approved", "not_passed")},
}

TABLES = sorted(set(REDUNDANT_INDEXES) | set(FOREIGN_KEY_INDEXES) | set(ENUM_VALUES))


def _in_list(column, values):
    # The values are plain lower-case words: nothing to escape.
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


def upgrade():
    # One batch per table: on SQLite a CHECK means recreating the table, done once.
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            for index, _column, _covered_by in REDUNDANT_INDEXES.get(table, []):
                batch_op.drop_index(batch_op.f(index))
            for column in FOREIGN_KEY_INDEXES.get(table, []):
                batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column])
            for column, values in ENUM_VALUES.get(table, {}).items():
                batch_op.create_check_constraint(batch_op.f(f"ck_{table}_{column}"), _in_list(column, values))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch_op:
            for column in ENUM_VALUES.get(table, {}):
                batch_op.drop_constraint(batch_op.f(f"ck_{table}_{column}"), type_="check")
            for column in FOREIGN_KEY_INDEXES.get(table, []):
                batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
            for index, column, _covered_by in REDUNDANT_INDEXES.get(table, []):
                batch_op.create_index(batch_op.f(index), [column])
