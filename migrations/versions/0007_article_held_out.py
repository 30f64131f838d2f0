"""article.held_out and article.held_reports: an article whose reports are
kept off the timeline (no year stated anywhere), why, and what was read

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 11:00:00

Articles stored before this revision are not held out until `timeline
reextract` reads them again.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('article') as batch:
        batch.add_column(sa.Column('held_out', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch.add_column(sa.Column('held_reports', sa.JSON(), nullable=False, server_default='[]'))


def downgrade() -> None:
    with op.batch_alter_table('article') as batch:
        batch.drop_column('held_reports')
        batch.drop_column('held_out')
