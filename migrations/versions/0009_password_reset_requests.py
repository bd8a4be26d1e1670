"""Password reset requests: one row per request, answered after the response.

``/password/forgot`` records every request (known address or not) here before it
answers, so a job lost before it ran loses nothing: the periodic catch-up answers the
rows still waiting (``lms.auth.resets``). Rows are deleted a day after the request.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 10:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "password_reset_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset_request")),
    )
    op.create_index(op.f("ix_password_reset_request_requested_at"), "password_reset_request", ["requested_at"])


def downgrade():
    op.drop_index(op.f("ix_password_reset_request_requested_at"), table_name="password_reset_request")
    op.drop_table("password_reset_request")
