"""A submission's latest review by one index: ``review (submission_id, id)`` replaces ``review (submission_id)``.

Every progress page asks, per submission, for its latest review (``ORDER BY id DESC
LIMIT 1``). With only the single-column index, PostgreSQL with stale statistics (right
after a bulk import) walked the primary key backwards instead: 20 s for a 500-learner
cohort page. The two-column index answers each with one step, whatever the statistics.
No data moves; the new index is built before the old one is dropped.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 04:22:03.204268

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index('ix_review_submission_id_id', ['submission_id', 'id'], unique=False)
        batch_op.drop_index(batch_op.f('ix_review_submission_id'))


def downgrade():
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_submission_id'), ['submission_id'], unique=False)
        batch_op.drop_index('ix_review_submission_id_id')
