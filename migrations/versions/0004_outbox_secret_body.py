"""The outbox forgets the bodies of emails that carried a sign-in link once they are done.

Invitation and reset emails hold a single-use link; the link's token is stored only as a
hash, so its email must not keep it either. ``secret_body`` marks them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 08:15:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_email") as batch:
        batch.add_column(sa.Column("secret_body", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("outbox_email") as batch:
        batch.drop_column("secret_body")
