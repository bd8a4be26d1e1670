"""Micro-mentoring: asks with their threads and files, ratings of reviews, each cohort's ask
settings, and each person's thread emails, quiet hours and digest hour.

No data moves: new tables, and new columns with defaults (existing cohorts get a 24-hour
response target, reminders after 2, 5 and 9 days and a 14-day time-out; existing
preferences keep immediate emails, no quiet hours, a digest at 08:00 local time).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 13:10:09.892924

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ask',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=True),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('skill', sa.String(length=60), nullable=False),
    sa.Column('urgency', sa.Enum('low', 'normal', 'urgent', name='askurgency', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('state', sa.Enum('awaiting_mentor', 'awaiting_learner', 'resolved', 'timed_out', name='askstate', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('stage', sa.Enum('own_mentors', 'skill_mentors', 'admins', name='askstage', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('offered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('waiting_since', sa.DateTime(timezone=True), nullable=False),
    sa.Column('nudges_sent', sa.Integer(), nullable=False),
    sa.Column('first_response_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('rating', sa.Enum('helpful', 'somewhat', 'not_helpful', name='askrating', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('rated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('thanks_note', sa.Text(), nullable=False),
    sa.Column('thanks_public', sa.Boolean(), nullable=False),
    sa.Column('thanks_shown', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('nudges_sent >= 0', name=op.f('ck_ask_nudges_sent_not_negative')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_ask_cohort_id_cohort'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'], name=op.f('fk_ask_enrollment_id_enrollment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lesson_id'], ['lesson.id'], name=op.f('fk_ask_lesson_id_lesson'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentor_id'], ['user.id'], name=op.f('fk_ask_mentor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user.id'], name=op.f('fk_ask_resolved_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_ask_submission_id_submission'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_ask_user_id_user'), ondelete='CASCADE'),
    sa.Column('client_key', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ask')),
    sa.UniqueConstraint('client_key', name=op.f('uq_ask_client_key'))
    )
    with op.batch_alter_table('ask', schema=None) as batch_op:
        batch_op.create_index('ix_ask_cohort_state', ['cohort_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_ask_enrollment_id'), ['enrollment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ask_lesson_id'), ['lesson_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ask_mentor_id'), ['mentor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ask_resolved_by_id'), ['resolved_by_id'], unique=False)
        batch_op.create_index('ix_ask_state_waiting_since', ['state', 'waiting_since'], unique=False)
        batch_op.create_index(batch_op.f('ix_ask_submission_id'), ['submission_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ask_user_id'), ['user_id'], unique=False)

    op.create_table('ask_reply',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ask_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('reply', 'handover', 'event', name='replykind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('handed_to_id', sa.Integer(), nullable=True),
    sa.Column('client_key', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ask_id'], ['ask.id'], name=op.f('fk_ask_reply_ask_id_ask'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_ask_reply_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['handed_to_id'], ['user.id'], name=op.f('fk_ask_reply_handed_to_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ask_reply')),
    sa.UniqueConstraint('client_key', name=op.f('uq_ask_reply_client_key'))
    )
    with op.batch_alter_table('ask_reply', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ask_reply_ask_id'), ['ask_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ask_reply_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ask_reply_handed_to_id'), ['handed_to_id'], unique=False)

    op.create_table('ask_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ask_id', sa.Integer(), nullable=False),
    sa.Column('reply_id', sa.Integer(), nullable=True),
    sa.Column('storage_key', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('extension', sa.String(length=10), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ask_id'], ['ask.id'], name=op.f('fk_ask_file_ask_id_ask'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reply_id'], ['ask_reply.id'], name=op.f('fk_ask_file_reply_id_ask_reply'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ask_file'))
    )
    with op.batch_alter_table('ask_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ask_file_ask_id'), ['ask_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ask_file_reply_id'), ['reply_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ask_file_storage_key'), ['storage_key'], unique=False)

    op.create_table('review_rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('helpful', sa.Boolean(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_review_rating_review_id_review'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_review_rating_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_rating')),
    sa.UniqueConstraint('review_id', name=op.f('uq_review_rating_review_id'))
    )
    with op.batch_alter_table('review_rating', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_rating_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ask_response_hours', sa.Integer(), server_default='24', nullable=False))
        batch_op.add_column(sa.Column('ask_nudge_days', sa.String(length=40), server_default='2,5,9', nullable=False))
        batch_op.add_column(sa.Column('ask_timeout_days', sa.Integer(), server_default='14', nullable=False))

    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.create_check_constraint("ask_response_hours_in_range",
                                         "ask_response_hours >= 1 AND ask_response_hours <= 336")
        batch_op.create_check_constraint("ask_timeout_days_in_range", "ask_timeout_days >= 1 AND ask_timeout_days <= 90")

    with op.batch_alter_table('notification_preference', schema=None) as batch_op:
        batch_op.add_column(sa.Column('thread_emails', sa.Enum('immediate', 'daily', 'never', name='threademails', native_enum=False, create_constraint=True, length=20), server_default='immediate', nullable=False))
        batch_op.add_column(sa.Column('quiet_from', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('quiet_until', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('digest_hour', sa.Integer(), server_default='8', nullable=False))

    with op.batch_alter_table('notification_preference', schema=None) as batch_op:
        batch_op.create_check_constraint("digest_hour_in_range", "digest_hour >= 0 AND digest_hour <= 23")
        batch_op.create_check_constraint("quiet_hours_both_or_neither", "(quiet_from IS NULL) = (quiet_until IS NULL)")
        batch_op.create_check_constraint("quiet_hours_in_a_day",
                                         "quiet_from IS NULL OR (quiet_from >= 0 AND quiet_from < 1440 "
                                         "AND quiet_until >= 0 AND quiet_until < 1440)")



def downgrade():
    with op.batch_alter_table('notification_preference', schema=None) as batch_op:
        batch_op.drop_constraint("quiet_hours_in_a_day", type_="check")
        batch_op.drop_constraint("quiet_hours_both_or_neither", type_="check")
        batch_op.drop_constraint("digest_hour_in_range", type_="check")
        batch_op.drop_constraint("thread_emails", type_="check")  # the enum's own check
        batch_op.drop_column('digest_hour')
        batch_op.drop_column('quiet_until')
        batch_op.drop_column('quiet_from')
        batch_op.drop_column('thread_emails')

    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.drop_constraint("ask_timeout_days_in_range", type_="check")
        batch_op.drop_constraint("ask_response_hours_in_range", type_="check")
        batch_op.drop_column('ask_timeout_days')
        batch_op.drop_column('ask_nudge_days')
        batch_op.drop_column('ask_response_hours')

    with op.batch_alter_table('review_rating', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_rating_user_id'))

    op.drop_table('review_rating')
    with op.batch_alter_table('ask_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ask_file_storage_key'))
        batch_op.drop_index(batch_op.f('ix_ask_file_reply_id'))
        batch_op.drop_index(batch_op.f('ix_ask_file_ask_id'))

    op.drop_table('ask_file')
    with op.batch_alter_table('ask_reply', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ask_reply_author_id'))
        batch_op.drop_index(batch_op.f('ix_ask_reply_handed_to_id'))
        batch_op.drop_index(batch_op.f('ix_ask_reply_ask_id'))

    op.drop_table('ask_reply')
    with op.batch_alter_table('ask', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ask_user_id'))
        batch_op.drop_index(batch_op.f('ix_ask_submission_id'))
        batch_op.drop_index('ix_ask_state_waiting_since')
        batch_op.drop_index(batch_op.f('ix_ask_resolved_by_id'))
        batch_op.drop_index(batch_op.f('ix_ask_mentor_id'))
        batch_op.drop_index(batch_op.f('ix_ask_lesson_id'))
        batch_op.drop_index(batch_op.f('ix_ask_enrollment_id'))
        batch_op.drop_index('ix_ask_cohort_state')

    op.drop_table('ask')
