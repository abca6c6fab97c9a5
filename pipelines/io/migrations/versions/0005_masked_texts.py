"""Comments as the PII masker left them, kept so that reads do not mask them again (issue 12).

``masker``: the masker's version (``verbatim.nlp.masker``); ``text_hash``: SHA-256 of the raw
comment; ``masked``: the masked text. A cache: dropping it loses nothing but time.

Revision ID: 0005_masked
Revises: 0004_value
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_masked"
down_revision = "0004_value"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "masked_texts",
        sa.Column("masker", sa.String(16), primary_key=True),
        sa.Column("text_hash", sa.String(64), primary_key=True),
        sa.Column("masked", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("masked_texts")
