"""Mentoring: profiles with levelled skills, development plans, relationships with roles,
mentor requests, excluded pairs, and each cohort's request settings.

Data moves, nothing dropped on the way:
- ``user.skills`` (a JSON list) becomes ``user_skill`` rows at level "working";
- ``enrollment.goals`` (free text) becomes a goal in the learner's plan, in progress;
- every learner's primary mentor (``enrollment.mentor_id``) becomes a primary
  ``mentorship``: active for active enrolments, ended for completed or withdrawn ones;
- every user gets a ``profile`` row whose ``active_mentees`` counts their active mentorships
  and whose ``bio_html`` is their bio (``user.bio``) rendered once, as saving it does now.
The downgrade puts skills and goals back into the old columns.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 10:13:02

"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

from lms.rendering import render_user_markdown

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('measure', sa.Text(), nullable=False),
    sa.Column('target_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('not_started', 'in_progress', 'achieved', 'dropped', name='goalstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('achieved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cite_as_evidence', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_goal_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal'))
    )
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_user_id'), ['user_id'], unique=False)

    op.create_table('match_exclusion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_match_exclusion_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['learner_id'], ['user.id'], name=op.f('fk_match_exclusion_learner_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['user.id'], name=op.f('fk_match_exclusion_mentor_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_exclusion')),
    sa.UniqueConstraint('learner_id', 'mentor_id', name=op.f('uq_match_exclusion_learner_id_mentor_id'))
    )
    with op.batch_alter_table('match_exclusion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_exclusion_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_exclusion_mentor_id'), ['mentor_id'], unique=False)

    op.create_table('profile',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('headline', sa.String(length=160), nullable=False),
    sa.Column('bio_html', sa.Text(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('help_with', sa.Text(), nullable=False),
    sa.Column('max_mentees', sa.Integer(), nullable=True),
    sa.Column('hours_per_week', sa.Integer(), nullable=True),
    sa.Column('active_mentees', sa.Integer(), server_default='0', nullable=False),
    sa.Column('away_until', sa.Date(), nullable=True),
    sa.Column('onboarded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('active_mentees >= 0', name=op.f('ck_profile_active_mentees_not_negative')),
    sa.CheckConstraint('hours_per_week IS NULL OR (hours_per_week >= 0 AND hours_per_week <= 80)', name=op.f('ck_profile_hours_per_week_in_range')),
    sa.CheckConstraint('max_mentees IS NULL OR max_mentees >= 0', name=op.f('ck_profile_max_mentees_not_negative')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_profile_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_profile'))
    )
    op.create_table('user_skill',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('skill', sa.String(length=60), nullable=False),
    sa.Column('level', sa.Enum('learning', 'working', 'strong', 'expert', name='skilllevel', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_user_skill_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_skill')),
    sa.UniqueConstraint('user_id', 'skill', name=op.f('uq_user_skill_user_id_skill'))
    )
    with op.batch_alter_table('user_skill', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_skill_skill'), ['skill'], unique=False)

    op.create_table('goal_checkin',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('visibility', sa.Enum('shared', 'mentors', name='notevisibility', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_goal_checkin_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_goal_checkin_goal_id_goal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_checkin'))
    )
    with op.batch_alter_table('goal_checkin', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_checkin_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_goal_checkin_goal_id'), ['goal_id'], unique=False)

    op.create_table('goal_skill',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('skill', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_goal_skill_goal_id_goal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_skill')),
    sa.UniqueConstraint('goal_id', 'skill', name=op.f('uq_goal_skill_goal_id_skill'))
    )
    with op.batch_alter_table('goal_skill', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_skill_skill'), ['skill'], unique=False)

    op.create_table('goal_criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('criterion', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_goal_criterion_goal_id_goal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lesson_id'], ['lesson.id'], name=op.f('fk_goal_criterion_lesson_id_lesson'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_criterion')),
    sa.UniqueConstraint('goal_id', 'lesson_id', 'criterion', name=op.f('uq_goal_criterion_goal_id_lesson_id_criterion'))
    )
    with op.batch_alter_table('goal_criterion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_criterion_lesson_id'), ['lesson_id'], unique=False)

    op.create_table('mentorship',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('primary', 'skill', 'peer', name='mentorshiprole', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('skill', sa.String(length=60), nullable=False),
    sa.Column('status', sa.Enum('active', 'ended', name='mentorshipstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('origin', sa.String(length=200), nullable=False),
    sa.Column('agreement_goals', sa.Text(), nullable=False),
    sa.Column('meeting_cadence', sa.String(length=120), nullable=False),
    sa.Column('agreed_end_on', sa.Date(), nullable=True),
    sa.Column('checkin_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checkin_answer', sa.Enum('going_well', 'mixed', 'not_a_good_fit', name='checkinanswer', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('checkin_comment', sa.Text(), nullable=False),
    sa.Column('checkin_answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_by_id', sa.Integer(), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=False),
    sa.Column('closing_rating', sa.Integer(), nullable=True),
    sa.Column('closing_comment', sa.Text(), nullable=False),
    sa.Column('closing_answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("ended_at IS NULL OR status = 'ended'", name=op.f('ck_mentorship_ended_only_when_ended')),
    sa.CheckConstraint('closing_rating IS NULL OR (closing_rating >= 1 AND closing_rating <= 5)', name=op.f('ck_mentorship_closing_rating_in_range')),
    sa.ForeignKeyConstraint(['ended_by_id'], ['user.id'], name=op.f('fk_mentorship_ended_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'], name=op.f('fk_mentorship_enrollment_id_enrollment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['user.id'], name=op.f('fk_mentorship_mentor_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['started_by_id'], ['user.id'], name=op.f('fk_mentorship_started_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentorship'))
    )
    with op.batch_alter_table('mentorship', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentorship_ended_by_id'), ['ended_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentorship_enrollment_id'), ['enrollment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentorship_mentor_id'), ['mentor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentorship_started_by_id'), ['started_by_id'], unique=False)
        batch_op.create_index('uq_mentorship_active_pair', ['enrollment_id', 'mentor_id'], unique=True, sqlite_where=sa.text("status = 'active'"), postgresql_where=sa.text("status = 'active'"))
        batch_op.create_index('uq_mentorship_active_primary', ['enrollment_id'], unique=True, sqlite_where=sa.text("status = 'active' AND role = 'primary'"), postgresql_where=sa.text("status = 'active' AND role = 'primary'"))

    op.create_table('mentor_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('primary', 'skill', 'peer', name='mentorshiprole', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('skill', sa.String(length=60), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('open', 'accepted', 'with_admins', 'withdrawn', 'closed', name='requeststatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('settled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('settled_by_id', sa.Integer(), nullable=True),
    sa.Column('mentorship_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'], name=op.f('fk_mentor_request_enrollment_id_enrollment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorship.id'], name=op.f('fk_mentor_request_mentorship_id_mentorship'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['settled_by_id'], ['user.id'], name=op.f('fk_mentor_request_settled_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentor_request'))
    )
    with op.batch_alter_table('mentor_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentor_request_enrollment_id'), ['enrollment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentor_request_mentorship_id'), ['mentorship_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentor_request_settled_by_id'), ['settled_by_id'], unique=False)
        batch_op.create_index('uq_mentor_request_open', ['enrollment_id', 'role', 'skill'], unique=True, sqlite_where=sa.text("status IN ('open', 'with_admins')"), postgresql_where=sa.text("status IN ('open', 'with_admins')"))

    op.create_table('mentor_request_pick',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('queued', 'asked', 'accepted', 'declined', 'expired', 'skipped', 'cancelled', name='pickstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('asked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('respond_by', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=False),
    sa.CheckConstraint('rank >= 1 AND rank <= 3', name=op.f('ck_mentor_request_pick_rank_in_range')),
    sa.ForeignKeyConstraint(['mentor_id'], ['user.id'], name=op.f('fk_mentor_request_pick_mentor_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['request_id'], ['mentor_request.id'], name=op.f('fk_mentor_request_pick_request_id_mentor_request'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentor_request_pick')),
    sa.UniqueConstraint('request_id', 'mentor_id', name=op.f('uq_mentor_request_pick_request_id_mentor_id')),
    sa.UniqueConstraint('request_id', 'rank', name=op.f('uq_mentor_request_pick_request_id_rank'))
    )
    with op.batch_alter_table('mentor_request_pick', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentor_request_pick_mentor_id'), ['mentor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentor_request_pick_respond_by'), ['respond_by'], unique=False)

    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.add_column(sa.Column('learners_request_mentors', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('request_response_days', sa.Integer(), server_default='3', nullable=False))
        batch_op.add_column(sa.Column('required_language', sa.String(length=35), server_default='', nullable=False))

    with op.batch_alter_table("cohort", schema=None) as batch_op:
        batch_op.create_check_constraint("request_response_days_in_range",
                                         "request_response_days >= 1 AND request_response_days <= 30")

    connection = op.get_bind()
    _move_skills(connection)
    _move_goals(connection)
    _move_primary_mentors(connection)
    _add_profiles(connection)

    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.drop_column('goals')

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('skills')


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('skills', sa.JSON(), server_default="[]", nullable=False))

    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('goals', sa.Text(), server_default="", nullable=False))

    connection = op.get_bind()
    _restore_skills(connection)
    _restore_goals(connection)

    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.drop_constraint("request_response_days_in_range", type_="check")
        batch_op.drop_column('required_language')
        batch_op.drop_column('request_response_days')
        batch_op.drop_column('learners_request_mentors')

    with op.batch_alter_table('mentor_request_pick', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentor_request_pick_respond_by'))
        batch_op.drop_index(batch_op.f('ix_mentor_request_pick_mentor_id'))

    op.drop_table('mentor_request_pick')
    with op.batch_alter_table('mentor_request', schema=None) as batch_op:
        batch_op.drop_index('uq_mentor_request_open', sqlite_where=sa.text("status IN ('open', 'with_admins')"), postgresql_where=sa.text("status IN ('open', 'with_admins')"))
        batch_op.drop_index(batch_op.f('ix_mentor_request_settled_by_id'))
        batch_op.drop_index(batch_op.f('ix_mentor_request_mentorship_id'))
        batch_op.drop_index(batch_op.f('ix_mentor_request_enrollment_id'))

    op.drop_table('mentor_request')
    with op.batch_alter_table('mentorship', schema=None) as batch_op:
        batch_op.drop_index('uq_mentorship_active_primary', sqlite_where=sa.text("status = 'active' AND role = 'primary'"), postgresql_where=sa.text("status = 'active' AND role = 'primary'"))
        batch_op.drop_index('uq_mentorship_active_pair', sqlite_where=sa.text("status = 'active'"), postgresql_where=sa.text("status = 'active'"))
        batch_op.drop_index(batch_op.f('ix_mentorship_started_by_id'))
        batch_op.drop_index(batch_op.f('ix_mentorship_mentor_id'))
        batch_op.drop_index(batch_op.f('ix_mentorship_ended_by_id'))

    op.drop_table('mentorship')
    with op.batch_alter_table('goal_criterion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_criterion_lesson_id'))

    op.drop_table('goal_criterion')
    with op.batch_alter_table('goal_skill', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_skill_skill'))

    op.drop_table('goal_skill')
    with op.batch_alter_table('goal_checkin', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_checkin_goal_id'))
        batch_op.drop_index(batch_op.f('ix_goal_checkin_author_id'))

    op.drop_table('goal_checkin')
    with op.batch_alter_table('user_skill', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_skill_skill'))

    op.drop_table('user_skill')
    op.drop_table('profile')
    with op.batch_alter_table('match_exclusion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_exclusion_mentor_id'))
        batch_op.drop_index(batch_op.f('ix_match_exclusion_created_by_id'))

    op.drop_table('match_exclusion')
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_user_id'))

    op.drop_table('goal')


BATCH = 500
MIGRATED_AT = datetime.now(timezone.utc)

user = sa.table("user", sa.column("id", sa.Integer), sa.column("skills", sa.JSON), sa.column("bio", sa.Text))
user_skill = sa.table("user_skill", sa.column("user_id", sa.Integer), sa.column("skill", sa.String),
                      sa.column("level", sa.String))
enrollment = sa.table("enrollment", sa.column("id", sa.Integer), sa.column("user_id", sa.Integer),
                      sa.column("role", sa.String), sa.column("status", sa.String),
                      sa.column("mentor_id", sa.Integer), sa.column("goals", sa.Text),
                      sa.column("enrolled_at", sa.DateTime(timezone=True)))
goal = sa.table("goal", sa.column("id", sa.Integer), sa.column("user_id", sa.Integer), sa.column("title", sa.String),
                sa.column("why", sa.Text), sa.column("measure", sa.Text), sa.column("status", sa.String),
                sa.column("cite_as_evidence", sa.Boolean), sa.column("created_at", sa.DateTime(timezone=True)),
                sa.column("updated_at", sa.DateTime(timezone=True)), sa.column("version", sa.Integer))
mentor_assignment = sa.table("mentor_assignment", sa.column("enrollment_id", sa.Integer),
                             sa.column("mentor_id", sa.Integer), sa.column("assigned_by_id", sa.Integer),
                             sa.column("assigned_at", sa.DateTime(timezone=True)))
_MOMENT = sa.DateTime(timezone=True)
mentorship = sa.table(
    "mentorship", sa.column("enrollment_id", sa.Integer), sa.column("mentor_id", sa.Integer),
    sa.column("role", sa.String), sa.column("skill", sa.String), sa.column("status", sa.String),
    sa.column("started_at", _MOMENT), sa.column("started_by_id", sa.Integer), sa.column("origin", sa.String),
    sa.column("agreement_goals", sa.Text), sa.column("meeting_cadence", sa.String),
    sa.column("checkin_comment", sa.Text), sa.column("ended_at", _MOMENT), sa.column("end_reason", sa.Text),
    sa.column("closing_comment", sa.Text), sa.column("version", sa.Integer))
profile = sa.table(
    "profile", sa.column("user_id", sa.Integer), sa.column("headline", sa.String), sa.column("bio_html", sa.Text),
    sa.column("languages", sa.JSON), sa.column("help_with", sa.Text), sa.column("active_mentees", sa.Integer),
    sa.column("updated_at", _MOMENT), sa.column("version", sa.Integer))


def _batches(connection, query, key):
    """Rows of ``query`` (ordered by ``key``) a batch at a time, so memory stays flat."""
    last = 0
    while True:
        rows = connection.execute(query.where(key > last).order_by(key).limit(BATCH)).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _move_skills(connection) -> None:
    for rows in _batches(connection, sa.select(user.c.id, user.c.skills), user.c.id):
        values = []
        for user_id, skills in rows:
            seen = []
            for skill in skills or []:
                tag = " ".join(str(skill).strip().lower().split())[:60]  # as lms.profiles.skills.normalise
                if tag and tag not in seen:
                    seen.append(tag)
            values += [{"user_id": user_id, "skill": tag, "level": "working"} for tag in seen]
        if values:
            connection.execute(user_skill.insert(), values)


def _goal_title(text: str) -> str:
    first = " ".join(text.split())
    return first if len(first) <= 200 else first[:199].rstrip() + "…"


def _move_goals(connection) -> None:
    query = (sa.select(enrollment.c.id, enrollment.c.user_id, enrollment.c.goals, enrollment.c.enrolled_at)
             .where(enrollment.c.goals != ""))
    written: set[tuple[int, str]] = set()
    for rows in _batches(connection, query, enrollment.c.id):
        values = []
        for _, user_id, text, enrolled_at in rows:
            title = _goal_title(text)
            if not title or (user_id, title) in written:
                continue
            written.add((user_id, title))
            values.append({"user_id": user_id, "title": title, "why": text if title != text.strip() else "",
                           "measure": "", "status": "in_progress", "cite_as_evidence": False,
                           "created_at": enrolled_at or MIGRATED_AT, "updated_at": MIGRATED_AT, "version": 1})
        if values:
            connection.execute(goal.insert(), values)


def _move_primary_mentors(connection) -> None:
    query = (sa.select(enrollment.c.id, enrollment.c.mentor_id, enrollment.c.status, enrollment.c.enrolled_at)
             .where(enrollment.c.role == "learner", enrollment.c.mentor_id.is_not(None)))
    for rows in _batches(connection, query, enrollment.c.id):
        latest = {(enrollment_id, mentor_id): (at, by) for enrollment_id, mentor_id, at, by in connection.execute(
            sa.select(mentor_assignment.c.enrollment_id, mentor_assignment.c.mentor_id,
                      mentor_assignment.c.assigned_at, mentor_assignment.c.assigned_by_id)
            .where(mentor_assignment.c.enrollment_id.in_([row[0] for row in rows]))
            .order_by(mentor_assignment.c.assigned_at))}
        values = []
        for enrollment_id, mentor_id, status, enrolled_at in rows:
            started_at, started_by = latest.get((enrollment_id, mentor_id), (enrolled_at, None))
            active = status == "active"
            values.append({
                "enrollment_id": enrollment_id, "mentor_id": mentor_id, "role": "primary", "skill": "",
                "status": "active" if active else "ended", "started_at": started_at or MIGRATED_AT,
                "started_by_id": started_by, "origin": "primary mentor before relationships were recorded",
                "agreement_goals": "", "meeting_cadence": "", "checkin_comment": "",
                "ended_at": None if active else MIGRATED_AT,
                "end_reason": "" if active else f"the enrolment was {status} when relationships began to be recorded",
                "closing_comment": "", "version": 1})
        connection.execute(mentorship.insert(), values)


def _add_profiles(connection) -> None:
    active = (sa.select(sa.func.count()).select_from(mentorship)
              .where(mentorship.c.mentor_id == user.c.id, mentorship.c.status == "active").scalar_subquery())
    for rows in _batches(connection, sa.select(user.c.id, active, user.c.bio), user.c.id):
        connection.execute(profile.insert(), [
            {"user_id": user_id, "headline": "", "languages": [], "help_with": "",
             "bio_html": render_user_markdown(bio) if (bio or "").strip() else "",
             "active_mentees": count, "updated_at": MIGRATED_AT, "version": 1} for user_id, count, bio in rows])


def _restore_skills(connection) -> None:
    skills: dict[int, list[str]] = {}
    for user_id, skill in connection.execute(
            sa.select(user_skill.c.user_id, user_skill.c.skill).order_by(user_skill.c.user_id, user_skill.c.skill)):
        skills.setdefault(user_id, []).append(skill)
    if skills:
        connection.execute(user.update().where(user.c.id == sa.bindparam("user_id")).values(skills=sa.bindparam("list")),
                           [{"user_id": user_id, "list": tags} for user_id, tags in skills.items()])


def _restore_goals(connection) -> None:
    goals: dict[int, list[str]] = {}
    for user_id, title, why in connection.execute(
            sa.select(goal.c.user_id, goal.c.title, goal.c.why).where(goal.c.status.in_(["not_started", "in_progress"]))
            .order_by(goal.c.user_id, goal.c.id)):
        goals.setdefault(user_id, []).append(why or title)
    if goals:
        connection.execute(
            enrollment.update().where(enrollment.c.user_id == sa.bindparam("owner"), enrollment.c.role == "learner")
            .values(goals=sa.bindparam("text")),
            [{"owner": user_id, "text": "; ".join(texts)} for user_id, texts in goals.items()])
