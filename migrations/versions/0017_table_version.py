"""A version per table for the page cache: ``table_version (name, version)``.

Every commit that changes a table raises its version in the same transaction
(``lms.pagecache.versions``); a kept page is served only while the versions of the tables it
read are unchanged. A table without a row is at version 0: no data moves.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 21:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('table_version',
                    sa.Column('name', sa.String(length=64), nullable=False),
                    sa.Column('version', sa.BigInteger(), nullable=False),
                    sa.PrimaryKeyConstraint('name', name=op.f('pk_table_version')))


def downgrade():
    op.drop_table('table_version')
