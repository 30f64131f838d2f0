"""event_source.moved_from: the event a re-extracted report's older reading
was in, so the rebuild can redirect that event's permalink

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 23:58:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('event_source') as batch:
        batch.add_column(sa.Column('moved_from', sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('event_source') as batch:
        batch.drop_column('moved_from')
