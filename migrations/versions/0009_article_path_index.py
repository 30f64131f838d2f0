"""article.path indexed: each batch an ingest stores looks its paths up (a
file stored before under another content is replaced), and without an index
every lookup read the whole table — a cost that grew with the corpus

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 18:30:00
"""
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_article_path', 'article', ['path'])


def downgrade() -> None:
    op.drop_index('ix_article_path', table_name='article')
