"""Initial schema: runs, responses (+history), rejects, mentions, embeddings, themes, edits, locks.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("run_id", sa.String(36), primary_key=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("parameters", sa.Text),
        sa.Column("counts", sa.Text),
        sa.Column("version", sa.String(32)),
        sa.Column("error", sa.Text),
        sa.Column("host", sa.String(255)),
    )
    op.create_table(
        "responses",
        sa.Column("response_id", sa.String(128), primary_key=True),
        sa.Column("score", sa.Integer),
        sa.Column("comment", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("responded_at", sa.DateTime(timezone=False)),
        sa.Column("customer_id", sa.String(255)),
        sa.Column("segments", sa.Text),
        sa.Column("source_file", sa.Text),
        sa.Column("source_line", sa.Integer),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("prepared_hash", sa.String(64)),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("first_run_id", sa.String(36)),
        sa.Column("last_run_id", sa.String(36)),
        sa.Column("updated_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_responses_responded_at", "responses", ["responded_at"])
    op.create_table(
        "response_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("response_id", sa.String(128), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.String(36)),
    )
    op.create_index("ix_response_history_response_id", "response_history", ["response_id"])
    op.create_table(
        "rejects",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.String(36)),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("line", sa.Integer),
        sa.Column("column", sa.String(255)),
        sa.Column("value", sa.Text),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_rejects_run_id", "rejects", ["run_id"])
    op.create_table(
        "mentions",
        sa.Column("mention_id", sa.String(40), primary_key=True),
        sa.Column("response_id", sa.String(128), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("lemmas", sa.Text),
        sa.Column("theme_id", sa.Integer),
        sa.Column("similarity", sa.Float),
        sa.Column("run_id", sa.String(36)),
    )
    op.create_index("ix_mentions_response_id", "mentions", ["response_id"])
    op.create_index("ix_mentions_text_hash", "mentions", ["text_hash"])
    op.create_index("ix_mentions_theme_id", "mentions", ["theme_id"])
    op.create_table(
        "embeddings",
        sa.Column("model_id", sa.String(255), primary_key=True),
        sa.Column("text_hash", sa.String(64), primary_key=True),
        sa.Column("dim", sa.Integer, nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "themes",
        sa.Column("theme_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("label_fr", sa.Text),
        sa.Column("label_en", sa.Text),
        sa.Column("keywords_fr", sa.Text),
        sa.Column("keywords_en", sa.Text),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("examples", sa.Text),
        sa.Column("parent_id", sa.Integer),
        sa.Column("parent_label", sa.Text),
        sa.Column("centroid", sa.LargeBinary),
        sa.Column("model_id", sa.String(255)),
        sa.Column("created_run_id", sa.String(36)),
        sa.Column("updated_run_id", sa.String(36)),
        sa.Column("label_edited", sa.Boolean, nullable=False),
        sa.Column("pinned", sa.Boolean, nullable=False),
        sa.Column("merged_into", sa.Integer, sa.ForeignKey("themes.theme_id")),
    )
    op.create_table(
        "theme_edits",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "locks",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("owner", sa.String(255), nullable=False),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "artifacts",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("run_id", sa.String(36)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    for name in (
        "artifacts",
        "locks",
        "theme_edits",
        "themes",
        "embeddings",
        "mentions",
        "rejects",
        "response_history",
        "responses",
        "runs",
    ):
        op.drop_table(name)
