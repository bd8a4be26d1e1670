"""Languages: a person's interface language, a track's content language, a certificate's
language and a cohort's choice of certificate language.

All four are new nullable columns (None: follow the browser, not declared, the learner's
own, each learner's own); no data moves.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 10:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=16), nullable=True))
    with op.batch_alter_table('track', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=35), nullable=True))
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=16), nullable=True))
    with op.batch_alter_table('cohort_certificate_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('cohort_certificate_settings', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('track', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('language')
