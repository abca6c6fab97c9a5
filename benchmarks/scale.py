"""Scale benchmark of the nightly run: full run vs the embedding floor, incremental 1%, peak memory.

Usage::

    .venv/bin/python benchmarks/scale.py --sizes 10000 100000 [1000000]

For each size N it generates an export of N responses from the bundled sample's phrasings
(``data/make_sample.py``: same themes, languages, openers, closers, typos, emoji, ~60% with a
comment) plus a 1% delta of new responses, then runs, each in a fresh subprocess so that the
peak memory belongs to that measurement alone (the run's process and its background embedding
process together, sampled every 0.2 s; ``ru_maxrss`` of one process would miss the sum):

1. the full run: every step of ``verbatim.pipelines.orchestration.flows.nightly`` called directly on a fresh SQLite
   store (ingest, nps, prepare, embed, themes, report), without Prefect's start-up, with the
   flow's background embedding process (started before ingest, fed by prepare);
2. the embedding floor: ``verbatim.nlp.embed.embed_texts`` over the same mention texts, no cache, a
   freshly loaded encoder;
3. the incremental run: the 1% delta ingested on top of the full store, all steps again.

Prefect's own overhead is measured once, on a small export, as the nightly flow's wall time
minus the same steps called directly. Results print as markdown tables (``--json`` keeps them).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "data"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

import make_sample as ms  # noqa: E402  (data/make_sample.py: the sample's phrasings)

SEED = 20261017
INVITED_SHARE = 150 / 1760  # invited, no answer: as in the bundled sample
STEPS = ("ingest", "nps", "prepare", "embed", "themes", "report")
TARGET_FULL_OVER_EMBED = 1.3
TARGET_INCR_OVER_FULL = 0.10
TARGET_RSS_1M_MB = 8 * 1024


# ------------------------------------------------------------------------------ the export
# Details a customer adds to a clause ("... with my Pixel 8", "... depuis le 12 mars"): they make
# mentions mostly distinct, as in real exports, instead of repeating the sample's phrasings.
MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "en": "January February March April May June July August September October November December",
}
QUALIFIERS = {
    "fr": [
        " depuis le {day} {month}",
        " avec mon {device}",
        " à {city}",
        " pour la {ordinal} fois",
        " (commande du {day}/{mm})",
        " en {month}",
        " depuis {n} semaines",
        " sur ma ligne {product}",
        " le {day} {month}",
        " d'après {name} en boutique",
        " encore ce mois-ci",
        " à la boutique de {city}",
    ],
    "en": [
        " since {month} {day}",
        " with my {device}",
        " in {city}",
        " for the {ordinal} time",
        " (order of {mm}/{day})",
        " in {month}",
        " for {n} weeks now",
        " on my {product} line",
        " on {month} {day}",
        " according to {name} at the shop",
        " again this month",
        " at the {city} store",
    ],
}
QUALIFIED_SHARE = 0.7


def _qualify(rng: ms.Rng, clause: str, lang: str) -> str:
    """The clause, usually with a concrete detail appended (date, device, city, ...)."""
    if lang not in QUALIFIERS or not rng.chance(QUALIFIED_SHARE):
        return clause
    month = rng.integer(1, 12)
    template = rng.pick(QUALIFIERS[lang])
    detail = template.format(
        day=rng.integer(1, 28),
        month=MONTHS[lang].split()[month - 1],
        mm=f"{month:02d}",
        n=rng.integer(2, 9),
        device=rng.pick(ms.DEVICES),
        city=rng.pick(ms.CITIES),
        name=rng.pick(ms.NAMES),
        product=rng.pick(list(ms.PRODUCTS)),
        ordinal=rng.pick(ms.ORDINALS[lang]),
    )
    return clause.rstrip(" .!") + detail


def _themed_comment(rng: ms.Rng, themes: list[str], lang: str, category: str) -> str:
    """``make_sample.build_comment`` with a detail on each clause."""
    if not themes or (lang == "mixed" and len(themes) == 1):
        return ms.build_comment(rng, themes, lang, category)
    if lang == "mixed":
        first = rng.pick(["fr", "en"])
        second = "en" if first == "fr" else "fr"
        langs = [first] + [second] * (len(themes) - 1)
        joiner_lang = rng.pick([first, second])
    else:
        langs = [lang] * len(themes)
        joiner_lang = lang
    clauses = [
        (ms.THEMES[t]["kind"], _qualify(rng, ms.theme_clause(rng, t, lg), lg))
        for t, lg in zip(themes, langs, strict=True)
    ]
    text = ms.upper_first(ms.join_clauses(rng, clauses, joiner_lang))
    base = langs[0]
    if rng.chance(0.22):
        text = rng.pick(ms.OPENERS[base]) + ms.lower_first(text)
    text = text.rstrip(".!") + rng.pick([".", ".", "", "!", "..."])
    if rng.chance(0.30):
        text = text + " " + rng.pick(ms.CLOSERS[base][category])
    return text


def _comment(rng: ms.Rng, row: ms.Row) -> str:
    """A comment about the row's planted themes, with the sample's real-world noise."""
    if row.themes and rng.chance(ms.TERSE_PROB):
        row.themes = []
    row.language = ms.draw_language(rng, row.themes)
    if len(row.themes) >= 2 and row.language in ("fr", "en") and rng.chance(0.005):
        text = ms.build_long_comment(rng, row.themes, row.language, row.category)
    else:
        text = _themed_comment(rng, row.themes, row.language, row.category)
    return ms.stylize(rng, text, row.category)


def make_rows(n: int, *, seed: int, first_id: int, start: dt.date, days: int) -> list[list[str]]:
    """``n`` export lines (header order of the sample) drawn like the sample's respondents."""
    rng = ms.Rng(seed)
    lines = []
    for k in range(n):
        date = start + dt.timedelta(days=rng.integer(0, days - 1))
        row = ms.Row(
            date=date,
            canal=rng.weighted(ms.CHANNELS),
            produit=rng.weighted(ms.PRODUCTS),
            region=rng.weighted(ms.REGIONS),
            customer_id=f"CL{7_000_000 + rng.integer(0, 3 * n):08d}",
        )
        score = comment = ""
        if not rng.chance(INVITED_SHARE):
            row.themes = ms.draw_themes(rng, row)
            row.score = ms.score_from_themes(rng, row.themes)
            score = str(row.score)
            if rng.chance(ms.COMMENT_PROB[row.category]):
                comment = _comment(rng, row)
        lines.append(
            [
                f"NPS-{first_id + k:08d}",
                date.strftime("%d/%m/%Y"),
                score,
                comment,
                row.canal,
                row.produit,
                row.region,
                row.customer_id,
            ]
        )
    return lines


def write_export(path: Path, lines: list[list[str]]) -> dict[str, Any]:
    """Write lines as the sample's CSV dialect (UTF-8 BOM, ``;``); return their shape."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    # the sample's first columns only: its site, value and retention columns are not generated,
    # and ingest rejects a row shorter than its header
    writer.writerow(ms.HEADER[: len(lines[0]) if lines else len(ms.HEADER)])
    writer.writerows(lines)
    path.write_bytes("\ufeff".encode() + buf.getvalue().encode("utf-8"))
    comments = [line[3] for line in lines if line[3]]
    return {
        "responses": len(lines),
        "comments": len(comments),
        "distinct_comments": len(set(comments)),
        "bytes": path.stat().st_size,
    }


def make_exports(n: int, folder: Path) -> dict[str, Any]:
    """The base export of ``n`` responses and its 1% delta (new ids, the following week)."""
    delta_n = max(1, n // 100)
    base_days = 365
    start = dt.date(2025, 11, 1)
    t0 = time.perf_counter()
    base = write_export(
        folder / "base.csv", make_rows(n, seed=SEED + n, first_id=1, start=start, days=base_days)
    )
    delta = write_export(
        folder / "delta.csv",
        make_rows(
            delta_n,
            seed=SEED + n + 1,
            first_id=n + 1,
            start=start + dt.timedelta(days=base_days),
            days=7,
        ),
    )
    return {"base": base, "delta": delta, "generate_s": time.perf_counter() - t0}


# ------------------------------------------------------------------------------ workers
def _rss_mb() -> float:
    """High-water mark of this process's resident memory (ru_maxrss is KiB on Linux)."""
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


class TreePeak:
    """Peak resident memory of this process plus its children (the background embedder), sampled.

    ``ru_maxrss`` only sees one process; while the embedding process runs beside prepare the
    two are resident together, and that sum is what a server must hold.
    """

    def __init__(self, interval_s: float = 0.2) -> None:
        import threading

        self.peak_mb = _rss_mb()
        self._interval = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.wait(self._interval):
            try:
                procs = [me, *me.children(recursive=True)]
                total = 0
                for proc in procs:
                    try:
                        total += proc.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                continue
            self.peak_mb = max(self.peak_mb, total / 2**20)

    def now(self) -> float:
        """The peak so far (never below this process's own high-water mark)."""
        return max(self.peak_mb, _rss_mb())

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.now()


def _import_project() -> float:
    """Import what the steps use, outside the timed steps (a process pays it once)."""
    t0 = time.perf_counter()
    import verbatim.models.drivers  # noqa: F401
    import verbatim.models.labels  # noqa: F401
    import verbatim.models.nps  # noqa: F401
    import verbatim.models.themes  # noqa: F401  (unpickling the theme model imports it too)
    import verbatim.nlp.embed  # noqa: F401
    import verbatim.nlp.prepare  # noqa: F401
    import verbatim.pipelines.steps.analysis  # noqa: F401
    import verbatim.pipelines.steps.jobs  # noqa: F401
    import verbatim.pipelines.steps.registry  # noqa: F401
    import verbatim.pipelines.steps.report.html  # noqa: F401
    import verbatim.pipelines.steps.report.xlsx  # noqa: F401

    return time.perf_counter() - t0


def _quiet(_message: str) -> None:
    pass


def run_steps(
    inputs: list[str], db: Path, out: Path, *, steps: tuple[str, ...], memory: TreePeak
) -> dict:
    """Call the nightly steps in the flow's order on one store; time each, note the RSS after it.

    As the flow does, a background embedding process starts before ingest and is handed each
    prepared chunk (``verbatim.pipelines.steps.embedder``); its start-up is inside the timed steps. With it,
    ingest prepares each chunk it stores (so "ingest" holds most of the prepare work), the
    embed step only hands over the rest, and the theme step fits on its sample while the
    process embeds the rest (so "embed" is short and "themes" holds the wait).
    """
    from verbatim.pipelines.io.store import Store
    from verbatim.pipelines.settings import load_settings
    from verbatim.pipelines.steps import jobs, registry

    settings = load_settings(None, db_url=f"sqlite:///{db}", output_dir=str(out))
    store = Store(settings.db_url)
    embedder = jobs.start_embedder(settings, inputs=inputs)  # as the flow does: before ingest
    handed: dict[str, Any] = {}  # the embed step's counts; "pending" goes to the theme step
    preparer = None if embedder is None else jobs.ChunkPreparer(settings, embedder, say=_quiet)
    calls = {
        "ingest": lambda: jobs.ingest_step(store, inputs, say=_quiet, after_chunk=preparer),
        "nps": lambda: jobs.nps_step(store, settings, say=_quiet),
        "prepare": lambda: jobs.prepare_step(store, settings, say=_quiet, embedder=embedder),
        "embed": lambda: (
            handed.update(
                jobs.embed_step(store, settings, say=_quiet, embedder=embedder, defer=True)
            )
            or handed
        ),
        "themes": lambda: registry.theme_step(
            store, settings, say=_quiet, pending=handed.pop("pending", None)
        ),
        "report": lambda: jobs.report_step(store, settings, output_dir=out, say=_quiet),
    }
    result: dict[str, Any] = {"steps": {}, "errors": {}}
    for name in steps:
        t0 = time.perf_counter()
        try:
            counts = calls[name]()
        except Exception as exc:  # noqa: BLE001 - a missing stage is reported, the rest still runs
            counts = None
            result["errors"][name] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
        seconds = time.perf_counter() - t0
        result["steps"][name] = {
            "s": seconds,
            "rss_mb": memory.now(),
            "counts": _small(counts),
            "ok": name not in result["errors"],
        }
    if embedder is not None:
        embedder.close()
    result["total_s"] = sum(s["s"] for s in result["steps"].values())
    result["mentions"] = store.count("mentions")
    store.dispose()
    return result


def _small(counts: Any) -> Any:
    """Keep the JSON-able scalars of a step's counts."""
    if not isinstance(counts, dict):
        return None
    return {k: v for k, v in counts.items() if isinstance(v, (int, float, str, bool))}


def worker_full(spec: dict) -> dict:
    """A fresh store: ingest the base export, run every step; dump the mention texts afterwards."""
    imports = _import_project()
    rss_start = _rss_mb()
    memory = TreePeak()
    result = run_steps(
        [spec["base"]], Path(spec["db"]), Path(spec["out"]), steps=STEPS, memory=memory
    )
    result.update(
        imports_s=imports,
        rss_after_imports_mb=rss_start,
        peak_rss_mb=memory.stop(),
        peak_rss_main_mb=_rss_mb(),
    )
    # outside the measurement: the texts the embedding floor encodes
    import sqlite3

    with sqlite3.connect(spec["db"]) as conn:
        texts = [r[0] for r in conn.execute("SELECT text FROM mentions")]
    Path(spec["texts"]).write_text(json.dumps(texts), encoding="utf-8")
    return result


def worker_incremental(spec: dict) -> dict:
    """The full run's store plus the 1% delta: every step again."""
    imports = _import_project()
    memory = TreePeak()
    result = run_steps(
        [spec["delta"]], Path(spec["db"]), Path(spec["out"]), steps=STEPS, memory=memory
    )
    result.update(imports_s=imports, peak_rss_mb=memory.stop(), peak_rss_main_mb=_rss_mb())
    return result


def worker_embed(spec: dict) -> dict:
    """The floor: a fresh encoder, ``embed_texts`` over the mention texts, no cache."""
    texts = json.loads(Path(spec["texts"]).read_text(encoding="utf-8"))
    imports = _import_project()
    from verbatim.nlp.embed import embed_texts, load_encoder
    from verbatim.pipelines.settings import Settings

    settings = Settings()
    t0 = time.perf_counter()
    encoder = load_encoder(settings.embedding.model)
    load_s = time.perf_counter() - t0
    _, stats = embed_texts(texts, encoder=encoder, batch_size=settings.embedding.batch_size)
    total = time.perf_counter() - t0
    return {
        "total_s": total,
        "load_s": load_s,
        "texts": stats.total,
        "unique": stats.unique,
        "imports_s": imports,
        "peak_rss_mb": _rss_mb(),
    }


def worker_prefect(spec: dict) -> dict:
    """The nightly Prefect flow on a fresh store (ephemeral server), wall time of the call."""
    t0 = time.perf_counter()
    from verbatim.pipelines.orchestration.flows import nightly

    imports = time.perf_counter() - t0
    _import_project()
    t0 = time.perf_counter()
    error = None
    try:
        nightly([spec["base"]], db_url=f"sqlite:///{spec['db']}", output_dir=spec["out"])
    except Exception as exc:  # noqa: BLE001 - reported as the overhead's caveat
        error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    return {
        "total_s": time.perf_counter() - t0,
        "imports_s": imports,
        "error": error,
        "peak_rss_mb": _rss_mb(),
    }


WORKERS = {
    "full": worker_full,
    "incremental": worker_incremental,
    "embed": worker_embed,
    "prefect": worker_prefect,
}


def spawn(mode: str, spec: dict, folder: Path) -> dict:
    """Run one worker in a fresh interpreter; its peak RSS is its own."""
    spec_path = folder / f"{mode}.spec.json"
    result_path = folder / f"{mode}.result.json"
    spec_path.write_text(json.dumps({**spec, "result": str(result_path)}), encoding="utf-8")
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", mode, str(spec_path)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if proc.returncode != 0 or not result_path.exists():
        tail = (proc.stderr or proc.stdout)[-2000:]
        return {"error": f"worker {mode} exited {proc.returncode}: {tail}", "process_s": wall}
    result = json.loads(result_path.read_text(encoding="utf-8"))
    result["process_s"] = wall
    return result


def _worker_main(mode: str, spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    import logging

    logging.disable(logging.WARNING)
    try:
        result = WORKERS[mode](spec)
    except Exception:  # pragma: no cover - shows up in the table as an error
        result = {"error": traceback.format_exc()[-2000:]}
    Path(spec["result"]).write_text(json.dumps(result, default=str), encoding="utf-8")


# ------------------------------------------------------------------------------ the benchmark
def _best(previous: dict, new: dict) -> dict:
    """The faster of two measurements (the machine is shared: the minimum is the least noisy)."""
    if "error" in new:
        return previous if "error" not in previous else new
    if "error" in previous or new["total_s"] < previous["total_s"]:
        return new
    return previous


def measure_size(n: int, work: Path, *, repeat: int = 1, say=print) -> dict:
    """Generate the exports for ``n`` and run the three measurements (full and floor ``repeat`` times)."""
    folder = work / f"n{n}"
    folder.mkdir(parents=True, exist_ok=True)
    exports = make_exports(n, folder)
    say(
        f"[{n:,}] export: {exports['base']['comments']:,} comments "
        f"({exports['base']['distinct_comments']:,} distinct), {exports['base']['bytes'] / 1e6:.1f} MB"
        f", generated in {exports['generate_s']:.1f} s"
    )
    spec = {
        "base": str(folder / "base.csv"),
        "delta": str(folder / "delta.csv"),
        "db": str(folder / "verbatim.db"),
        "out": str(folder / "out"),
        "texts": str(folder / "mention_texts.json"),
    }
    full = embed = {"error": "not run"}
    for attempt in range(repeat):  # full and floor alternate, so both see the same machine load
        if attempt:
            shutil.rmtree(folder / "out", ignore_errors=True)
            for suffix in ("", "-wal", "-shm"):
                Path(spec["db"] + suffix).unlink(missing_ok=True)
        full = _best(full, spawn("full", spec, folder))
        say(f"[{n:,}] full run: {_fmt_s(full.get('total_s'))} s {full.get('errors') or ''}")
        if "error" not in full:
            embed = _best(embed, spawn("embed", spec, folder))
        say(f"[{n:,}] embedding only: {_fmt_s(embed.get('total_s'))} s")
    incremental = (
        spawn("incremental", {**spec, "out": str(folder / "out_incr")}, folder)
        if "error" not in full
        else {"error": "no full run"}
    )
    say(f"[{n:,}] incremental 1%: {_fmt_s(incremental.get('total_s'))} s")
    for name in ("full", "embed", "incremental"):
        result = {"full": full, "embed": embed, "incremental": incremental}[name]
        if "error" in result:
            say(f"[{n:,}] {name} failed: {result['error']}")
    return {"n": n, "exports": exports, "full": full, "embed": embed, "incremental": incremental}


def measure_prefect(n: int, work: Path, *, say=print) -> dict:
    """Prefect's overhead: the nightly flow minus the same steps called directly, same export."""
    folder = work / f"prefect{n}"
    folder.mkdir(parents=True, exist_ok=True)
    make_exports(n, folder)
    base = {"base": str(folder / "base.csv"), "texts": str(folder / "texts.json")}
    direct = spawn(
        "full", {**base, "db": str(folder / "direct.db"), "out": str(folder / "o1")}, folder
    )
    flow = spawn(
        "prefect", {**base, "db": str(folder / "flow.db"), "out": str(folder / "o2")}, folder
    )
    result = {"n": n, "direct_s": direct.get("total_s"), "flow_s": flow.get("total_s")}
    result["error"] = flow.get("error") or direct.get("error") or direct.get("errors") or None
    if result["direct_s"] is not None and result["flow_s"] is not None:
        result["overhead_s"] = result["flow_s"] - result["direct_s"]
    say(f"Prefect overhead on {n:,} responses: {_fmt_s(result.get('overhead_s'))} s")
    return result


# ------------------------------------------------------------------------------ tables
def _fmt_s(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.1f}"


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


def _mark(value: float | None, target: float, *, pct: bool = False) -> str:
    if value is None:
        return "n/a"
    text = f"{value:.0%}" if pct else f"{value:.2f}"
    return f"{text} {'✓' if value <= target else '✗'}"


def summary_table(results: list[dict]) -> str:
    """The side-by-side table of the issue: one row per size."""
    head = (
        "| responses | mentions | full run s | embedding-only s | full/embed (≤ 1.3) | "
        "incremental 1% s | incr/full (≤ 10%) | peak RSS MB (1M ≤ 8 GB) |\n"
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    lines = [head]
    for r in results:
        full, embed, incr = r["full"], r["embed"], r["incremental"]
        full_s, embed_s, incr_s = full.get("total_s"), embed.get("total_s"), incr.get("total_s")
        peak = max(
            (x.get("peak_rss_mb") or 0) for x in (full, incr)
        )  # the run's processes together; the floor has its own column in the breakdown
        failed = sorted({*full.get("errors", {}), *incr.get("errors", {})})
        note = f" (failed: {', '.join(failed)})" if failed else ""
        lines.append(
            f"| {r['n']:,} | {full.get('mentions', 0):,} | {_fmt_s(full_s)}{note} | "
            f"{_fmt_s(embed_s)} | {_mark(_ratio(full_s, embed_s), TARGET_FULL_OVER_EMBED)} | "
            f"{_fmt_s(incr_s)} | {_mark(_ratio(incr_s, full_s), TARGET_INCR_OVER_FULL, pct=True)}"
            f" | {peak:,.0f} |"
        )
    return "\n".join(lines)


def breakdown_table(results: list[dict]) -> str:
    """Seconds and RSS high-water mark after each step, full and incremental, per size."""
    cols = []
    for r in results:
        cols += [(r, "full"), (r, "incremental")]
    head = "| step | " + " | ".join(f"{r['n']:,} {kind} s (RSS MB)" for r, kind in cols) + " |"
    lines = [head, "| --- |" + " ---: |" * len(cols)]
    for step in STEPS:
        cells = []
        for r, kind in cols:
            s = r[kind].get("steps", {}).get(step)
            if s is None:
                cells.append("n/a")
            else:
                flag = "" if s["ok"] else " ✗"
                cells.append(f"{s['s']:,.1f} ({s['rss_mb']:,.0f}){flag}")
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    lines.append(
        "| **total** | "
        + " | ".join(f"**{_fmt_s(r[kind].get('total_s'))}**" for r, kind in cols)
        + " |"
    )
    floor = " | ".join(
        f"{_fmt_s(r['embed'].get('total_s'))} ({r['embed'].get('peak_rss_mb') or 0:,.0f})"
        if kind == "full"
        else ""
        for r, kind in cols
    )
    lines.append(f"| embedding-only (floor) | {floor} |")
    return "\n".join(lines)


def errors_text(results: list[dict]) -> str:
    """Steps that failed, with their first line, so a partial table is not mistaken for a pass."""
    out = []
    for r in results:
        for kind in ("full", "incremental"):
            for step, message in (r[kind].get("errors") or {}).items():
                out.append(f"- {r['n']:,} {kind}: {step} failed: {message}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for the given sizes and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--prefect-size",
        type=int,
        default=2_000,
        help="export size for the one Prefect overhead measurement (0 skips it)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run the full run and the floor this many times each, alternating; keep the fastest",
    )
    parser.add_argument("--workdir", type=Path, help="keep exports and stores here")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "SPEC"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker_main(*args.worker)
        return 0
    work = args.workdir or Path(tempfile.mkdtemp(prefix="verbatim-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"work folder: {work} (cores: {os.cpu_count()})")
    results = [measure_size(n, work, repeat=args.repeat) for n in args.sizes]
    prefect = measure_prefect(args.prefect_size, work) if args.prefect_size else None
    print()
    print(summary_table(results))
    print()
    print(breakdown_table(results))
    if problems := errors_text(results):
        print("\n" + problems)
    if prefect:
        note = f" (the flow failed: {prefect['error']})" if prefect.get("error") else ""
        print(
            f"\nPrefect overhead (nightly flow minus direct steps, {prefect['n']:,} responses): "
            f"{_fmt_s(prefect.get('overhead_s'))} s{note}"
        )
    if args.json:
        args.json.write_text(
            json.dumps({"sizes": results, "prefect": prefect}, indent=2, default=str),
            encoding="utf-8",
        )
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
