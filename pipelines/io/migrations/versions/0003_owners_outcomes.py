"""Theme owners (the analyst's map) and the imported outcomes of follow-ups.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "theme_owners",
        sa.Column("match_on", sa.String(16), primary_key=True),
        sa.Column("match_value", sa.String(255), primary_key=True),
        sa.Column("owner", sa.String(40), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "followup_outcomes",
        sa.Column("followup_id", sa.String(40), primary_key=True),
        sa.Column("status", sa.String(16), primary_key=True),
        sa.Column("list_name", sa.String(40), nullable=False),
        sa.Column("response_id", sa.String(128), nullable=False),
        sa.Column("outcome_date", sa.DateTime(timezone=False)),
        sa.Column("note", sa.Text),
        sa.Column("source_file", sa.Text),
        sa.Column("source_line", sa.Integer),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_followup_outcomes_response_id", "followup_outcomes", ["response_id"])


def downgrade() -> None:
    op.drop_index("ix_followup_outcomes_response_id", "followup_outcomes")
    op.drop_table("followup_outcomes")
    op.drop_table("theme_owners")
