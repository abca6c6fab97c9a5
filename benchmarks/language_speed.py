"""Language detection: lingua on every text against the function-word fast path, side by side.

Data, read at run time: SemEval-2016 restaurant sentences in French and English
(``../shared/eval/absa-restaurants``, gold ``lang``, never copied), the bundled sample's
comments (gold in ``data/sample/truth.yaml``: es/de count as "other", mixed comments are left
out of accuracy), and the comments of any export passed with ``--export`` (no gold: agreement
only). Each set is detected as whole texts and as clauses of 4+ words (``split_mentions``),
the ones ``verbatim.nlp.prepare`` refines; for clauses, "agreement" compares the decision prepare would
make with the fast path (the clause's language where confidence >= MENTION_MIN_CONFIDENCE, else
the comment's). ``verbatim.nlp.prepare`` itself refines clauses with lingua only (see
``_refine_mention_languages``): the clause rows show why the fast path is kept off there.

    .venv/bin/python benchmarks/language_speed.py [--export PATH] [--limit N] [--repeat R]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval" / "absa-restaurants" / "sentences.jsonl"
SAMPLE = ROOT / "data" / "sample"
sys.path.insert(0, str(ROOT))

from verbatim.nlp.language import (  # noqa: E402
    FAST_CONFIDENCE,
    _fast_decide,
    _lingua_decide,
    detect_languages_with_confidence,
)
from verbatim.nlp.mentions import split_mentions  # noqa: E402
from verbatim.nlp.normalize import normalize_text  # noqa: E402
from verbatim.nlp.prepare import MENTION_MIN_CONFIDENCE, MENTION_MIN_WORDS  # noqa: E402

LANGUAGES = ("fr", "en")
_WORD_RE = re.compile(r"[^\W\d_]+")
Detect = Callable[[list[str]], list[tuple[str, float]]]


def eval_set() -> tuple[list[str], list[str | None]]:
    """The SemEval sentences with text, and their gold language."""
    texts, gold = [], []
    with EVAL.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["text"].strip():
                texts.append(normalize_text(row["text"]))
                gold.append(row["lang"])
    return texts, gold


def sample_set() -> tuple[list[str], list[str | None]]:
    """The bundled sample's comments and their planted language (None = mixed)."""
    import pandas as pd
    import yaml

    truth = yaml.safe_load((SAMPLE / "truth.yaml").read_text(encoding="utf-8"))
    df = pd.read_csv(SAMPLE / "nps_export.csv", sep=";", dtype=str, encoding="utf-8-sig")
    df = df.dropna(subset=["Commentaire"])
    planted = truth["comment_languages"]
    texts, gold = [], []
    for rid, comment in zip(df["ID réponse"], df["Commentaire"], strict=True):
        code = planted.get(rid)
        texts.append(normalize_text(comment))
        gold.append(None if code in (None, "mixed") else code if code in LANGUAGES else "other")
    return texts, gold


def export_set(path: str, limit: int) -> tuple[list[str], list[str | None]]:
    """Up to ``limit`` distinct comments of an export (any ';' or ',' CSV read by ingest)."""
    from verbatim.pipelines.io.ingest import read_export

    comments = read_export(path).accepted["comment"].dropna().drop_duplicates()
    texts = [normalize_text(c) for c in comments.iloc[:limit]]
    return texts, [None] * len(texts)


def clauses(texts: list[str]) -> list[tuple[str, str]]:
    """(clause, comment) pairs for clauses prepare would refine: 2+ per comment, 4+ words."""
    out = []
    for text in dict.fromkeys(texts):
        parts = split_mentions(text, "fr")
        if len(parts) > 1:
            out.extend((p, text) for p in parts if len(_WORD_RE.findall(p)) >= MENTION_MIN_WORDS)
    return out


def timed(detect: Detect, texts: list[str], repeat: int) -> tuple[list[tuple[str, float]], float]:
    """Results and texts per second (best of ``repeat`` runs, nothing remembered) of one detector."""
    best = float("inf")
    result: list[tuple[str, float]] = []
    for _ in range(repeat):
        _lingua_decide.cache_clear()
        t0 = time.process_time()
        result = detect(texts)
        best = min(best, time.process_time() - t0)
    return result, len(texts) / max(best, 1e-9)


def row(name: str, texts: list[str], gold: list[str | None], repeat: int) -> list[str]:
    """One table line: speeds, fast share, agreement, accuracy of both."""
    unique = list(dict.fromkeys(texts))
    slow, slow_rate = timed(
        lambda t: detect_languages_with_confidence(t, languages=LANGUAGES, fast=False),
        unique,
        repeat,
    )
    fast, fast_rate = timed(
        lambda t: detect_languages_with_confidence(t, languages=LANGUAGES), unique, repeat
    )
    by_slow = dict(zip(unique, slow, strict=True))
    by_fast = dict(zip(unique, fast, strict=True))
    share = sum(_fast_decide(t, LANGUAGES) is not None for t in unique) / len(unique)
    agree = sum(by_slow[t][0] == by_fast[t][0] for t in unique) / len(unique)
    known = [(t, g) for t, g in zip(texts, gold, strict=True) if g is not None]
    acc_slow = acc_fast = "-"
    if known:
        acc_slow = f"{sum(by_slow[t][0] == g for t, g in known) / len(known):.2%}"
        acc_fast = f"{sum(by_fast[t][0] == g for t, g in known) / len(known):.2%}"
    low = sum(
        by_fast[t][1] == FAST_CONFIDENCE and by_slow[t][1] < MENTION_MIN_CONFIDENCE for t in unique
    )
    return [
        name,
        f"{len(unique)}",
        f"{slow_rate:,.0f}",
        f"{fast_rate:,.0f}",
        f"{share:.1%}",
        f"{agree:.2%}",
        acc_slow,
        acc_fast,
        f"{low}",
    ]


def clause_row(name: str, texts: list[str], repeat: int) -> list[str]:
    """Clause-level line: agreement is on prepare's decision, not on the raw language."""
    pairs = clauses(texts)
    if not pairs:
        return [f"{name} clauses", "0"] + ["-"] * 7
    comment_lang = dict(
        zip(
            [c for _, c in pairs],
            [
                code
                for code, _ in detect_languages_with_confidence(
                    [c for _, c in pairs], languages=LANGUAGES, fast=False
                )
            ],
            strict=True,
        )
    )
    line = row(f"{name} clauses", [p for p, _ in pairs], [None] * len(pairs), repeat)
    slow = detect_languages_with_confidence([p for p, _ in pairs], languages=LANGUAGES, fast=False)
    fast = detect_languages_with_confidence([p for p, _ in pairs], languages=LANGUAGES)

    def choice(result: tuple[str, float], comment: str) -> str:
        code, confidence = result
        ok = code in LANGUAGES and confidence >= MENTION_MIN_CONFIDENCE
        return code if ok else comment_lang[comment]

    same = sum(choice(s, c) == choice(f, c) for s, f, (_, c) in zip(slow, fast, pairs, strict=True))
    line[5] = f"{same / len(pairs):.2%}"
    return line


def main(argv: list[str] | None = None) -> int:
    """Print the lingua-only / fast-path table for each data set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--export", action="append", default=[], help="an NPS export (CSV)")
    parser.add_argument("--limit", type=int, default=20_000, help="distinct comments per export")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs, best kept")
    args = parser.parse_args(argv)
    # lingua loads its models on first use: not part of the timings
    detect_languages_with_confidence(["Le service est bien", "The staff is nice"], fast=False)
    sets = {}
    if EVAL.exists():
        sets["SemEval fr+en"] = eval_set()
    sets["sample"] = sample_set()
    for path in args.export:
        sets[Path(path).name] = export_set(path, args.limit)
    header = [
        "data",
        "texts",
        "lingua t/s",
        "fast t/s",
        "fast share",
        "agreement",
        "acc lingua",
        "acc fast",
        "fast<0.6",
    ]
    lines = [header]
    for name, (texts, gold) in sets.items():
        lines.append(row(name, texts, gold, args.repeat))
        lines.append(clause_row(name, texts, args.repeat))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        print("  ".join(cell.rjust(w) for cell, w in zip(line, widths, strict=True)))
    print(
        "\nt/s: texts per CPU second, best of the runs; fast share: texts decided without "
        "lingua; agreement: same language as lingua-only (clauses: same decision in prepare); "
        "fast<0.6: fast-decided texts lingua gave under MENTION_MIN_CONFIDENCE."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
