"""Meetings: mentors' schedules (weekly rules, exceptions), one-to-one bookings with their
history and notes, group workshops with registrations, and an invitation on outbox emails.

No data moves: new tables, and one nullable column (``outbox_email.calendar``).
No double booking is enforced by the database: on PostgreSQL an exclusion constraint on
the mentor and ``[starts_at, busy_until)`` of requested and confirmed bookings, on SQLite
two triggers with the same rule (the same statements as ``lms.meetings.models``; a test
compares them).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 16:48:34.085382

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# A mentor's requested and confirmed bookings may not overlap (buffer included).
_HOLDING = "'requested', 'confirmed'"
POSTGRESQL_NO_OVERLAP = (
    "ALTER TABLE booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist "
    "(int4range(mentor_id, mentor_id, '[]') WITH &&, tstzrange(starts_at, busy_until) WITH &&) "
    f"WHERE (status IN ({_HOLDING}))")
_SQLITE_OVERLAP = (
    "SELECT RAISE(ABORT, 'booking_no_overlap') WHERE EXISTS (SELECT 1 FROM booking AS other "
    "WHERE other.mentor_id = NEW.mentor_id AND other.id IS NOT NEW.id "
    f"AND other.status IN ({_HOLDING}) AND NEW.status IN ({_HOLDING}) "
    "AND other.starts_at < NEW.busy_until AND NEW.starts_at < other.busy_until);")
SQLITE_NO_OVERLAP = (
    f"CREATE TRIGGER booking_no_overlap_insert BEFORE INSERT ON booking BEGIN {_SQLITE_OVERLAP} END",
    "CREATE TRIGGER booking_no_overlap_update BEFORE UPDATE OF mentor_id, starts_at, busy_until, status "
    f"ON booking BEGIN {_SQLITE_OVERLAP} END",
)


def upgrade():
    op.create_table('availability_exception',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('away', 'extra', name='exceptionkind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('starts_at < ends_at', name=op.f('ck_availability_exception_starts_before_it_ends')),
    sa.ForeignKeyConstraint(['mentor_id'], ['user.id'], name=op.f('fk_availability_exception_mentor_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_availability_exception'))
    )
    with op.batch_alter_table('availability_exception', schema=None) as batch_op:
        batch_op.create_index('ix_availability_exception_mentor_ends', ['mentor_id', 'ends_at'], unique=False)

    op.create_table('mentor_schedule',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('lengths', sa.JSON(), nullable=False),
    sa.Column('buffer_minutes', sa.Integer(), nullable=False),
    sa.Column('notice_hours', sa.Integer(), nullable=False),
    sa.Column('horizon_days', sa.Integer(), nullable=False),
    sa.Column('max_per_day', sa.Integer(), nullable=True),
    sa.Column('max_per_week', sa.Integer(), nullable=True),
    sa.Column('requires_confirmation', sa.Boolean(), nullable=False),
    sa.Column('room_url', sa.String(length=500), nullable=False),
    sa.Column('cancel_hours', sa.Integer(), nullable=False),
    sa.Column('max_reschedules', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('buffer_minutes >= 0 AND buffer_minutes <= 120', name=op.f('ck_mentor_schedule_buffer_in_range')),
    sa.CheckConstraint('cancel_hours >= 0 AND cancel_hours <= 336', name=op.f('ck_mentor_schedule_cancel_hours_in_range')),
    sa.CheckConstraint('horizon_days >= 1 AND horizon_days <= 365', name=op.f('ck_mentor_schedule_horizon_in_range')),
    sa.CheckConstraint('max_per_day IS NULL OR max_per_day >= 1', name=op.f('ck_mentor_schedule_max_per_day_positive')),
    sa.CheckConstraint('max_per_week IS NULL OR max_per_week >= 1', name=op.f('ck_mentor_schedule_max_per_week_positive')),
    sa.CheckConstraint('max_reschedules >= 0 AND max_reschedules <= 10', name=op.f('ck_mentor_schedule_max_reschedules_in_range')),
    sa.CheckConstraint('notice_hours >= 0 AND notice_hours <= 720', name=op.f('ck_mentor_schedule_notice_in_range')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_mentor_schedule_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_mentor_schedule'))
    )
    op.create_table('availability_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('start_minute', sa.Integer(), nullable=False),
    sa.Column('end_minute', sa.Integer(), nullable=False),
    sa.CheckConstraint('start_minute >= 0 AND start_minute < end_minute AND end_minute <= 1440', name=op.f('ck_availability_rule_range_in_a_day')),
    sa.CheckConstraint('weekday >= 0 AND weekday <= 6', name=op.f('ck_availability_rule_weekday_in_range')),
    sa.ForeignKeyConstraint(['mentor_id'], ['mentor_schedule.user_id'], name=op.f('fk_availability_rule_mentor_id_mentor_schedule'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_availability_rule')),
    sa.UniqueConstraint('mentor_id', 'weekday', 'start_minute', name=op.f('uq_availability_rule_mentor_id_weekday_start_minute'))
    )
    op.create_table('workshop',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=True),
    sa.Column('host_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('office_hours', 'workshop', 'webinar', name='workshopkind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('description_html', sa.Text(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('seats_taken', sa.Integer(), nullable=False),
    sa.Column('video_url', sa.String(length=500), nullable=False),
    sa.Column('recording_url', sa.String(length=500), nullable=False),
    sa.Column('status', sa.Enum('scheduled', 'cancelled', name='workshopstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('cancel_reason', sa.Text(), nullable=False),
    sa.Column('uid', sa.String(length=120), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('seats >= 1 AND seats <= 10000', name=op.f('ck_workshop_seats_in_range')),
    sa.CheckConstraint('seats_taken >= 0 AND seats_taken <= seats', name=op.f('ck_workshop_seats_taken_within_seats')),
    sa.CheckConstraint('sequence >= 0', name=op.f('ck_workshop_sequence_not_negative')),
    sa.CheckConstraint('starts_at < ends_at', name=op.f('ck_workshop_starts_before_it_ends')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_workshop_cohort_id_cohort'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['host_id'], ['user.id'], name=op.f('fk_workshop_host_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop')),
    sa.UniqueConstraint('uid', name=op.f('uq_workshop_uid'))
    )
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index('ix_workshop_host_starts', ['host_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_workshop_starts', ['starts_at'], unique=False)

    op.create_table('workshop_registration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('registered', 'waitlisted', 'cancelled', name='registrationstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('waitlisted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attended', sa.Boolean(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_workshop_registration_user_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_workshop_registration_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_registration')),
    sa.UniqueConstraint('workshop_id', 'user_id', name=op.f('uq_workshop_registration_workshop_id_user_id'))
    )
    with op.batch_alter_table('workshop_registration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_registration_user_id'), ['user_id'], unique=False)
        batch_op.create_index('ix_workshop_registration_waitlist', ['workshop_id', 'status', 'waitlisted_at'], unique=False)

    op.create_table('booking',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('busy_until', sa.DateTime(timezone=True), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('requested', 'confirmed', 'declined', 'cancelled', 'attended', 'no_show', name='bookingstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('agenda_html', sa.Text(), nullable=False),
    sa.Column('ask_id', sa.Integer(), nullable=True),
    sa.Column('goal_id', sa.Integer(), nullable=True),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('video_url', sa.String(length=500), nullable=False),
    sa.Column('uid', sa.String(length=120), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('reschedules', sa.Integer(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_by_id', sa.Integer(), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=False),
    sa.Column('client_key', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('learner_id <> mentor_id', name=op.f('ck_booking_not_with_oneself')),
    sa.CheckConstraint('minutes >= 5 AND minutes <= 240', name=op.f('ck_booking_minutes_in_range')),
    sa.CheckConstraint('reschedules >= 0', name=op.f('ck_booking_reschedules_not_negative')),
    sa.CheckConstraint('sequence >= 0', name=op.f('ck_booking_sequence_not_negative')),
    sa.CheckConstraint('starts_at < ends_at AND ends_at <= busy_until', name=op.f('ck_booking_times_in_order')),
    sa.ForeignKeyConstraint(['ask_id'], ['ask.id'], name=op.f('fk_booking_ask_id_ask'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['cancelled_by_id'], ['user.id'], name=op.f('fk_booking_cancelled_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_booking_cohort_id_cohort'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'], name=op.f('fk_booking_enrollment_id_enrollment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_booking_goal_id_goal'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['learner_id'], ['user.id'], name=op.f('fk_booking_learner_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['user.id'], name=op.f('fk_booking_mentor_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_booking_submission_id_submission'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking')),
    sa.UniqueConstraint('client_key', name=op.f('uq_booking_client_key')),
    sa.UniqueConstraint('uid', name=op.f('uq_booking_uid'))
    )
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_ask_id'), ['ask_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_cancelled_by_id'), ['cancelled_by_id'], unique=False)
        batch_op.create_index('ix_booking_cohort_status', ['cohort_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_enrollment_id'), ['enrollment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_goal_id'), ['goal_id'], unique=False)
        batch_op.create_index('ix_booking_learner_starts', ['learner_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_booking_mentor_starts', ['mentor_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_submission_id'), ['submission_id'], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRESQL_NO_OVERLAP)
    else:
        for statement in SQLITE_NO_OVERLAP:
            op.execute(statement)

    op.create_table('booking_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('booked', 'confirmed', 'declined', 'rescheduled', 'cancelled', 'attended', 'no_show', name='bookingeventkind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('previous_starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_booking_event_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_booking_event_booking_id_booking'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_event'))
    )
    with op.batch_alter_table('booking_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_event_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_event_booking_id'), ['booking_id'], unique=False)

    op.create_table('booking_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_booking_note_author_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_booking_note_booking_id_booking'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_note')),
    sa.UniqueConstraint('booking_id', 'author_id', 'shared', name=op.f('uq_booking_note_booking_id_author_id_shared'))
    )
    with op.batch_alter_table('booking_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_note_author_id'), ['author_id'], unique=False)

    with op.batch_alter_table('outbox_email', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar', sa.Text(), nullable=True))



def downgrade():
    with op.batch_alter_table('outbox_email', schema=None) as batch_op:
        batch_op.drop_column('calendar')

    with op.batch_alter_table('booking_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booking_note_author_id'))

    op.drop_table('booking_note')
    with op.batch_alter_table('booking_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booking_event_booking_id'))
        batch_op.drop_index(batch_op.f('ix_booking_event_actor_id'))

    op.drop_table('booking_event')
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booking_submission_id'))
        batch_op.drop_index('ix_booking_mentor_starts')
        batch_op.drop_index('ix_booking_learner_starts')
        batch_op.drop_index(batch_op.f('ix_booking_goal_id'))
        batch_op.drop_index(batch_op.f('ix_booking_enrollment_id'))
        batch_op.drop_index('ix_booking_cohort_status')
        batch_op.drop_index(batch_op.f('ix_booking_cancelled_by_id'))
        batch_op.drop_index(batch_op.f('ix_booking_ask_id'))

    op.drop_table('booking')
    with op.batch_alter_table('workshop_registration', schema=None) as batch_op:
        batch_op.drop_index('ix_workshop_registration_waitlist')
        batch_op.drop_index(batch_op.f('ix_workshop_registration_user_id'))

    op.drop_table('workshop_registration')
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_index('ix_workshop_starts')
        batch_op.drop_index('ix_workshop_host_starts')
        batch_op.drop_index(batch_op.f('ix_workshop_cohort_id'))

    op.drop_table('workshop')
    op.drop_table('availability_rule')
    op.drop_table('mentor_schedule')
    with op.batch_alter_table('availability_exception', schema=None) as batch_op:
        batch_op.drop_index('ix_availability_exception_mentor_ends')

    op.drop_table('availability_exception')
