"""Table definitions of the store (SQLAlchemy Core). Alembic migrations create and evolve them.

Column names of ``responses``, ``mentions`` and ``themes`` follow the DESIGN data contract.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    Column("run_id", String(36), primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(16), nullable=False),  # running | completed | failed
    Column("parameters", Text),  # JSON
    Column("counts", Text),  # JSON
    Column("version", String(32)),
    Column("error", Text),
    Column("host", String(255)),
)

responses = Table(
    "responses",
    metadata,
    Column("response_id", String(128), primary_key=True),
    Column("score", Integer),  # NULL = invited, no answer
    Column("comment", Text),
    Column("language", String(16)),  # as given in the export, if any
    Column("responded_at", DateTime(timezone=False)),
    Column("customer_id", String(255)),
    Column("value", Float),  # revenue, contract value, basket (NULL = not in the export)
    Column("retained", Boolean),  # True = still a customer, False = left, NULL = not known
    Column("segments", Text),  # JSON object of segment column -> value
    Column("source_file", Text),
    Column("source_line", Integer),
    Column("content_hash", String(64), nullable=False),
    Column("prepared_hash", String(64)),  # content_hash when its mentions were last prepared
    Column("version", Integer, nullable=False, default=1),
    Column("first_run_id", String(36)),
    Column("last_run_id", String(36)),
    Column("updated_at", DateTime(timezone=True)),
)
Index("ix_responses_responded_at", responses.c.responded_at)

response_history = Table(
    "response_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("response_id", String(128), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("content", Text, nullable=False),  # JSON of the replaced row
    Column("replaced_at", DateTime(timezone=True), nullable=False),
    Column("run_id", String(36)),
)

rejects = Table(
    "rejects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(36), index=True),
    Column("file", Text, nullable=False),
    Column("line", Integer),
    Column("column", String(255)),
    Column("value", Text),
    Column("reason", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    Column("mention_id", String(40), primary_key=True),  # stable: hash(response_id, position, text)
    Column("response_id", String(128), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),  # normalised, PII-masked
    Column("language", String(16), nullable=False),
    Column("text_hash", String(64), nullable=False, index=True),
    Column("lemmas", Text),
    Column("theme_id", Integer, index=True),  # NULL = not processed yet, -1 = unassigned
    Column("similarity", Float),
    Column("run_id", String(36)),
    Column("polarity", String(16)),  # positive | negative | neutral (NULL = not scored yet)
    Column("polarity_confidence", Float),
    Column("no_topic", String(32)),  # why a mention names nothing to act on (NULL = it does)
)

embeddings = Table(
    "embeddings",
    metadata,
    Column("model_id", String(255), primary_key=True),
    Column("text_hash", String(64), primary_key=True),
    Column("dim", Integer, nullable=False),
    Column("vector", LargeBinary, nullable=False),  # float16 bytes
)

themes = Table(
    "themes",
    metadata,
    Column("theme_id", Integer, primary_key=True, autoincrement=False),
    Column("label_fr", Text),
    Column("label_en", Text),
    Column("keywords_fr", Text),  # JSON list
    Column("keywords_en", Text),  # JSON list
    Column("size", Integer, nullable=False, default=0),
    Column("status", String(16), nullable=False),  # active | new | retired | merged
    Column("examples", Text),  # JSON list of {"text", "language", "response_id"}
    Column("parent_id", Integer),
    Column("parent_label", Text),
    Column("centroid", LargeBinary),  # float32 bytes
    Column("model_id", String(255)),
    Column("created_run_id", String(36)),
    Column("updated_run_id", String(36)),
    Column("label_edited", Boolean, nullable=False, default=False),
    Column("pinned", Boolean, nullable=False, default=False),
    Column("merged_into", Integer, ForeignKey("themes.theme_id")),
    Column("kind", String(16), nullable=False, default="topic"),  # topic | general
    Column("polarity", String(16)),  # complaint | praise | mixed
    Column("level", String(16), nullable=False, default="theme"),  # theme | parent
    Column("praise_share", Float),  # of the theme's mentions that are positive
    Column("complaint_share", Float),  # of the theme's mentions that are negative
    Column("concept", String(64)),  # the glossary concept its labels come from (NULL = none)
)

theme_edits = Table(
    "theme_edits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", String(16), nullable=False),  # rename | merge | split | pin | unpin
    Column("payload", Text, nullable=False),  # JSON
    Column("created_at", DateTime(timezone=True), nullable=False),
)

locks = Table(
    "locks",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("owner", String(255), nullable=False),
    Column("acquired_at", DateTime(timezone=True), nullable=False),
    Column("heartbeat_at", DateTime(timezone=True), nullable=False),
)

artifacts = Table(
    "artifacts",
    metadata,
    Column("name", String(64), primary_key=True),  # e.g. "theme_model"
    Column("run_id", String(36)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("payload", LargeBinary, nullable=False),
)

# The analyst's map of themes to owners (service, product, pricing, digital, partner...): a rule
# names a theme by id, by glossary concept or by label; ``source`` says whether the CLI set it
# or the owners file (``followups.owners_file``) did, which every run replays.
theme_owners = Table(
    "theme_owners",
    metadata,
    Column("match_on", String(16), primary_key=True),  # theme | label | concept
    Column("match_value", String(255), primary_key=True),  # theme id, label (casefolded), concept
    Column("owner", String(40), nullable=False),
    Column("source", String(16), nullable=False),  # cli | file
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# What happened to a follow-up (imported by `verbatim followups import`): one row per status.
followup_outcomes = Table(
    "followup_outcomes",
    metadata,
    Column("followup_id", String(40), primary_key=True),
    Column("status", String(16), primary_key=True),  # called | reached | resolved | not_reachable
    Column("list_name", String(40), nullable=False),
    Column("response_id", String(128), nullable=False, index=True),
    Column("outcome_date", DateTime(timezone=False)),
    Column("note", Text),  # as the analyst wrote it; never served (it may name people)
    Column("source_file", Text),
    Column("source_line", Integer),
    Column("imported_at", DateTime(timezone=True), nullable=False),
)

# Comments as the PII masker left them, so that a read does not mask the same comment again (the
# name masker loads spaCy's NER: 2-5 s of a process). Keyed by the hash of the raw comment and
# the masker's version (verbatim.nlp.masker): once the rules change, no older mask is served.
# Only masked text is kept here; the raw comment stays in ``responses`` alone.
masked_texts = Table(
    "masked_texts",
    metadata,
    Column("masker", String(16), primary_key=True),
    Column("text_hash", String(64), primary_key=True),
    Column("masked", Text, nullable=False),
)

TABLES = {t.name: t for t in metadata.sorted_tables}
