"""Polarity per mention, theme kind (topic | general), theme polarity and roll-up level.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mentions") as batch:
        batch.add_column(sa.Column("polarity", sa.String(16)))
        batch.add_column(sa.Column("polarity_confidence", sa.Float))
        batch.add_column(sa.Column("no_topic", sa.String(32)))
    with op.batch_alter_table("themes") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="topic"))
        batch.add_column(sa.Column("polarity", sa.String(16)))
        batch.add_column(sa.Column("level", sa.String(16), nullable=False, server_default="theme"))
        batch.add_column(sa.Column("praise_share", sa.Float))
        batch.add_column(sa.Column("complaint_share", sa.Float))
        batch.add_column(sa.Column("concept", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("themes") as batch:
        for name in ("concept", "complaint_share", "praise_share", "level", "polarity", "kind"):
            batch.drop_column(name)
    with op.batch_alter_table("mentions") as batch:
        for name in ("no_topic", "polarity_confidence", "polarity"):
            batch.drop_column(name)
