"""The store: one SQLAlchemy Core engine over SQLite (default, WAL) or PostgreSQL (by URL).

Every value from a survey is bound as a parameter, never formatted into SQL.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import re
import socket
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import (
    Column,
    Engine,
    MetaData,
    Table,
    bindparam,
    create_engine,
    delete,
    event,
    exists,
    func,
    select,
    update,
)
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from verbatim.pipelines.errors import Errors, VerbatimError
from verbatim.pipelines.io import schema

CANONICAL_FIELDS = ("score", "comment", "language", "responded_at", "customer_id", "segments")
# typed columns an export may have (pipelines/io/value_fields.py): amount >= 0, still a customer
OPTIONAL_FIELDS = ("value", "retained")
_CHUNK = 500
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
log = logging.getLogger(__name__)


def now() -> datetime:
    """Current UTC time, timezone-aware."""
    return datetime.now(UTC)


def redact_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


@functools.cache
def _head_revision() -> str | None:
    """The newest migration's revision, read from the migration files without importing Alembic.

    Importing Alembic took 0.2-0.4 s of every command (as much as the rest of a query's start-up
    once pandas is loaded), and a store already at this revision needs none of it. None when
    the files do not plainly name one head (a merge, an unusual file): Alembic then decides.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (_MIGRATIONS / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision = re.search(r"^revision\s*=\s*[\"']([^\"']+)[\"']\s*$", text, re.M)
        down = re.search(r"^down_revision\s*=\s*(.+)$", text, re.M)
        if revision is None or down is None:
            return None
        revisions.add(revision[1])
        parents.update(re.findall(r"[\"']([^\"']+)[\"']", down[1]))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _clean(value: Any) -> Any:
    """Turn pandas/numpy scalars and missing values into plain Python for binding."""
    if type(value) is str or type(value) is int:  # most cells: nothing to turn
        return value
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _jsonable(value: Any) -> Any:
    """Lists/arrays/dicts of numpy values as plain JSON-able Python."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return _clean(value)


_NOT_SEGMENTS = frozenset(
    (
        "response_id",
        "score",
        "comment",
        "language",
        "responded_at",
        "customer_id",
        "value",
        "retained",
        "source_file",
        "source_line",
        "category",
    )
)
# json.dumps with these options, without building an encoder per call (same text)
_HASH_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)
_SEGMENTS_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


def content_hash(row: dict[str, Any]) -> str:
    """A stable hash of a response's canonical content, to tell a changed row from a repeat."""
    payload = {k: row.get(k) for k in CANONICAL_FIELDS}
    for key in OPTIONAL_FIELDS:  # only when present: rows without them keep their old hash
        if row.get(key) is not None:
            payload[key] = row[key]
    if isinstance(payload["responded_at"], datetime):
        payload["responded_at"] = payload["responded_at"].isoformat()
    text = _HASH_JSON.encode(payload)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------------------ bulk writes
# Through public APIs only. ``conn.execute(stmt, rows)`` builds every row's parameters in Python
# (SQLAlchemy's executemany): at 100k responses the store's writes took 17-52% longer than when
# they read SQLAlchemy's compiled internals. Here the statement is compiled once to its SQL text,
# each column goes through its type's bind processor once per distinct value, and the rows go to
# the driver's executemany (SQLite: 0-10% slower than the internals); PostgreSQL gets them
# through COPY (psycopg's ``cursor.copy``): 1.3-1.7x faster than before. ``benchmarks/
# store_write.py`` times the three side by side (benchmarks/README.md has the table).
def _processed(values: list[Any], processor: Any) -> list[Any]:
    """``processor`` applied to each non-None value, once per distinct value (dates repeat)."""
    memo: dict[Any, Any] = {}
    out = []
    for v in values:
        if v is None:
            out.append(None)
            continue
        key = (type(v), v)  # True == 1 == 1.0: one entry per type
        try:
            p = memo[key]
        except KeyError:
            p = memo[key] = processor(v)
        except TypeError:  # unhashable
            p = processor(v)
        out.append(p)
    return out


def _copies(conn: Any) -> bool:
    """Whether ``conn`` reaches PostgreSQL through psycopg 3, whose cursors COPY."""
    return conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg"


def _copy_rows(conn: Any, table: Any, names: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """``COPY table (names) FROM STDIN`` of ``rows`` in the connection's transaction."""
    quote = conn.dialect.identifier_preparer.quote
    target = ", ".join(quote(n) for n in names)
    sql = f"COPY {quote(table.name)} ({target}) FROM STDIN"
    with conn.connection.driver_connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _executemany(
    conn: Any,
    stmt: Any,
    rows: Sequence[dict[str, Any]],
    types: dict[str, Any],
    chunk: int,
    *,
    copy: bool = True,
) -> None:
    """``stmt`` once per row (dicts keyed by bind name), ``chunk`` rows a driver call.

    ``types`` gives each bind's column type, whose bind processor turns the values into what
    the driver stores (SQLite's datetimes as text). ``copy=False``: the rows are the caller's
    own scratch, processed values are written into them.
    """
    names = list(rows[0])
    dialect = conn.dialect
    compiled = stmt.compile(dialect=dialect, column_keys=names)
    # the driver reads bind names as placeholders (SQLite's engine is made "named", psycopg's
    # is "pyformat"); otherwise, or if a name had to be escaped, SQLAlchemy binds the rows
    if dialect.paramstyle not in ("named", "pyformat") or set(compiled.params) != set(names):
        for start in range(0, len(rows), chunk):
            conn.execute(stmt, list(rows[start : start + chunk]))
        return
    processors = {}
    for name, type_ in types.items():
        processor = type_.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            processors[name] = _processed([row[name] for row in rows], processor)
    params: Sequence[dict[str, Any]] = rows
    if processors:
        params = [row.copy() for row in rows] if copy else rows
        for name, values in processors.items():
            for param, value in zip(params, values, strict=True):
                param[name] = value
    sql = str(compiled)
    for start in range(0, len(params), chunk):
        conn.exec_driver_sql(sql, list(params[start : start + chunk]))


def _insert_many(conn: Any, table: Any, rows: Sequence[dict[str, Any]], chunk: int = 2000) -> None:
    """Insert ``rows`` (dicts with the same keys: column names) into ``table``."""
    if not rows:
        return
    names = list(rows[0])
    if _copies(conn):
        _copy_rows(conn, table, names, ([row[n] for n in names] for row in rows))
        return
    _executemany(conn, table.insert(), rows, {n: table.c[n].type for n in names}, chunk)


def _update_many(
    conn: Any, table: Any, key: str, columns: dict[str, list[Any]], chunk: int = 2000
) -> None:
    """Set ``columns`` (column name -> values) of the rows of ``table`` whose ``key`` matches.

    ``columns[key]`` holds the keys. On PostgreSQL the rows are copied into a temporary table
    and applied with one ``UPDATE ... FROM``.
    """
    if not columns[key]:
        return
    names = list(columns)
    if _copies(conn):
        temp = Table(
            f"bulk_{uuid.uuid4().hex[:12]}",
            MetaData(),
            *(Column(n, table.c[n].type) for n in names),
            prefixes=["TEMPORARY"],
        )
        temp.create(conn)
        _copy_rows(conn, temp, names, zip(*columns.values(), strict=True))
        conn.execute(
            update(table)
            .where(table.c[key] == temp.c[key])
            .values({n: temp.c[n] for n in names if n != key})
        )
        temp.drop(conn)
        return
    # bind names are not column names: SQLAlchemy keeps those for its own SET parameters
    stmt = (
        update(table)
        .where(table.c[key] == bindparam(f"b_{key}"))
        .values({n: bindparam(f"b_{n}") for n in names if n != key})
    )
    binds = [f"b_{n}" for n in names]
    rows = [dict(zip(binds, row, strict=True)) for row in zip(*columns.values(), strict=True)]
    types = {f"b_{n}": table.c[n].type for n in names}
    _executemany(conn, stmt, rows, types, chunk, copy=False)


def _read_frame(conn: Any, query: Any) -> pd.DataFrame:
    """``pd.read_sql(query, conn)`` on the driver's rows, without SQLAlchemy's per-row processing.

    Reading 100k responses, SQLAlchemy turning each SQLite datetime string into a datetime and
    each row into a Row took as long as the query; callers convert the columns that need it.
    """
    result = conn.execute(query)
    names = list(result.keys())
    rows = result.cursor.fetchall() if result.cursor is not None else []
    result.close()
    return pd.DataFrame.from_records(rows, columns=names, coerce_float=True)


class Store:
    """Reads and writes the Verbatim tables; create it with ``Store(url)``, it migrates itself."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self._local = threading.local()
        try:
            self.engine = self._create_engine(url)
            if migrate:
                self.migrate()
        except VerbatimError:
            raise
        except (SQLAlchemyError, ArgumentError, OSError, ValueError, ModuleNotFoundError) as exc:
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise VerbatimError(Errors.E201, url=redact_url(url), detail=detail) from None

    @staticmethod
    def _create_engine(url: str) -> Engine:
        if url.startswith("sqlite"):
            db_path = url.split(":///", 1)[-1]
            if db_path and db_path != ":memory:":
                Path(db_path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            # named placeholders (sqlite3 reads both): bulk writes bind rows by key
            engine = create_engine(
                url, poolclass=NullPool, connect_args={"timeout": 60}, paramstyle="named"
            )

            @event.listens_for(engine, "connect")
            def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA busy_timeout=60000")
                cur.execute("PRAGMA synchronous=NORMAL")
                # up to 256 MB of pages per connection (default 2 MB): writing the themes of
                # 790k mentions took 8.8 s with the default, 5.6 s with this; grown on demand
                cur.execute("PRAGMA cache_size=-262144")
                cur.close()

            return engine
        return create_engine(url, pool_pre_ping=True)

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (a no-op when already there)."""
        head = _head_revision()
        if head is not None and self._revisions() == {head}:
            return  # already there: Alembic is not even imported
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def _revisions(self) -> set[str]:
        """The Alembic revisions the database is at (none for a new database)."""
        try:
            with self.engine.connect() as conn:
                return {
                    r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")
                }
        except SQLAlchemyError:  # no alembic_version table yet
            return set()

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Store]:
        """Use the store for a block and close its connections afterwards."""
        try:
            yield self
        finally:
            self.dispose()

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Make the store writes of a block one transaction (readers see all of them or none).

        Store methods called in the block, by this thread, share its connection; nested blocks
        join the outer one. Used where a step rewrites related tables (a refit rewrites themes
        and every mention's theme), so that the API never reads half of it.
        """
        if getattr(self._local, "conn", None) is not None:
            yield
            return
        with self.engine.begin() as conn:
            self._local.conn = conn
            try:
                yield
            finally:
                self._local.conn = None

    @contextmanager
    def _begin(self) -> Iterator[Any]:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            yield conn
        else:
            with self.engine.begin() as conn:
                yield conn

    @contextmanager
    def _connect(self) -> Iterator[Any]:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            yield conn
        else:
            with self.engine.connect() as conn:
                yield conn

    # ----------------------------------------------------------------- runs
    def start_run(self, parameters: dict[str, Any], *, version: str = "") -> str:
        """Record a run as started and return its id."""
        run_id = str(uuid.uuid4())
        with self._begin() as conn:
            conn.execute(
                schema.runs.insert().values(
                    run_id=run_id,
                    started_at=now(),
                    status="running",
                    parameters=json.dumps(parameters, default=str, ensure_ascii=False),
                    counts="{}",
                    version=version,
                    host=socket.gethostname(),
                )
            )
        return run_id

    def finish_run(
        self, run_id: str, *, status: str, counts: dict[str, Any], error: str | None = None
    ) -> None:
        """Record a run's end, its counts and, when it failed, why."""
        with self._begin() as conn:
            conn.execute(
                update(schema.runs)
                .where(schema.runs.c.run_id == run_id)
                .values(
                    finished_at=now(),
                    status=status,
                    counts=json.dumps(counts, default=str),
                    error=error,
                )
            )

    def mark_interrupted_runs(self) -> int:
        """Close runs left 'running' by a process that died; call it while holding the run lock."""
        with self._begin() as conn:
            result = conn.execute(
                update(schema.runs)
                .where(schema.runs.c.status == "running")
                .values(
                    status="failed",
                    finished_at=now(),
                    error="interrupted: the process stopped before the run finished",
                )
            )
            return int(result.rowcount or 0)

    def runs(self, limit: int = 20) -> pd.DataFrame:
        """The latest runs, newest first, with counts and duration in seconds."""
        query = select(schema.runs).order_by(schema.runs.c.started_at.desc()).limit(limit)
        with self._connect() as conn:
            df = pd.read_sql(query, conn)
        if df.empty:
            return df.assign(duration_s=pd.Series(dtype=float))
        started = pd.to_datetime(df["started_at"], utc=True)
        finished = pd.to_datetime(df["finished_at"], utc=True)
        return df.assign(duration_s=(finished - started).dt.total_seconds().round(2))

    def last_run_id(self, status: str | None = None) -> str | None:
        """Id of the newest run (optionally with a given status)."""
        query = select(schema.runs.c.run_id).order_by(schema.runs.c.started_at.desc()).limit(1)
        if status:
            query = query.where(schema.runs.c.status == status)
        with self._connect() as conn:
            return conn.execute(query).scalar()

    # ------------------------------------------------------------ responses
    def upsert_responses(self, df: pd.DataFrame, *, run_id: str | None = None) -> dict[str, int]:
        """Insert new responses, update changed ones (keeping the old version), skip repeats.

        ``df`` holds canonical columns (see DESIGN), segment columns and ``source_file``/
        ``source_line``. Returns counts ``inserted``, ``updated``, ``unchanged``, and
        ``replaced_from``: for updated rows first stored from another file (by name), how many
        per file: a second survey wave numbered from 1 again overwrites the first.
        """
        records = self._response_records(df)
        counts: dict[str, Any] = {"inserted": 0, "updated": 0, "unchanged": 0, "replaced_from": {}}
        if not records:
            return counts
        stamp = now()
        t = schema.responses
        with self._begin() as conn:
            # hashes first: re-ingesting a full-history export reads 64 characters a row, and
            # only the rows that changed are read whole (for their history)
            known: dict[str, str] = {}
            ids = [r["response_id"] for r in records]
            for chunk in _chunks(ids):
                rows = conn.execute(
                    select(t.c.response_id, t.c.content_hash).where(t.c.response_id.in_(chunk))
                )
                known.update((rid, digest) for rid, digest in rows)
            changed = [
                r["response_id"]
                for r in records
                if r["response_id"] in known and known[r["response_id"]] != r["content_hash"]
            ]
            existing: dict[str, dict[str, Any]] = {}
            for chunk in _chunks(changed):
                rows = conn.execute(select(t).where(t.c.response_id.in_(chunk))).mappings()
                existing.update({r["response_id"]: dict(r) for r in rows})
            inserts, history = [], []
            for rec in records:
                digest = known.get(rec["response_id"])
                old = existing.get(rec["response_id"])
                if digest is None:
                    inserts.append(
                        {
                            **rec,
                            "version": 1,
                            "first_run_id": run_id,
                            "last_run_id": run_id,
                            "updated_at": stamp,
                        }
                    )
                elif digest == rec["content_hash"] or old is None:
                    counts["unchanged"] += 1
                else:
                    history.append(
                        {
                            "response_id": rec["response_id"],
                            "version": old["version"],
                            "content": json.dumps(old, default=str, ensure_ascii=False),
                            "replaced_at": stamp,
                            "run_id": run_id,
                        }
                    )
                    conn.execute(
                        update(schema.responses)
                        .where(schema.responses.c.response_id == rec["response_id"])
                        .values(
                            **rec, version=old["version"] + 1, last_run_id=run_id, updated_at=stamp
                        )
                    )
                    counts["updated"] += 1
                    before = Path(str(old.get("source_file") or "")).name
                    if before and before != Path(str(rec.get("source_file") or "")).name:
                        replaced = counts["replaced_from"]
                        replaced[before] = replaced.get(before, 0) + 1
            _insert_many(conn, schema.responses, inserts)
            if history:
                conn.execute(schema.response_history.insert(), history)
            counts["inserted"] = len(inserts)
        return counts

    @staticmethod
    def _response_records(df: pd.DataFrame) -> list[dict[str, Any]]:
        """The row to store for each row of ``df``, cleaned column by column (not cell by cell)."""
        n = len(df)
        raw: dict[Any, list[Any]] = {}
        for i, name in enumerate(df.columns):  # a repeated name keeps its last column
            raw[name] = df.iloc[:, i].tolist()

        def cleaned(name: str) -> list[Any]:
            values = raw.get(name)
            if values is None:
                return [None] * n
            return [v if type(v) is str else _clean(v) for v in values]

        seg_names = [k for k in raw if k not in _NOT_SEGMENTS]
        seg_columns = [
            [v if v is None or type(v) is str else str(v) for v in cleaned(k)] for k in seg_names
        ]
        seg_rows = zip(*seg_columns, strict=True) if seg_names else [()] * n
        records = []
        values = [None if v is None else float(v) for v in cleaned("value")]
        retained = [None if r is None else bool(r) for r in cleaned("retained")]
        columns = zip(
            raw["response_id"],
            cleaned("score"),
            cleaned("comment"),
            cleaned("language"),
            cleaned("responded_at"),
            cleaned("customer_id"),
            raw.get("customer_id", [None] * n),
            values,
            retained,
            seg_rows,
            cleaned("source_file"),
            cleaned("source_line"),
            strict=True,
        )
        for rid, score, comment, language, when, customer, raw_customer, *rest in columns:
            value, kept, seg, file, line = rest
            rec = {
                "response_id": str(rid),
                "score": None if score is None else int(score),
                "comment": comment,
                "language": language,
                "responded_at": when,
                "customer_id": None if customer is None else str(raw_customer),
                "value": value,
                "retained": kept,
                "segments": _SEGMENTS_JSON.encode(dict(zip(seg_names, seg, strict=True))),
                "source_file": file,
                "source_line": line,
            }
            rec["content_hash"] = content_hash(rec)
            records.append(rec)
        return records

    def response_history(self, response_id: str) -> pd.DataFrame:
        """Earlier versions of one response, oldest first."""
        query = (
            select(schema.response_history)
            .where(schema.response_history.c.response_id == response_id)
            .order_by(schema.response_history.c.version)
        )
        with self._connect() as conn:
            return pd.read_sql(query, conn)

    def count(self, table: str) -> int:
        """Number of rows in a table."""
        with self._connect() as conn:
            return int(
                conn.execute(select(func.count()).select_from(schema.TABLES[table])).scalar()
            )

    def scores(self) -> pd.Series:
        """The score of each response by response id (Int64; missing = invited, no answer).

        Two columns read, not the comments: what the headline and the theme step need.
        """
        t = schema.responses.c
        with self._connect() as conn:
            frame = _read_frame(conn, select(t.response_id, t.score))
        return pd.Series(
            frame["score"].to_numpy(dtype=object),
            index=pd.Index(frame["response_id"].to_numpy(dtype=object), name="response_id"),
            dtype="Int64",
            name="score",
        )

    def response_ids_from(self, file_name: str) -> list[str]:
        """Ids of the responses last stored from a file of this name (any folder)."""
        t = schema.responses.c
        query = select(t.response_id, t.source_file).where(
            t.source_file.endswith(file_name, autoescape=True)
        )
        with self._connect() as conn:
            return [rid for rid, src in conn.execute(query) if Path(str(src)).name == file_name]

    def dated_scores(self) -> pd.DataFrame:
        """``score`` (Int64) and ``responded_at`` of every response: the headline's period change."""
        t = schema.responses.c
        with self._connect() as conn:
            frame = _read_frame(conn, select(t.score, t.responded_at))
        return pd.DataFrame(
            {
                "score": pd.array(frame["score"].to_numpy(dtype=object), dtype="Int64"),
                "responded_at": pd.to_datetime(frame["responded_at"], errors="coerce"),
            }
        )

    def responses(
        self, *, completed_runs_only: bool = False, comments: bool = True, raw: bool = False
    ) -> pd.DataFrame:
        """All responses with segments expanded into columns (DESIGN ``responses`` export order).

        ``completed_runs_only`` hides the responses first ingested by a run that is still going
        (or that failed and whose work no completed run has finished since): what the API
        serves, so that a night in progress shows nothing until it completes. ``comments=False``
        leaves the comment column out (most of the bytes: ``comments()`` reads a few).
        Comments come PII-masked (``verbatim.nlp.pii``): the only comment text that leaves the product;
        ``raw=True`` is for re-processing inside it. ``value`` (float) and ``retained``
        (boolean) follow ``customer_id`` when any response has them.
        """
        cols = schema.responses.c
        wanted = [cols.response_id, cols.score, cols.comment, cols.language, cols.responded_at]
        if not comments:
            wanted.remove(cols.comment)
        query = select(
            *wanted, cols.customer_id, cols.value, cols.retained, cols.segments
        ).order_by(cols.responded_at, cols.response_id)
        if completed_runs_only:
            visible = self._settled_runs()
            query = query.where(cols.first_run_id.is_(None) | cols.first_run_id.in_(visible))
        with self._connect() as conn:
            df = _read_frame(conn, query)
        df["score"] = df["score"].astype("Int64")
        for name, dtype in (("value", "float64"), ("retained", "boolean")):
            if df[name].isna().all():  # an export without the column: the frame as before
                df = df.drop(columns=name)
            else:
                df[name] = df[name].astype(dtype)
        # SQLite hands back ISO text (the driver's rows, unconverted), PostgreSQL datetimes
        df["responded_at"] = pd.to_datetime(df["responded_at"], format="ISO8601")
        codes, distinct = pd.factorize(df.pop("segments"), use_na_sentinel=False)
        segs = pd.DataFrame([json.loads(s) if isinstance(s, str) and s else {} for s in distinct])
        segs = segs.iloc[codes].set_axis(df.index) if len(df) else segs.iloc[:0]
        if comments and not raw:
            df["comment"] = self._masked(df["comment"].tolist())
        return pd.concat([df, segs], axis=1)

    def scores_and_dates(self) -> pd.DataFrame:
        """``score`` and ``responded_at`` of every response: what an NPS without segments reads.

        A quarter of ``responses(comments=False)``'s time at 100k responses (no ids, segments,
        language or customer columns to read and build).
        """
        cols = schema.responses.c
        with self._connect() as conn:
            df = _read_frame(conn, select(cols.score, cols.responded_at))
        df["score"] = df["score"].astype("Int64")
        df["responded_at"] = pd.to_datetime(df["responded_at"], format="ISO8601")
        return df

    @staticmethod
    def _settled_runs() -> Any:
        """Runs whose writes readers see: those started no later than the last completed run.

        A run still going, or one that failed or was interrupted after it, is left out until a
        later run completes (it finishes their work).
        """
        runs = schema.runs.c
        last_completed = (
            select(func.max(runs.started_at)).where(runs.status == "completed").scalar_subquery()
        )
        return select(runs.run_id).where(runs.started_at <= last_completed)

    def _by_keys(self, key: Any, value: Any, keys: Iterable[str], *where: Any) -> dict[str, Any]:
        """``{key: value}`` for the rows whose ``key`` column is among ``keys`` (and ``where``).

        Queried in chunks of bound parameters; keys without a row are absent.
        """
        found: dict[str, Any] = {}
        with self._connect() as conn:
            for chunk in _chunks(list(dict.fromkeys(keys))):
                query = select(key, value).where(key.in_(chunk), *where)
                found.update((k, v) for k, v in conn.execute(query))
        return found

    def comments(self, response_ids: Sequence[str], *, raw: bool = False) -> dict[str, str | None]:
        """The comment of each of ``response_ids``, PII-masked unless ``raw`` (absent ids too)."""
        t = schema.responses.c
        found = self._by_keys(t.response_id, t.comment, response_ids)
        if raw:
            return found
        return dict(zip(found, self._masked(list(found.values())), strict=True))

    def _masked(self, texts: list[str | None]) -> list[str | None]:
        """Each text PII-masked (each distinct text once); None stays None.

        Masks kept by an earlier read under this masker's version are served from
        ``masked_texts``; the others are masked now and kept (``_keep_masked``). A night with
        nothing new then loads neither the name masker's word lists nor spaCy's NER.
        """
        from verbatim.nlp.masker import masker_version, text_key

        distinct = list(dict.fromkeys(t for t in texts if isinstance(t, str)))
        if not distinct:
            return list(texts)
        version = masker_version()
        keys = {text: text_key(text) for text in distinct}
        t = schema.masked_texts.c
        kept = self._by_keys(t.text_hash, t.masked, keys.values(), t.masker == version)
        masked = {text: kept[key] for text, key in keys.items() if key in kept}
        missing = [text for text in distinct if text not in masked]
        if missing:
            from verbatim.nlp.pii import mask_texts

            fresh = dict(zip(missing, mask_texts(missing), strict=True))
            self._keep_masked(version, {keys[text]: m for text, m in fresh.items()})
            masked |= fresh
        return [masked[t] if isinstance(t, str) else t for t in texts]

    def _keep_masked(self, version: str, masks: dict[str, str]) -> None:
        """Keep ``masks`` (raw comment's hash -> masked text) for later reads, if it costs no wait.

        A cache, written from reads: never inside a caller's transaction (its rollback, or a
        conflict, would be the caller's), never waiting on another writer (a night's run holds
        the write lock for seconds; SQLite is asked not to wait, PostgreSQL for at most 250 ms),
        and given up silently on any store error (a read-only store, a race on the same key).
        Masks of an older masker's version are dropped here.
        """
        if getattr(self._local, "conn", None) is not None:
            return
        t = schema.masked_texts
        rows = [{"masker": version, "text_hash": k, "masked": v} for k, v in masks.items()]
        try:
            with self.engine.begin() as conn:
                if conn.dialect.name == "sqlite":
                    conn.exec_driver_sql("PRAGMA busy_timeout=0")
                    from sqlalchemy.dialects.sqlite import insert
                elif conn.dialect.name == "postgresql":
                    conn.exec_driver_sql("SET LOCAL lock_timeout = '250ms'")
                    from sqlalchemy.dialects.postgresql import insert
                else:  # pragma: no cover - the two backends the store supports
                    return
                conn.execute(delete(t).where(t.c.masker != version))
                stmt = insert(t).on_conflict_do_nothing()
                for chunk in _chunks(rows, 2000):
                    conn.execute(stmt, list(chunk))
        except SQLAlchemyError:
            log.debug("masked comments not kept (the store is busy or read-only)", exc_info=True)

    def comment_languages(self, response_ids: Sequence[str]) -> dict[str, str]:
        """The language detected in each response's comment (its first mention's).

        Only responses with mentions are present: what follow-up lists show where the export
        had no language column.
        """
        t = schema.mentions.c
        found: dict[str, str] = {}
        with self._connect() as conn:
            for chunk in _chunks(list(dict.fromkeys(response_ids))):
                query = (
                    select(t.response_id, t.language)
                    .where(t.response_id.in_(chunk))
                    .order_by(t.position.desc())  # the first mention's language wins
                )
                found.update((k, v) for k, v in conn.execute(query))
        return found

    # -------------------------------------------------------------- rejects
    def add_rejects(
        self, df: pd.DataFrame, *, run_id: str | None, files: Iterable[str] | None = None
    ) -> int:
        """Store rejected rows (file, line, column, value, reason); returns how many.

        They replace the earlier rejects of the files read: ``files``, by default
        ``df.attrs["files"]`` (ingest sets it) and the files named in ``df``. A file read again
        once its bad rows are fixed clears its old rejects, so ``verbatim rejects`` lists only
        current ones (an empty ``df`` left them listed, accepted + rejected above the rows).
        """
        read = {str(f) for f in (df.attrs.get("files", ()) if files is None else files)}
        if df.empty and not read:
            return 0
        stamp = now()
        rows = [
            {
                "run_id": run_id,
                "file": str(r["file"]),
                "line": _clean(r.get("line")),
                "column": _clean(r.get("column")),
                "value": None if _clean(r.get("value")) is None else str(r.get("value")),
                "reason": str(r["reason"]),
                "created_at": stamp,
            }
            for r in df.to_dict("records")
        ]
        with self._begin() as conn:
            # the same file re-ingested keeps one set of rejects: its latest
            replaced = sorted(read | {r["file"] for r in rows})
            conn.execute(delete(schema.rejects).where(schema.rejects.c.file.in_(replaced)))
            if rows:
                conn.execute(schema.rejects.insert(), rows)
        return len(rows)

    def rejects(self, run_id: str | None = None) -> pd.DataFrame:
        """Rejected rows, all or for one run."""
        t = schema.rejects
        query = select(t.c.run_id, t.c.file, t.c.line, t.c.column, t.c.value, t.c.reason)
        if run_id:
            query = query.where(t.c.run_id == run_id)
        query = query.order_by(t.c.file, t.c.line, t.c.id)
        with self._connect() as conn:
            df = pd.read_sql(query, conn)
        df["line"] = df["line"].astype("Int64")
        return df

    # ------------------------------------------------------------ embeddings
    def get_embeddings(self, model_id: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        """Cached vectors (float32) for the given text hashes; missing ones are absent."""
        found: dict[str, np.ndarray] = {}
        t = schema.embeddings
        with self._connect() as conn:
            for chunk in _chunks(list(dict.fromkeys(hashes))):
                rows = conn.execute(
                    select(t.c.text_hash, t.c.vector).where(
                        t.c.model_id == model_id, t.c.text_hash.in_(chunk)
                    )
                )
                for h, blob in rows:
                    found[h] = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
        return found

    def cached_hashes(self, model_id: str, hashes: Iterable[str]) -> set[str]:
        """The text hashes among ``hashes`` that have a cached vector (no vector is read)."""
        t = schema.embeddings.c  # the small dim column, not the vector blob
        return set(self._by_keys(t.text_hash, t.dim, hashes, t.model_id == model_id))

    def texts_to_embed(self, model_id: str) -> list[str]:
        """Distinct mention texts without a cached vector for ``model_id``."""
        m, e = schema.mentions, schema.embeddings
        query = (
            select(m.c.text)
            .distinct()
            .where(~exists().where(e.c.model_id == model_id, e.c.text_hash == m.c.text_hash))
        )
        with self._connect() as conn:
            return [r[0] for r in conn.execute(query)]

    def embedding_matrix(self, model_id: str, hashes: Sequence[str]) -> np.ndarray:
        """One float32 matrix of the cached vectors of ``hashes`` in order (NaN rows if missing)."""
        rows: dict[str, list[int]] = {}
        for i, h in enumerate(hashes):
            rows.setdefault(h, []).append(i)
        out: np.ndarray | None = None
        t = schema.embeddings
        with self._connect() as conn:
            for chunk in _chunks(list(rows)):
                query = select(t.c.text_hash, t.c.dim, t.c.vector).where(
                    t.c.model_id == model_id, t.c.text_hash.in_(chunk)
                )
                for h, dim, blob in conn.execute(query):
                    if out is None:
                        out = np.full((len(hashes), dim), np.nan, np.float32)
                    out[rows[h]] = np.frombuffer(blob, np.float16)
        return out if out is not None else np.full((len(hashes), 1), np.nan, np.float32)

    def put_embeddings(self, model_id: str, vectors: dict[str, np.ndarray]) -> int:
        """Cache vectors as float16, skipping hashes already stored; returns how many were new."""
        if not vectors:
            return 0
        already = self.cached_hashes(model_id, vectors)
        rows = [
            {
                "model_id": model_id,
                "text_hash": h,
                "dim": int(v.shape[0]),
                "vector": np.asarray(v, dtype=np.float16).tobytes(),
            }
            for h, v in vectors.items()
            if h not in already
        ]
        with self._begin() as conn:
            for chunk in _chunks(rows, 2000):
                conn.execute(schema.embeddings.insert(), list(chunk))
        return len(rows)

    # ------------------------------------------------------------- mentions
    def responses_to_prepare(self, response_ids: Sequence[str] | None = None) -> pd.DataFrame:
        """Responses whose comment has never been split into mentions, or changed since.

        ``response_ids`` limits the answer to those responses (a chunk ingest just stored).
        """
        t = schema.responses
        query = select(t.c.response_id, t.c.comment, t.c.language, t.c.content_hash).where(
            (t.c.prepared_hash.is_(None)) | (t.c.prepared_hash != t.c.content_hash)
        )
        with self._connect() as conn:
            if response_ids is None:
                return pd.read_sql(query, conn)
            frames = [
                pd.read_sql(query.where(t.c.response_id.in_(chunk)), conn)
                for chunk in _chunks(list(response_ids))
            ]
        columns = ["response_id", "comment", "language", "content_hash"]
        frames = [f for f in frames if len(f)]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)

    def save_mentions(
        self, mentions: pd.DataFrame, prepared: pd.DataFrame, *, run_id: str | None = None
    ) -> dict[str, int]:
        """Replace the mentions of the ``prepared`` responses, keeping unchanged ones (and their theme).

        ``prepared`` has response_id and content_hash of every response just prepared (with or
        without a comment); ``mentions`` has the mention columns of DESIGN plus position, text_hash
        and lemmas. Mention ids are stable, so an unchanged clause keeps its row and theme.
        """
        counts = {"added": 0, "removed": 0, "kept": 0}
        ids = [str(x) for x in prepared["response_id"].tolist()]
        new_ids = set(mentions["mention_id"].tolist()) if len(mentions) else set()
        with self._begin() as conn:
            old_ids: set[str] = set()
            for chunk in _chunks(ids):
                rows = conn.execute(
                    select(schema.mentions.c.mention_id).where(
                        schema.mentions.c.response_id.in_(chunk)
                    )
                )
                old_ids.update(r[0] for r in rows)
            gone = sorted(old_ids - new_ids)
            for chunk in _chunks(gone):
                conn.execute(delete(schema.mentions).where(schema.mentions.c.mention_id.in_(chunk)))
            columns = ("mention_id", "response_id", "position", "text", "language", "text_hash")
            values = [mentions[c].tolist() for c in columns] if len(mentions) else [[]] * 6
            lemmas = mentions["lemmas"].tolist() if "lemmas" in mentions else [None] * len(mentions)
            rows = [
                {
                    "mention_id": mid,
                    "response_id": str(rid),
                    "position": int(position),
                    "text": text,
                    "language": language,
                    "text_hash": digest,
                    "lemmas": lemma,
                    "theme_id": None,
                    "similarity": None,
                    "run_id": run_id,
                }
                for mid, rid, position, text, language, digest, lemma in zip(
                    *values, lemmas, strict=True
                )
                if mid not in old_ids
            ]
            _insert_many(conn, schema.mentions, rows)
            _update_many(
                conn,
                schema.responses,
                "response_id",
                {"response_id": ids, "prepared_hash": prepared["content_hash"].tolist()},
            )
            counts.update(added=len(rows), removed=len(gone), kept=len(new_ids & old_ids))
        return counts

    MENTION_COLUMNS = (
        "mention_id",
        "response_id",
        "text",
        "language",
        "theme_id",
        "similarity",
        "position",
        "text_hash",
        "lemmas",
        "polarity",
        "polarity_confidence",
        "no_topic",
    )

    def mentions(
        self,
        *,
        only_unprocessed: bool = False,
        columns: Sequence[str] | None = None,
        ordered: bool = True,
        theme_id: int | None = None,
    ) -> pd.DataFrame:
        """Mentions (DESIGN columns plus position, text_hash, lemmas), ordered by response.

        ``columns``: read only these of ``MENTION_COLUMNS`` (the report needs three of nine).
        ``ordered=False``: in the store's own order (sorting 790k mentions took 1.4 s of 1.9).
        ``theme_id``: only that theme's mentions (one theme's verbatims, not every text).
        """
        t = schema.mentions
        names = list(columns or self.MENTION_COLUMNS)
        unknown = [c for c in names if c not in self.MENTION_COLUMNS]
        if unknown:
            raise ValueError(
                f"Unknown mention column(s) {unknown}; expected some of {list(self.MENTION_COLUMNS)}."
            )
        query = select(*(t.c[c] for c in names))
        if ordered:
            query = query.order_by(t.c.response_id, t.c.position)
        if only_unprocessed:
            query = query.where(t.c.theme_id.is_(None))
        if theme_id is not None:
            query = query.where(t.c.theme_id == int(theme_id))
        with self._connect() as conn:
            df = _read_frame(conn, query)
        if "theme_id" in df:
            df["theme_id"] = df["theme_id"].astype("Int64")
        return df

    def mention_texts(self, mention_ids: Sequence[str]) -> dict[str, str]:
        """The text of each of ``mention_ids`` (ids not in the store are absent)."""
        t = schema.mentions.c
        return self._by_keys(t.mention_id, t.text, mention_ids)

    def set_mention_themes(self, assignments: pd.DataFrame) -> int:
        """Write theme_id (-1 = unassigned) and similarity for the given mention ids.

        With ``polarity``, ``polarity_confidence`` and ``no_topic`` columns, those too, in the
        same statement (one pass over the rows instead of two).
        """
        columns = {
            "mention_id": assignments["mention_id"].astype(str).tolist(),
            "theme_id": assignments["theme_id"].to_numpy(dtype=np.int64).tolist(),
            "similarity": assignments["similarity"].to_numpy(dtype=np.float64).tolist(),
        }
        if "polarity" in assignments:
            columns["polarity"] = assignments["polarity"].astype(str).tolist()
            columns["polarity_confidence"] = (
                assignments["polarity_confidence"].to_numpy(dtype=np.float64).tolist()
            )
            columns["no_topic"] = [
                w if isinstance(w, str) else None for w in assignments["no_topic"]
            ]
        with self._begin() as conn:
            _update_many(conn, schema.mentions, "mention_id", columns, chunk=5000)
        return len(columns["mention_id"])

    # --------------------------------------------------------------- themes
    _JSON_THEME_COLS = ("keywords_fr", "keywords_en", "examples")

    def save_themes(
        self, themes: pd.DataFrame, *, run_id: str | None = None, clear: Sequence[str] = ()
    ) -> int:
        """Insert or update theme rows (by theme_id); lists are stored as JSON, centroids as float32.

        On update a missing (None) value leaves the stored one alone, except in ``clear``
        columns, where None is written (a theme that no longer has a parent).
        """
        t = schema.themes
        cols = {c.name for c in t.columns}
        with self._begin() as conn:
            existing = {r[0] for r in conn.execute(select(t.c.theme_id))}
            for rec in themes.to_dict("records"):
                row = {k: v for k, v in rec.items() if k in cols}
                for key in self._JSON_THEME_COLS:
                    if key in row and not isinstance(row[key], str):
                        row[key] = json.dumps(_jsonable(row[key]), ensure_ascii=False)
                if "centroid" in row and row["centroid"] is not None:
                    row["centroid"] = np.asarray(row["centroid"], dtype=np.float32).tobytes()
                row = {k: _clean(v) if k != "centroid" else v for k, v in row.items()}
                row["theme_id"] = int(row["theme_id"])
                row["updated_run_id"] = run_id
                if row["theme_id"] in existing:
                    # a partial update (rows of one frame may carry different fields): a missing
                    # value leaves the stored one alone
                    row = {k: v for k, v in row.items() if v is not None or k in clear}
                    conn.execute(update(t).where(t.c.theme_id == row["theme_id"]).values(**row))
                else:
                    row.setdefault("created_run_id", run_id)
                    row.setdefault("label_edited", False)
                    row.setdefault("pinned", False)
                    row.setdefault("size", 0)
                    row.setdefault("status", "active")
                    conn.execute(t.insert().values(**row))
        return len(themes)

    def themes(
        self, *, include_retired: bool = False, completed_runs_only: bool = False
    ) -> pd.DataFrame:
        """Themes with JSON columns decoded and centroids as float32 arrays.

        ``completed_runs_only`` hides the themes created by a run still going (or failed since
        the last completed one), as ``responses`` does: what the API serves. A theme such a run
        only updated stays visible: every night updates every theme's size, and hiding them
        would empty the API from the theme step to the end of each run (and after a failed one).
        """
        t = schema.themes
        query = select(t).order_by(t.c.theme_id)
        if not include_retired:
            query = query.where(t.c.status.in_(["active", "new"]))
        if completed_runs_only:
            visible = self._settled_runs()
            query = query.where(t.c.created_run_id.is_(None) | t.c.created_run_id.in_(visible))
        with self._connect() as conn:
            df = pd.read_sql(query, conn)
        for key in self._JSON_THEME_COLS:
            df[key] = [json.loads(v) if v else [] for v in df[key]]
        df["centroid"] = [
            None if b is None else np.frombuffer(b, dtype=np.float32) for b in df["centroid"]
        ]
        return df

    # ------------------------------------------------------------ artifacts
    def put_artifact(self, name: str, payload: bytes, *, run_id: str | None = None) -> None:
        """Store (or replace) a named binary artifact, e.g. the fitted theme model."""
        t = schema.artifacts
        with self._begin() as conn:
            conn.execute(delete(t).where(t.c.name == name))
            conn.execute(
                t.insert().values(name=name, run_id=run_id, created_at=now(), payload=payload)
            )

    def get_artifact(self, name: str) -> bytes | None:
        """A named artifact's bytes, or None."""
        t = schema.artifacts
        with self._connect() as conn:
            return conn.execute(select(t.c.payload).where(t.c.name == name)).scalar()

    def responses_version(self) -> list[int]:
        """``[responses, newest history id]``: changes whenever a response is added or replaced.

        An update keeps the replaced version in ``response_history``, so these two numbers
        (read from indexes, ~1 ms at 100k) tell whether anything wrote responses since.
        """
        history = schema.response_history.c
        with self._connect() as conn:
            count = conn.execute(select(func.count()).select_from(schema.responses)).scalar()
            newest = conn.execute(select(func.max(history.id))).scalar()
        return [int(count or 0), int(newest or 0)]

    def fingerprint(self) -> str:
        """A short hash that changes whenever what an analysis reads changes.

        Made of the newest run (any status), the responses (count, and the last version
        replaced: an update keeps the old one in ``response_history``), the mentions' themes
        (count and sum of theme ids: a merge or a split moves them) and each theme's labels,
        status, kind, level, parent and polarity. It keys what a run keeps for later readers
        (``verbatim.pipelines.steps.analysis.save_ranking``); it reads indexes and the few theme rows (~10 ms
        at 100k responses).
        """
        m, t, runs = schema.mentions, schema.themes, schema.runs.c
        theme_cols = [
            t.c.theme_id,
            t.c.label_fr,
            t.c.label_en,
            t.c.status,
            t.c.kind,
            t.c.level,
            t.c.parent_id,
            t.c.merged_into,
            t.c.polarity,
        ]
        with self._connect() as conn:
            parts = [
                conn.execute(
                    select(runs.run_id).order_by(runs.started_at.desc()).limit(1)
                ).scalar(),
                self.responses_version(),
                list(
                    conn.execute(
                        select(
                            func.count(), func.count(m.c.theme_id), func.sum(m.c.theme_id)
                        ).select_from(m)
                    ).one()
                ),
                [list(row) for row in conn.execute(select(*theme_cols).order_by(t.c.theme_id))],
            ]
        return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:16]

    def content_fingerprint(self) -> str:
        """A hash of everything a report reads from the store, whichever run wrote it.

        Unlike ``fingerprint`` it leaves the runs out: a night that changed nothing keeps it,
        so that what was computed from the same content can be reused
        (``verbatim.pipelines.steps.report.reuse``). Made of the responses' version (count and
        newest replaced version), aggregates of the mentions that move whenever one is added,
        replaced, assigned, reassigned or scored (counts; sums of theme ids, similarities,
        positions, text lengths and polarity confidences; theme ids weighted by similarity,
        position and length: exact reads of every mention cost 0.1-0.4 s at 100k), every column of every theme row (labels,
        keywords, examples, sizes, centroids; not the runs that stamped them), the analyst's edits,
        the owner rules and the imported follow-up outcomes. Reads indexes, aggregates and the
        few theme and owner rows (~50 ms at 100k responses).
        """
        m, t = schema.mentions.c, schema.themes
        edits, outcomes = schema.theme_edits.c, schema.followup_outcomes.c
        with self._connect() as conn:
            mention_parts = conn.execute(
                select(
                    func.count(),
                    func.count(m.theme_id),
                    func.sum(m.theme_id),
                    func.sum(m.similarity),
                    func.sum(m.position),
                    func.count(m.polarity),
                    func.sum(m.polarity_confidence),
                    func.count(m.no_topic),
                    func.sum(func.length(m.text)),
                    # weighted: a mention moved from one theme to another while another moves
                    # back keeps the plain sums; it changes these unless both mentions have the
                    # same similarity, position and text length
                    func.sum(m.theme_id * m.similarity),
                    func.sum(m.theme_id * m.position),
                    func.sum(m.theme_id * func.length(m.text)),
                ).select_from(schema.mentions)
            ).one()
            # every night stamps every theme with its run (its size is recounted): not content
            columns = [c for c in t.c if c.name not in ("created_run_id", "updated_run_id")]
            theme_rows = [
                [hashlib.sha256(v).hexdigest() if isinstance(v, bytes) else v for v in row]
                for row in conn.execute(select(*columns).order_by(t.c.theme_id))
            ]
            parts = [
                self.responses_version(),
                list(mention_parts),
                theme_rows,
                list(conn.execute(select(func.count(), func.max(edits.id))).one()),
                [list(row) for row in conn.execute(select(schema.theme_owners))],
                list(
                    conn.execute(
                        select(func.count(), func.max(outcomes.imported_at)).select_from(
                            schema.followup_outcomes
                        )
                    ).one()
                ),
            ]
        return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]

    # ------------------------------------------------------- owners and follow-up outcomes
    def owner_rules(self) -> pd.DataFrame:
        """The theme-owner map: match_on (theme | label | concept), match_value, owner, source."""
        t = schema.theme_owners
        query = select(t).order_by(t.c.match_on, t.c.match_value)
        with self._connect() as conn:
            return _read_frame(conn, query)

    def set_owner_rules(self, rules: pd.DataFrame, *, replace_source: str | None = None) -> int:
        """Upsert owner rules (match_on, match_value, owner, source); an empty owner removes one.

        ``replace_source``: first remove every rule of that source (the owners file replayed:
        a rule taken out of the file is gone, not kept from an earlier run).
        """
        t = schema.theme_owners
        stamp = now()
        with self._begin() as conn:
            if replace_source is not None:
                conn.execute(delete(t).where(t.c.source == replace_source))
            for rec in rules.to_dict("records"):
                key = (t.c.match_on == rec["match_on"]) & (
                    t.c.match_value == str(rec["match_value"])
                )
                conn.execute(delete(t).where(key))
                if rec.get("owner"):
                    conn.execute(
                        t.insert().values(
                            match_on=rec["match_on"],
                            match_value=str(rec["match_value"]),
                            owner=rec["owner"],
                            source=rec.get("source") or "cli",
                            updated_at=stamp,
                        )
                    )
        return len(rules)

    def save_followup_outcomes(self, outcomes: pd.DataFrame) -> dict[str, int]:
        """Store imported outcomes, one row per (followup_id, status); a repeat updates it.

        ``outcomes``: followup_id, status, list_name, response_id, outcome_date, note,
        source_file, source_line. Returns counts ``inserted`` and ``updated``.
        """
        t = schema.followup_outcomes
        stamp = now()
        counts = {"inserted": 0, "updated": 0}
        with self._begin() as conn:
            for rec in outcomes.to_dict("records"):
                row = {k: _clean(rec.get(k)) for k in (c.name for c in t.columns)}
                row["imported_at"] = stamp
                key = (t.c.followup_id == row["followup_id"]) & (t.c.status == row["status"])
                found = conn.execute(select(func.count()).select_from(t).where(key)).scalar()
                if found:
                    conn.execute(update(t).where(key).values(**row))
                    counts["updated"] += 1
                else:
                    conn.execute(t.insert().values(**row))
                    counts["inserted"] += 1
        return counts

    def followup_outcomes(self) -> pd.DataFrame:
        """Imported outcomes (without the analysts' notes, which may name people)."""
        c = schema.followup_outcomes.c
        query = select(
            c.followup_id,
            c.status,
            c.list_name,
            c.response_id,
            c.outcome_date,
            c.source_file,
            c.source_line,
            c.imported_at,
        ).order_by(c.followup_id, c.status)
        with self._connect() as conn:
            df = _read_frame(conn, query)
        df["outcome_date"] = pd.to_datetime(df["outcome_date"], format="ISO8601")
        return df

    # ------------------------------------------------------------- generic
    def read_table(self, table: str) -> pd.DataFrame:
        """A whole table as a DataFrame."""
        if table not in schema.TABLES:
            raise VerbatimError(Errors.E204, table=table, tables=", ".join(schema.TABLES))
        with self._connect() as conn:
            return pd.read_sql(select(schema.TABLES[table]), conn)

    def ping(self) -> None:
        """Raise E201 if the database cannot be reached."""
        try:
            with self._connect() as conn:
                conn.execute(select(1))
        except OperationalError as exc:
            raise VerbatimError(
                Errors.E201, url=redact_url(self.url), detail=str(exc).splitlines()[0]
            ) from None
