"""Where ``verbatim.nlp.prepare.prepare_mentions`` spends its time, stage by stage, with and without lemmas.

Usage::

    .venv/bin/python benchmarks/prepare_speed.py [--sizes 20000 100000] [--names]

Responses come from the scale benchmark's generator (the sample's phrasings, ~60% with a
comment). Models are loaded by a warm-up call first and their load time is shown apart, as a
nightly run pays it once per process.

``--names`` measures person-name masking (``verbatim.nlp.names``) instead: what loading its word lists
and the NER costs once per process, the share of distinct comments its rules send to the NER
and the time of each gate on the generated responses, the bundled sample and the real review
sentences of ``../shared/eval`` (read at run time, skipped when absent), and
``prepare_mentions(lemmatize=False)`` with and without name masking.
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402
from scale import make_rows  # noqa: E402  (also puts the project on sys.path)

from verbatim.nlp import prepare  # noqa: E402
from verbatim.nlp.language import validate_languages  # noqa: E402
from verbatim.nlp.mentions import split_mentions  # noqa: E402

LANGUAGES = ("fr", "en")
ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample" / "nps_export.csv"
EVAL_DIR = ROOT.parent / "shared" / "eval"


def responses(n: int, *, seed: int = 1) -> pd.DataFrame:
    """``n`` generated responses as the frame ``prepare_step`` passes (id, comment)."""
    import datetime as dt

    rows = make_rows(n, seed=seed, first_id=1, start=dt.date(2025, 11, 1), days=365)
    return pd.DataFrame(
        {"response_id": [r[0] for r in rows], "comment": [r[3] or None for r in rows]}
    )


def stages(df: pd.DataFrame) -> dict[str, float]:
    """Seconds per stage of ``prepare_mentions`` (same calls, timed one by one)."""
    configured = validate_languages(LANGUAGES)
    out: dict[str, float] = {}
    t0 = time.perf_counter()
    texts = prepare._clean_comments(df["comment"])
    out["normalise + mask PII"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    given = prepare._given_languages(df, configured)
    langs = prepare._comment_languages(texts, given, configured)
    out["comment language"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    cache: dict[str, list[str]] = {}
    rows, n_per = [], {}
    for i, (text, language) in enumerate(zip(texts, langs, strict=True)):
        if text is None:
            continue
        if text not in cache:
            cache[text] = split_mentions(text, language)
        n_per[i] = len(cache[text])
        rows.extend((i, m, language) for m in cache[text])
    out["split mentions"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    mention_langs = prepare._refine_mention_languages(rows, configured, n_per)
    out["clause language"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    prepare._lemma_column(rows, mention_langs)
    out["lemmatize"] = time.perf_counter() - t0
    out["_mentions"] = len(rows)
    return out


def _name_sets(sizes: list[int]) -> dict[str, list[str]]:
    """Comment texts per data set: generated, the bundled sample, the real review sentences."""
    sets = {f"generated {n:,}": responses(n)["comment"].dropna().tolist() for n in sizes}
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        sets["sample export"] = [
            row["Commentaire"] for row in csv.DictReader(handle, delimiter=";")
        ]
    files = sorted(EVAL_DIR.glob("*/*.jsonl"))
    if not files:
        print(f"(no review sentences: {EVAL_DIR} is absent)")
    for path in files:
        with path.open(encoding="utf-8") as handle:
            sets[f"{path.parent.name}/{path.stem}"] = [json.loads(line)["text"] for line in handle]
    return {name: [t for t in texts if isinstance(t, str) and t] for name, texts in sets.items()}


def names(sizes: list[int]) -> None:
    """Print what name masking costs: once per process, per data set, inside prepare."""
    from verbatim.nlp import names as person_names
    from verbatim.nlp.normalize import normalize_text
    from verbatim.nlp.pii import _mask_patterns, mask_texts

    t0 = time.perf_counter()
    person_names._lexicon()
    lexicon = time.perf_counter() - t0
    t0 = time.perf_counter()
    person_names._load_ner()
    print(
        f"once per process: word lists {lexicon:.1f} s, spaCy + {person_names.NER_MODEL} "
        f"(tok2vec, ner) {time.perf_counter() - t0:.1f} s\n"
    )
    print("| data set | distinct comments | rules s | sent to NER | NER s | names masked |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, texts in _name_sets(sizes).items():
        distinct = list(dict.fromkeys(_mask_patterns(normalize_text(t)) for t in texts))
        t0 = time.perf_counter()
        plans = [person_names.name_spans(t) for t in distinct]
        rules = time.perf_counter() - t0
        pending = [(t, p[1]) for t, p in zip(distinct, plans, strict=True) if p[1]]
        t0 = time.perf_counter()
        tagged = person_names._ner_names([t for t, _ in pending], [s for _, s in pending])
        ner = time.perf_counter() - t0
        masked = sum(len(p[0]) for p in plans) + sum(len(s) for s in tagged)
        print(
            f"| {name} | {len(distinct):,} | {rules:.2f} | {len(pending):,} "
            f"({len(pending) / max(len(distinct), 1):.1%}) | {ner:.2f} | {masked:,} |"
        )
    print("\n| responses | comments | prepare_mentions(lemmatize=False) s | no names s | cost s |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    without_names = functools.partial(mask_texts, names=False)
    for n in sizes:
        df = responses(n)
        prepare.prepare_mentions(df, lemmatize=False)  # lingua remembers texts: fill it first
        best = {True: float("inf"), False: float("inf")}
        try:
            for masked_names in (True, False, True, False):  # fastest of two, alternated
                prepare.mask_texts = mask_texts if masked_names else without_names
                t0 = time.perf_counter()
                prepare.prepare_mentions(df, lemmatize=False)
                best[masked_names] = min(best[masked_names], time.perf_counter() - t0)
        finally:
            prepare.mask_texts = mask_texts
        print(
            f"| {n:,} | {int(df['comment'].notna().sum()):,} | {best[True]:.2f} | "
            f"{best[False]:.2f} | {best[True] - best[False]:.2f} |"
        )


def main(argv: list[str] | None = None) -> int:
    """Print the stage table and the with/without-lemmas totals per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000])
    parser.add_argument("--names", action="store_true", help="measure name masking instead")
    args = parser.parse_args(argv)
    if args.names:
        names(args.sizes)
        return 0
    t0 = time.perf_counter()
    prepare.prepare_mentions(responses(300, seed=99))  # loads lingua models and spaCy
    print(f"model loading (once per process): {time.perf_counter() - t0:.1f} s\n")
    print("| responses | comments | mentions | stage | s | share |")
    print("| ---: | ---: | ---: | --- | ---: | ---: |")
    for n in args.sizes:
        df = responses(n)
        timing = stages(df)
        mentions = timing.pop("_mentions")
        total = sum(timing.values())
        comments = int(df["comment"].notna().sum())
        for name, seconds in timing.items():
            print(
                f"| {n:,} | {comments:,} | {mentions:,} | {name} | {seconds:.2f} | "
                f"{seconds / total:.0%} |"
            )
        for lemmatize in (True, False):
            t0 = time.perf_counter()
            prepare.prepare_mentions(df, lemmatize=lemmatize)
            seconds = time.perf_counter() - t0
            print(
                f"| {n:,} | {comments:,} | {mentions:,} | **prepare_mentions("
                f"lemmatize={lemmatize})** | **{seconds:.2f}** | "
                f"{comments / seconds:,.0f} comments/s |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
