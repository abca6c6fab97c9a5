"""Store writes at N responses: the store's bulk writes beside the reference they replaced, one run.

Usage::

    .venv/bin/python benchmarks/store_write.py --sizes 100000 [--repeat 3]

Times the four bulk writes of a night on a fresh store, each variant in turn on the same data:

- ``upsert_responses``: N new responses (an export read by ``verbatim.pipelines.io.ingest.read_export``);
- ``save_mentions``: their mentions (one row per clause) and every response's ``prepared_hash``
  (an executemany UPDATE);
- ``set_mention_themes``: theme, similarity and polarity of every mention (an executemany UPDATE).

Variants: ``store`` is the store's bulk writes as they are now (``verbatim.pipelines.io.store._insert_many``
and ``_update_many``: public APIs only, COPY on PostgreSQL); ``executemany`` is SQLAlchemy's
own ``conn.execute(stmt, rows)``; ``compiled`` is the reference kept in this file only: the
statement compiled once and the rows handed to the DB-API driver, reading SQLAlchemy's compiled
internals (``positiontup``, ``binds``, bind processors), what the store did until issue 13. With ``VERBATIM_TEST_PG_URL`` set, the same runs on a
throwaway PostgreSQL database created and dropped for each measurement (the server of that URL
must let its user create databases). Variants alternate, each repeat on a fresh store; the table
shows the median and the range of the repeats, in wall time and in this process's CPU time
(SQLite's whole work; PostgreSQL's client side only, the server's work is not counted). On a
shared machine the CPU time is the steadier of the two.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import scale  # noqa: E402  (the exports of scale.py)
from sqlalchemy import bindparam, update  # noqa: E402

from verbatim.pipelines.io import store as store_module  # noqa: E402

STEPS = ("upsert_responses", "save_mentions", "set_mention_themes")


# ------------------------------------------------------------------------------ the reference
def _processed(values: list[Any], processor: Any) -> list[Any]:
    memo: dict[Any, Any] = {}
    out = []
    for v in values:
        if v is None:
            out.append(None)
            continue
        key = (type(v), v)
        try:
            p = memo[key]
        except KeyError:
            p = memo[key] = processor(v)
        except TypeError:
            p = processor(v)
        out.append(p)
    return out


def execute_compiled(conn: Any, stmt: Any, rows: Sequence[dict[str, Any]], chunk: int) -> None:
    """The store's bulk write until issue 13, in the callers' chunks (they compiled each)."""
    for start in range(0, len(rows), chunk):
        _compiled_chunk(conn, stmt, rows[start : start + chunk])


def execute_sqlalchemy(conn: Any, stmt: Any, rows: Sequence[dict[str, Any]], chunk: int) -> None:
    """SQLAlchemy's own executemany, ``conn.execute(stmt, rows)``, in the same chunks."""
    for start in range(0, len(rows), chunk):
        conn.execute(stmt, list(rows[start : start + chunk]))


def bulk_writes(execute: Callable[..., None]) -> tuple[Callable[..., None], Callable[..., None]]:
    """``_insert_many`` and ``_update_many`` as the store had them, around ``execute``."""

    def insert_many(conn: Any, table: Any, rows: Sequence[dict], chunk: int = 2000) -> None:
        if rows:
            execute(conn, table.insert(), rows, chunk)

    def update_many(conn: Any, table: Any, key: str, columns: dict, chunk: int = 2000) -> None:
        names = list(columns)
        stmt = (
            update(table)
            .where(table.c[key] == bindparam(f"b_{key}"))
            .values({n: bindparam(f"b_{n}") for n in names if n != key})
        )
        rows = [
            {f"b_{n}": v for n, v in zip(names, row, strict=True)}
            for row in zip(*columns.values(), strict=True)
        ]
        if rows:
            execute(conn, stmt, rows, chunk)

    return insert_many, update_many


def _compiled_chunk(conn: Any, stmt: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Compiled once, rows straight to the driver, read from SQLAlchemy's compiled internals."""
    if not rows:
        return
    keys = list(rows[0])
    dialect = conn.dialect
    compiled = stmt.compile(dialect=dialect, column_keys=keys)
    names = list(compiled.positiontup or ()) if compiled.positional else list(compiled.binds)
    if set(names) != set(keys) or compiled.escaped_bind_names:
        conn.execute(stmt, list(rows))
        return
    processors = {}
    for name in set(names):
        processor = compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            processors[name] = processor
    if not compiled.positional and not processors:
        params: list[Any] = list(rows)
    else:
        columns = [[row[name] for row in rows] for name in names]
        for i, name in enumerate(names):
            if name in processors:
                columns[i] = _processed(columns[i], processors[name])
        if compiled.positional:
            params = list(zip(*columns, strict=True))
        else:
            params = [
                dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)
            ]
    conn.exec_driver_sql(compiled.string, params)


VARIANTS: dict[str, tuple[Callable[..., None], Callable[..., None]]] = {
    "store": (store_module._insert_many, store_module._update_many),
    "executemany": bulk_writes(execute_sqlalchemy),
    "compiled": bulk_writes(execute_compiled),
}
LABELS = {
    "store": "store (now)",
    "executemany": "conn.execute(stmt, rows)",
    "compiled": "compiled internals (before)",
}


# ------------------------------------------------------------------------------ data
def make_data(n: int, folder: Path) -> dict[str, pd.DataFrame]:
    """N responses read from a ``scale.py`` export, their mentions, and a theme per mention."""
    from verbatim.nlp.hashing import mention_id, text_hash
    from verbatim.pipelines.io.ingest import read_export

    path = folder / "export.csv"
    scale.write_export(
        path, scale.make_rows(n, seed=13, first_id=1, start=dt.date(2025, 11, 1), days=365)
    )
    responses = read_export(path).accepted
    rows = []
    for rid, comment in zip(responses["response_id"], responses["comment"], strict=True):
        if not isinstance(comment, str):
            continue
        for position, text in enumerate(c for c in comment.split(". ") if c.strip()):
            rows.append(
                (
                    mention_id(str(rid), position, text),
                    str(rid),
                    position,
                    text,
                    "fr",
                    text_hash(text),
                    " ".join(text.lower().split()[:8]),
                )
            )
    mentions = pd.DataFrame(
        rows,
        columns=[
            "mention_id",
            "response_id",
            "position",
            "text",
            "language",
            "text_hash",
            "lemmas",
        ],
    )
    rng = np.random.default_rng(13)
    k = len(mentions)
    assignments = pd.DataFrame(
        {
            "mention_id": mentions["mention_id"],
            "theme_id": rng.integers(-1, 40, k),
            "similarity": rng.random(k),
            "polarity": rng.choice(["positive", "negative", "neutral"], k),
            "polarity_confidence": rng.random(k),
            "no_topic": [None] * k,
        }
    )
    return {"responses": responses, "mentions": mentions, "assignments": assignments}


# ------------------------------------------------------------------------------ stores
@contextmanager
def sqlite_store(folder: Path, variant: str) -> Iterator[store_module.Store]:
    """A fresh SQLite store; for ``compiled``, with the qmark placeholders it was written for."""
    path = folder / f"{uuid.uuid4().hex}.db"
    kept = store_module.create_engine
    if variant == "compiled":
        store_module.create_engine = lambda *a, paramstyle=None, **kw: kept(*a, **kw)
    try:
        store = store_module.Store(f"sqlite:///{path}")
    finally:
        store_module.create_engine = kept
    try:
        yield store
    finally:
        store.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def pg_store(url: str) -> Iterator[store_module.Store]:
    """A fresh PostgreSQL store: a database created for it on the server of ``url``, then dropped."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"vbench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    store = store_module.Store(
        make_url(url).set(database=name).render_as_string(hide_password=False)
    )
    try:
        yield store
    finally:
        store.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def measure(
    store: store_module.Store, data: dict[str, pd.DataFrame], variant: str
) -> dict[str, dict[str, float]]:
    """Wall and CPU seconds (this process) of each write step with ``variant`` as the bulk write."""
    kept = store_module._insert_many, store_module._update_many
    store_module._insert_many, store_module._update_many = VARIANTS[variant]
    prepared = pd.DataFrame(
        {
            "response_id": data["responses"]["response_id"].astype(str),
            "content_hash": [f"{i:064x}" for i in range(len(data["responses"]))],
        }
    )
    steps = {
        "upsert_responses": lambda: store.upsert_responses(data["responses"], run_id=None),
        "save_mentions": lambda: store.save_mentions(data["mentions"], prepared),
        "set_mention_themes": lambda: store.set_mention_themes(data["assignments"]),
    }
    times: dict[str, dict[str, float]] = {"wall": {}, "cpu": {}}
    try:
        for step, run in steps.items():
            wall, cpu = time.perf_counter(), time.process_time()
            answer = run()
            times["wall"][step] = time.perf_counter() - wall
            times["cpu"][step] = time.process_time() - cpu
            if step == "upsert_responses":
                assert answer["inserted"] == len(data["responses"]), answer
    finally:
        store_module._insert_many, store_module._update_many = kept
    assert store.count("mentions") == len(data["mentions"])
    for clock in times.values():
        clock["total"] = sum(clock.values())
    return times


# ------------------------------------------------------------------------------ table
def _cell(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0]:.2f} s"
    return f"{statistics.median(values):.2f} s ({min(values):.2f}-{max(values):.2f})"


def table(results: dict[tuple[str, int, str], dict[str, dict[str, list[float]]]]) -> str:
    """One row per backend, size, clock and step; each variant's time, its ratio to ``compiled``."""
    names = list(VARIANTS)
    lines = [
        "| backend | responses | clock | step | "
        + " | ".join(LABELS[v] for v in names)
        + " | "
        + " | ".join(f"{v} / compiled" for v in names if v != "compiled")
        + " |",
        "| --- | ---: | --- | --- |" + " ---: |" * (2 * len(names) - 1),
    ]
    for (backend, n, clock), by_variant in results.items():
        for step in (*STEPS, "total"):
            base = statistics.median(by_variant["compiled"][step])
            cells = [_cell(by_variant[v][step]) for v in names]
            ratios = [
                f"{statistics.median(by_variant[v][step]) / base:.2f}"
                for v in names
                if v != "compiled"
            ]
            lines.append(
                f"| {backend} | {n:,} | {clock} | {step} | " + " | ".join(cells + ratios) + " |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args(argv)
    pg = os.environ.get("VERBATIM_TEST_PG_URL")
    backends = [b for b in args.backends if b == "sqlite" or (b == "postgresql" and pg)]
    results: dict[tuple[str, int, str], dict[str, dict[str, list[float]]]] = {}
    with tempfile.TemporaryDirectory(prefix="verbatim-store-bench-") as tmp:
        folder = Path(tmp)
        for n in args.sizes:
            t0 = time.perf_counter()
            data = make_data(n, folder)
            print(
                f"{n:,} responses, {len(data['mentions']):,} mentions "
                f"(generated and read in {time.perf_counter() - t0:.1f} s)",
                file=sys.stderr,
            )
            for backend in backends:
                found = {
                    clock: {v: {s: [] for s in (*STEPS, "total")} for v in VARIANTS}
                    for clock in ("wall", "cpu")
                }
                for i in range(args.repeat):
                    order = list(VARIANTS) if i % 2 == 0 else list(reversed(VARIANTS))
                    for variant in order:
                        opened = (
                            sqlite_store(folder, variant) if backend == "sqlite" else pg_store(pg)
                        )
                        with opened as store:
                            times = measure(store, data, variant)
                        for clock, by_step in times.items():
                            for step, seconds in by_step.items():
                                found[clock][variant][step].append(seconds)
                        print(
                            f"{backend} {n:,} {variant} #{i + 1}: {times['wall']['total']:.2f} s "
                            f"(CPU {times['cpu']['total']:.2f} s)",
                            file=sys.stderr,
                        )
                for clock in ("wall", "cpu"):
                    results[(backend, n, clock)] = found[clock]
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
