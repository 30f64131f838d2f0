"""article.outlet: who published the article (og:site_name, a dump's
publisher field, else the host of its address)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 14:00:00

Articles stored before this revision get the host of their address, when
they have one.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('article') as batch:
        batch.add_column(sa.Column('outlet', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    article = sa.table('article', sa.column('id', sa.String), sa.column('url', sa.String),
                       sa.column('outlet', sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(article.c.id, article.c.url).where(article.c.url.is_not(None))).all()
    for article_id, url in rows:
        host = _host(url)
        if host:
            connection.execute(article.update().where(article.c.id == article_id).values(outlet=host))


def _host(url: str) -> str | None:
    """The migration's own copy: a revision must not change with the app's code."""
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return None
    return host.removeprefix("www.") or None


def downgrade() -> None:
    with op.batch_alter_table('article') as batch:
        batch.drop_column('outlet')
