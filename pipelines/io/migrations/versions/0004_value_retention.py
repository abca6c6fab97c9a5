"""Value and retention of each response, as typed columns (issue 14: value at risk).

``value``: an amount >= 0 (revenue, contract value, basket), NULL when the export has none.
``retained``: True = still a customer, False = left, NULL = not known.

Revision ID: 0004_value
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_value"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("responses") as batch:
        batch.add_column(sa.Column("value", sa.Float))
        batch.add_column(sa.Column("retained", sa.Boolean))


def downgrade() -> None:
    with op.batch_alter_table("responses") as batch:
        batch.drop_column("retained")
        batch.drop_column("value")
