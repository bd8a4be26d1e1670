"""Rendered attempt text: attempt.text_html holds the sanitised HTML of attempt.text.

Hand-ins are rendered once, when they are handed in, like lessons are when imported;
this fills the column for the attempts already there, a batch at a time.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 08:10:00

"""
import sqlalchemy as sa
from alembic import op

from lms.rendering import render_user_markdown

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 200

attempt = sa.table("attempt", sa.column("id", sa.Integer), sa.column("text", sa.Text),
                   sa.column("text_html", sa.Text))


def upgrade():
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text_html", sa.Text(), server_default="", nullable=False))
    connection = op.get_bind()
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(attempt.c.id, attempt.c.text).where(attempt.c.id > last_id, attempt.c.text != "")
            .order_by(attempt.c.id).limit(BATCH)).all()
        if not rows:
            break
        connection.execute(
            attempt.update().where(attempt.c.id == sa.bindparam("attempt_id")).values(text_html=sa.bindparam("html")),
            [{"attempt_id": row.id, "html": render_user_markdown(row.text)} for row in rows])
        last_id = rows[-1].id


def downgrade():
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.drop_column("text_html")
