"""timeline indexes for keyset pagination; event dates on participants and
countries; actor event counts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 18:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('actor') as batch_op:
        batch_op.add_column(sa.Column('event_count', sa.Integer(), nullable=False, server_default='0'))
    for table in ('event_participant', 'event_country'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('date_start', sa.Date(), nullable=True))
        op.execute(f"UPDATE {table} SET date_start = (SELECT event.date_start FROM event WHERE event.id = {table}.event_id)")
    op.execute("UPDATE actor SET event_count = (SELECT count(*) FROM event_participant WHERE actor_id = actor.id)")
    op.create_index('ix_event_timeline', 'event', [sa.text('date_start DESC'), 'id'])
    op.create_index('ix_event_type_timeline', 'event', ['type', sa.text('date_start DESC'), 'id'])
    op.create_index('ix_event_participant_timeline', 'event_participant',
                    ['actor_id', sa.text('date_start DESC'), 'event_id'])
    op.create_index('ix_event_country_timeline', 'event_country', ['code', sa.text('date_start DESC'), 'event_id'])
    for name, table in _SUPERSEDED:  # each is the first column of a timeline index
        op.drop_index(name, table_name=table)


_SUPERSEDED = [('ix_event_type', 'event'), ('ix_event_date_start', 'event'),
               ('ix_event_participant_actor_id', 'event_participant'), ('ix_event_country_code', 'event_country')]


def downgrade() -> None:
    op.create_index('ix_event_type', 'event', ['type'])
    op.create_index('ix_event_date_start', 'event', ['date_start'])
    op.create_index('ix_event_participant_actor_id', 'event_participant', ['actor_id'])
    op.create_index('ix_event_country_code', 'event_country', ['code'])
    op.drop_index('ix_event_country_timeline', 'event_country')
    op.drop_index('ix_event_participant_timeline', 'event_participant')
    op.drop_index('ix_event_type_timeline', 'event')
    op.drop_index('ix_event_timeline', 'event')
    for table in ('event_participant', 'event_country'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column('date_start')
    with op.batch_alter_table('actor') as batch_op:
        batch_op.drop_column('event_count')
