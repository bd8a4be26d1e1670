"""Progress per enrolment: lesson completions and quiz attempts belong to an enrolment.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 08:00:00

Each existing row moves to the enrolment it was made in. The rows carry no cohort, so
the date decides: the learner's enrolment (as learner, in a cohort of the lesson's track)
that started most recently before the row's moment; when none started before it, the
earliest one. Rows whose user has no learner enrolment in that track at all cannot be
attached: they are copied into ``progress_archive`` (as JSON) and removed, never lost.
Downgrading moves rows back to their enrolment's user, dropping credited copies when the
user already has a row for that lesson (the old schema held one per user and lesson).
"""
import json
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

TABLES = {"lesson_progress": "completed_at", "quiz_attempt": "submitted_at"}


def _choose(candidates: list[tuple[int, datetime]], moment: datetime) -> int | None:
    """The enrolment a row made at ``moment`` belongs to (see the module doc)."""
    if not candidates:
        return None
    before = [c for c in candidates if c[1] <= moment]
    if before:
        return max(before, key=lambda c: (c[1], c[0]))[0]
    return min(candidates, key=lambda c: (c[1], c[0]))[0]


def _aware(value) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _learner_enrolments(connection) -> dict[tuple[int, int], list[tuple[int, datetime]]]:
    """(user id, lesson id) -> the user's learner enrolments in cohorts of the lesson's track."""
    result: dict[tuple[int, int], list[tuple[int, datetime]]] = {}
    for user_id, lesson_id, enrollment_id, enrolled_at in connection.execute(sa.text(
            "SELECT e.user_id, l.id, e.id, e.enrolled_at FROM enrollment e "
            "JOIN cohort c ON c.id = e.cohort_id JOIN lesson l ON l.track_id = c.track_id "
            "WHERE e.role = 'learner'")):
        result.setdefault((user_id, lesson_id), []).append((enrollment_id, _aware(enrolled_at)))
    return result


def upgrade():
    op.create_table('progress_archive',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('lesson_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_archive'))
    )
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('enrollment_id', sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column('credited_from_id', sa.Integer(), nullable=True))

    connection = op.get_bind()
    archive = sa.table('progress_archive', sa.column('kind', sa.String), sa.column('user_id', sa.Integer),
                       sa.column('lesson_id', sa.Integer), sa.column('data', sa.JSON),
                       sa.column('archived_at', sa.DateTime(timezone=True)))
    enrolments = _learner_enrolments(connection)
    for table, moment in TABLES.items():
        rows = connection.execute(sa.text(f"SELECT id, user_id, lesson_id, {moment} FROM {table}")).all()
        updates = [{"row": row[0], "enrollment": _choose(enrolments.get((row[1], row[2]), []), _aware(row[3]))}
                   for row in rows]
        updates = [u for u in updates if u["enrollment"] is not None]
        if updates:
            connection.execute(sa.text(f"UPDATE {table} SET enrollment_id = :enrollment WHERE id = :row"), updates)
        orphans = connection.execute(sa.text(f"SELECT * FROM {table} WHERE enrollment_id IS NULL")).mappings().all()
        if orphans:
            op.bulk_insert(archive, [{
                "kind": table, "user_id": row["user_id"], "lesson_id": row["lesson_id"],
                "data": json.loads(json.dumps(dict(row), default=str)),
                "archived_at": _now()} for row in orphans])
            connection.execute(sa.text(f"DELETE FROM {table} WHERE enrollment_id IS NULL"))

    with op.batch_alter_table('lesson_progress', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_lesson_progress_user_id_lesson_id'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_lesson_progress_user_id'))
        batch_op.drop_constraint(batch_op.f('fk_lesson_progress_user_id_user'), type_='foreignkey')
        batch_op.drop_column('user_id')
        batch_op.alter_column('enrollment_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_lesson_progress_enrollment_id_lesson_id'),
                                          ['enrollment_id', 'lesson_id'])
        batch_op.create_index(batch_op.f('ix_lesson_progress_credited_from_id'), ['credited_from_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_lesson_progress_enrollment_id_enrollment'), 'enrollment',
                                    ['enrollment_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_lesson_progress_credited_from_id_enrollment'), 'enrollment',
                                    ['credited_from_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_quiz_attempt_user_id_lesson_id_number'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_quiz_attempt_user_id'))
        batch_op.drop_constraint(batch_op.f('fk_quiz_attempt_user_id_user'), type_='foreignkey')
        batch_op.drop_column('user_id')
        batch_op.alter_column('enrollment_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_quiz_attempt_enrollment_id_lesson_id_number'),
                                          ['enrollment_id', 'lesson_id', 'number'])
        batch_op.create_index(batch_op.f('ix_quiz_attempt_credited_from_id'), ['credited_from_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_quiz_attempt_enrollment_id_enrollment'), 'enrollment',
                                    ['enrollment_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_quiz_attempt_credited_from_id_enrollment'), 'enrollment',
                                    ['credited_from_id'], ['id'], ondelete='SET NULL')


def _now():
    return datetime.now(timezone.utc)


def downgrade():
    connection = op.get_bind()
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        connection.execute(sa.text(
            f"UPDATE {table} SET user_id = (SELECT e.user_id FROM enrollment e WHERE e.id = {table}.enrollment_id)"))
    # One row per user and lesson (and attempt number) in the old schema: keep the user's
    # own work over credited copies, then the earliest row.
    for table, key in (("lesson_progress", ""), ("quiz_attempt", " AND other.number = t.number")):
        connection.execute(sa.text(f"""
            DELETE FROM {table} WHERE id IN (SELECT t.id FROM {table} t WHERE EXISTS (
                SELECT 1 FROM {table} other WHERE other.user_id = t.user_id AND other.lesson_id = t.lesson_id{key}
                AND ((other.credited_from_id IS NULL AND t.credited_from_id IS NOT NULL)
                     OR ((other.credited_from_id IS NULL) = (t.credited_from_id IS NULL) AND other.id < t.id))))"""))

    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_quiz_attempt_credited_from_id_enrollment'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_quiz_attempt_enrollment_id_enrollment'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_quiz_attempt_credited_from_id'))
        batch_op.drop_constraint(batch_op.f('uq_quiz_attempt_enrollment_id_lesson_id_number'), type_='unique')
        batch_op.drop_column('credited_from_id')
        batch_op.drop_column('enrollment_id')
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_quiz_attempt_user_id_user'), 'user', ['user_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_quiz_attempt_user_id'), ['user_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_quiz_attempt_user_id_lesson_id_number'),
                                          ['user_id', 'lesson_id', 'number'])

    with op.batch_alter_table('lesson_progress', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_lesson_progress_credited_from_id_enrollment'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_lesson_progress_enrollment_id_enrollment'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_lesson_progress_credited_from_id'))
        batch_op.drop_constraint(batch_op.f('uq_lesson_progress_enrollment_id_lesson_id'), type_='unique')
        batch_op.drop_column('credited_from_id')
        batch_op.drop_column('enrollment_id')
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_lesson_progress_user_id_user'), 'user', ['user_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_lesson_progress_user_id'), ['user_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_lesson_progress_user_id_lesson_id'),
                                          ['user_id', 'lesson_id'])

    op.drop_table('progress_archive')
