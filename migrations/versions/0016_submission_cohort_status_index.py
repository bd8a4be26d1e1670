"""The waiting work of some cohorts by one index: ``submission (cohort_id, status, waiting_since)``.

The mentor queue (and every count of work a mentor may review) asks for the hand-ins waiting
in the cohorts that person mentors. With only ``submission (status, waiting_since)`` the
database walked every waiting hand-in of the organisation and checked each against the
mentor's cohorts (2,300 rows for a mentor of 69 at L); this index reaches the mentor's
cohorts' waiting hand-ins directly. No data moves.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 18:05:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.create_index('ix_submission_cohort_id_status_waiting_since',
                              ['cohort_id', 'status', 'waiting_since'], unique=False)


def downgrade():
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_index('ix_submission_cohort_id_status_waiting_since')
