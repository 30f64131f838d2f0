"""pending blocks: sources are stored first, events rebuilt per block after

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 18:40:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pending_block',
    sa.Column('block', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('block')
    )


def downgrade() -> None:
    op.drop_table('pending_block')
