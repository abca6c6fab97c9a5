"""Latency of the commands a user runs: the fixed costs of small and idle work (issue 12, item 5).

Usage::

    .venv/bin/python benchmarks/latency.py --workdir /tmp/verbatim-latency [--only help nps ...]

Every figure is a whole command timed from outside, as a user runs it (a fresh ``verbatim``
process: interpreter start, imports, Prefect's temporary server where the command starts one),
repeated and summarised as the median with the min–max:

- ``verbatim --help``;
- ``verbatim nps``, ``verbatim top-themes`` and ``verbatim themes`` on a 100k-response store;
- ``verbatim run`` again on the 100k export already in that store (a night with nothing new);
- ``verbatim run`` of a fresh 1,000-response export into a new store (a small daily export, end
  to end: ingest, prepare, embed, themes, report);
- ``verbatim themes split`` of the largest topic theme on a copy of the 100k store;
- the 10k full run (``verbatim run`` into a new store) against its embedding floor: a fresh
  encoder over the same mention texts, no cache (``scale.py``'s floor, imports excluded).

The exports come from ``scale.py``'s generators (the bundled sample's phrasings, 60% with a
comment). The 100k store takes a few minutes to build on 2 cores: it is kept under ``--workdir``
and reused while its export and the store's schema stay the same (``--rebuild`` forces it).
It prints one markdown table: measure | ours | target | the issue's "before" figure | ✓/✗.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import scale  # noqa: E402  (generators, the embedding floor worker)

ROOT = scale.ROOT
VERBATIM = str(Path(sys.executable).with_name("verbatim"))
# --tree: run the CLI of another checkout (e.g. a worktree of the base commit)
TREE: Path | None = None
WORK: Path | None = None  # --workdir
FAST_RUNS = 5
SLOW_RUNS = 3
FLOOR_RUNS = 2


# ------------------------------------------------------------------------------ the measures
# name -> (label, target, unit, the "before" figure)
# in the order they run: the queries come after a night, as a user's do
MEASURES: dict[str, tuple[str, float, str, str]] = {
    "help": ("`verbatim --help`", 0.5, "s", "2.4–3.6 s (1.9–2.2 s on the day of the issue)"),
    "idle": ("`verbatim run`, nothing new (100k store)", 10.0, "s", "37–56 s"),
    "nps": ("`verbatim nps`, 100k store", 1.0, "s", "3–7 s"),
    "top-themes": ("`verbatim top-themes`, 100k store", 1.0, "s", "3–7 s"),
    "themes": ("`verbatim themes`, 100k store", 1.0, "s", "3–7 s"),
    "daily1k": ("`verbatim run`, 1,000-response export, new store", 20.0, "s", "—"),
    "split": ("`verbatim themes split`, 100k store (copy)", float("nan"), "s", "42 s"),
    "full10k": ("10k full run (`verbatim run`) / embedding floor", 1.5, "×", "3.0× (steps only)"),
}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("TRANSFORMERS_OFFLINE", "1")
    env.setdefault("COLUMNS", "200")
    if (
        WORK is not None
    ):  # Prefect's own database apart from the user's (and the same for both trees)
        env.setdefault("PREFECT_HOME", str(WORK / "prefect"))
    if TREE is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(TREE), env.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        )
    return env


def timed(cmd: list[str], *, before: Callable[[], None] | None = None) -> float:
    """Wall seconds of one command (``before`` runs first, untimed); raises if it fails."""
    if before is not None:
        before()
    if TREE is not None and cmd[0] == VERBATIM:  # the same entry point, from that checkout
        # that checkout's CLI: at the top level in a checkout from before the verbatim namespace,
        # in pipelines/ itself in one from before the layer sub-packages
        module = "verbatim.pipelines.interfaces.cli"
        if not (TREE / "verbatim").is_dir():
            module = "pipelines.cli"  # pre-namespace
        elif not (TREE / "pipelines" / "interfaces").is_dir():
            module = "verbatim.pipelines.cli"  # pre-layout
        cmd = [sys.executable, "-m", module, *cmd[1:]]
    t0 = time.perf_counter()
    proc = subprocess.run(
        cmd, capture_output=True, text=True, env=_env(), check=False, cwd=TREE or None
    )
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip()[-1500:]
        raise RuntimeError(f"{' '.join(cmd[1:4])} … exited {proc.returncode}: {tail}")
    return seconds


def repeat(
    cmd: list[str], runs: int, *, before: Callable[[], None] | None = None, warmup: bool = True
) -> list[float]:
    """``runs`` timings of a command, after one untimed run that warms the disk cache."""
    if warmup:
        timed(cmd, before=before)
    return [timed(cmd, before=before) for _ in range(runs)]


def _drop_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _store_ready(db: Path) -> bool:
    """A store with a completed run (the 100k build finished)."""
    if not db.exists():
        return False
    try:
        with sqlite3.connect(db) as conn:
            row = conn.execute("SELECT count(*) FROM runs WHERE status = 'completed'").fetchone()
    except sqlite3.Error:
        return False
    return bool(row and row[0])


# ------------------------------------------------------------------------------ data
def export_of(n: int, work: Path) -> Path:
    """``scale.make_exports(n)``'s base export under ``work/n{n}`` (generated once)."""
    folder = work / f"n{n}"
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "base.csv").exists():
        scale.make_exports(n, folder)
    return folder / "base.csv"


def store_100k(work: Path, *, rebuild: bool, say: Callable[[str], None]) -> Path:
    """The 100k store, built once with ``verbatim run`` and kept."""
    export = export_of(100_000, work)
    db = work / "n100000" / "verbatim.db"
    if rebuild:
        _drop_db(db)
    if not _store_ready(db):
        _drop_db(db)
        say("building the 100k store with `verbatim run` (a few minutes)…")
        seconds = timed(
            [VERBATIM, "run", str(export), "--db", f"sqlite:///{db}", "-o", str(work / "out100k")]
        )
        say(f"100k store built in {seconds:.1f} s (one full `verbatim run`)")
    else:  # a schema change of the code under test: migrate as a run would
        timed([VERBATIM, "runs", "--db", f"sqlite:///{db}", "--limit", "1"])
    return db


def largest_topic_theme(db: Path) -> int:
    """The active topic theme with the most mentions (the kind of theme an analyst splits)."""
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT m.theme_id FROM mentions m JOIN themes t ON t.theme_id = m.theme_id "
            "WHERE t.status IN ('active', 'new') AND t.kind = 'topic' AND t.level = 'theme' "
            "GROUP BY m.theme_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    return int(row[0])


# ------------------------------------------------------------------------------ measurements
def measure_queries(db: Path, names: list[str], runs: int) -> dict[str, list[float]]:
    url = f"sqlite:///{db}"
    commands = {
        "help": [VERBATIM, "--help"],
        "nps": [VERBATIM, "nps", "--db", url],
        "top-themes": [VERBATIM, "top-themes", "--db", url],
        "themes": [VERBATIM, "themes", "--db", url],
    }
    return {name: repeat(commands[name], runs) for name in names if name in commands}


def measure_idle(db: Path, work: Path, runs: int) -> list[float]:
    """The same export again: the untimed first night is the one that follows the build."""
    export = work / "n100000" / "base.csv"
    cmd = [VERBATIM, "run", str(export), "--db", f"sqlite:///{db}", "-o", str(work / "out100k")]
    return repeat(cmd, runs)


def measure_daily(work: Path, runs: int) -> list[float]:
    export = export_of(1_000, work)
    db = work / "n1000" / "verbatim.db"
    cmd = [VERBATIM, "run", str(export), "--db", f"sqlite:///{db}", "-o", str(work / "out1k")]
    return repeat(cmd, runs, before=lambda: _drop_db(db))


def measure_split(db: Path, work: Path, runs: int) -> list[float]:
    copy = work / "split" / "verbatim.db"
    copy.parent.mkdir(parents=True, exist_ok=True)

    def fresh_copy() -> None:
        _drop_db(copy)
        with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)

    fresh_copy()
    theme = largest_topic_theme(copy)
    cmd = [VERBATIM, "themes", "split", str(theme), "--parts", "2", "--db", f"sqlite:///{copy}"]
    return repeat(cmd, runs, before=fresh_copy, warmup=False)


def measure_full10k(work: Path, runs: int) -> dict[str, list[float]]:
    """``verbatim run`` of the 10k export into a new store, alternating with the floor."""
    export = export_of(10_000, work)
    folder = export.parent
    db = folder / "run.db"
    cmd = [VERBATIM, "run", str(export), "--db", f"sqlite:///{db}", "-o", str(work / "out10k")]
    full, floor = [], []
    for _ in range(runs):
        full.append(timed(cmd, before=lambda: _drop_db(db)))
        texts = folder / "mention_texts.json"
        if not texts.exists():
            with sqlite3.connect(db) as conn:
                rows = [r[0] for r in conn.execute("SELECT text FROM mentions")]
            texts.write_text(json.dumps(rows), encoding="utf-8")
        result = scale.spawn("embed", {"texts": str(texts)}, folder)
        if "error" in result:
            raise RuntimeError(result["error"])
        floor.append(result["total_s"])
    return {"full": full, "floor": floor}


# ------------------------------------------------------------------------------ the table
def _summary(values: list[float], unit: str) -> str:
    if not values:
        return "n/a"
    fmt = (lambda v: f"{v:.2f}") if unit == "×" or max(values) < 10 else (lambda v: f"{v:.1f}")
    return f"{fmt(statistics.median(values))} {unit} ({fmt(min(values))}–{fmt(max(values))}, n={len(values)})"


def table(results: dict[str, Any]) -> str:
    lines = [
        '| measure | ours: median (min–max) | target | the issue\'s "before" | |',
        "| --- | ---: | ---: | ---: | :---: |",
    ]
    for name, (label, target, unit, before) in MEASURES.items():
        if name not in results:
            continue
        value = results[name]
        if isinstance(value, str):  # an error
            lines.append(f"| {label} | ✗ {value[:120]} | ≤ {target:g} {unit} | {before} | ✗ |")
            continue
        if name == "full10k":
            full, floor = value["full"], value["floor"]
            ratios = [a / b for a, b in zip(full, floor, strict=True)]
            ours = (
                f"{_summary(ratios, '×')}: run {statistics.median(full):.1f} s, "
                f"floor {statistics.median(floor):.1f} s"
            )
            med = statistics.median(ratios)
        else:
            ours = _summary(value, unit)
            med = statistics.median(value)
        if target != target:  # no target given
            goal, mark = "—", ""
        else:
            goal, mark = f"≤ {target:g} {unit}", "✓" if med <= target else "✗"
        lines.append(f"| {label} | {ours} | {goal} | {before} | {mark} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workdir", type=Path, default=None, help="keep exports and stores here")
    parser.add_argument("--only", nargs="+", choices=list(MEASURES), default=list(MEASURES))
    parser.add_argument("--skip", nargs="+", choices=list(MEASURES), default=[])
    parser.add_argument("--fast-runs", type=int, default=FAST_RUNS)
    parser.add_argument("--slow-runs", type=int, default=SLOW_RUNS)
    parser.add_argument("--floor-runs", type=int, default=FLOOR_RUNS)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the 100k store")
    parser.add_argument("--json", type=Path, default=None, help="write the raw timings here")
    parser.add_argument(
        "--tree",
        type=Path,
        default=None,
        help="time the CLI of this checkout instead (e.g. `git worktree add` of the base commit)",
    )
    args = parser.parse_args(argv)
    global TREE, WORK
    TREE = args.tree.resolve() if args.tree else None
    work = args.workdir or Path(tempfile.mkdtemp(prefix="verbatim-latency-"))
    work.mkdir(parents=True, exist_ok=True)
    WORK = work.resolve()

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    results: dict[str, Any] = {}
    needs_store = {"nps", "top-themes", "themes", "idle", "split"} & set(args.only) - set(args.skip)
    db = store_100k(work, rebuild=args.rebuild, say=say) if needs_store else None
    plan: list[tuple[str, Callable[[], Any]]] = []
    for name in [m for m in MEASURES if m in args.only and m not in args.skip]:
        if name in ("help", "nps", "top-themes", "themes"):
            plan.append((name, lambda n=name: measure_queries(db, [n], args.fast_runs)[n]))
        elif name == "idle":
            plan.append((name, lambda: measure_idle(db, work, args.slow_runs)))
        elif name == "daily1k":
            plan.append((name, lambda: measure_daily(work, args.slow_runs)))
        elif name == "split":
            plan.append((name, lambda: measure_split(db, work, min(args.slow_runs, 2))))
        elif name == "full10k":
            plan.append((name, lambda: measure_full10k(work, args.floor_runs)))
    for name, measure in plan:
        say(f"measuring {name}…")
        try:
            results[name] = measure()
        except Exception as exc:  # noqa: BLE001 - shown in the table, the others still run
            results[name] = f"{type(exc).__name__}: {exc}"
        say(f"  {name}: {results[name]}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(table(results))
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
