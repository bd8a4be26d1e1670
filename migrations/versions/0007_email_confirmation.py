"""Email confirmation: self-registered accounts wait until their owner confirms the address.

Accounts that exist already count as confirmed (since they were created).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 08:15:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("user", sa.Column("email_confirmed_at", sa.DateTime(timezone=True), nullable=True))
    user = sa.table("user", sa.column("created_at"), sa.column("email_confirmed_at"))
    op.execute(user.update().values(email_confirmed_at=user.c.created_at))


def downgrade():
    with op.batch_alter_table("user") as batch_op:
        batch_op.drop_column("email_confirmed_at")
