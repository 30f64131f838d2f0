"""event tally: counts per month, type and status, overall, per actor, per country

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 19:00:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_MONTH = "substr(CAST(event.date_start AS VARCHAR), 1, 7)"


def upgrade() -> None:
    op.create_table('event_tally',
    sa.Column('dimension', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('month', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('dimension', 'key', 'month', 'type', 'status')
    )
    op.execute(f"INSERT INTO event_tally SELECT 'all', '', {_MONTH}, type, status, count(*) FROM event "
               f"GROUP BY {_MONTH}, type, status")
    op.execute(f"INSERT INTO event_tally SELECT 'actor', p.actor_id, {_MONTH}, type, status, count(*) "
               f"FROM event_participant p JOIN event ON event.id = p.event_id GROUP BY p.actor_id, {_MONTH}, type, status")
    op.execute(f"INSERT INTO event_tally SELECT 'country', c.code, {_MONTH}, type, status, count(*) "
               f"FROM event_country c JOIN event ON event.id = c.event_id GROUP BY c.code, {_MONTH}, type, status")


def downgrade() -> None:
    op.drop_table('event_tally')
