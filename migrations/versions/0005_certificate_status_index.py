"""Certificate status list index: each certificate's bit in the published revocation list.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 08:30:00

Existing certificates get indexes 0, 1, 2, ... in the order they were created (by id);
new ones take the next unused index when they are created (lms.certificates.services).
The column is then required and unique: an index is assigned once and never reused.
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("certificate") as batch_op:
        batch_op.add_column(sa.Column("status_list_index", sa.Integer(), nullable=True))
    certificate = sa.table("certificate", sa.column("id", sa.Integer), sa.column("status_list_index", sa.Integer))
    connection = op.get_bind()
    ids = connection.execute(sa.select(certificate.c.id).order_by(certificate.c.id)).scalars().all()
    if ids:
        connection.execute(
            certificate.update().where(certificate.c.id == sa.bindparam("certificate_id"))
            .values(status_list_index=sa.bindparam("index")),
            [{"certificate_id": certificate_id, "index": index} for index, certificate_id in enumerate(ids)])
    with op.batch_alter_table("certificate") as batch_op:
        batch_op.alter_column("status_list_index", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_certificate_status_list_index"), ["status_list_index"])


def downgrade():
    with op.batch_alter_table("certificate") as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_certificate_status_list_index"), type_="unique")
        batch_op.drop_column("status_list_index")
