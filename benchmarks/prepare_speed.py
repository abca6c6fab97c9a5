"""Where ``nlp.prepare.prepare_mentions`` spends its time, stage by stage, with and without lemmas.

Usage::

    .venv/bin/python benchmarks/prepare_speed.py [--sizes 20000 100000]

Responses come from the scale benchmark's generator (the sample's phrasings, ~60% with a
comment). Models are loaded by a warm-up call first and their load time is shown apart, as a
nightly run pays it once per process.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402
from scale import make_rows  # noqa: E402  (also puts the project on sys.path)

from nlp import prepare  # noqa: E402
from nlp.language import validate_languages  # noqa: E402
from nlp.mentions import split_mentions  # noqa: E402

LANGUAGES = ("fr", "en")


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


def main(argv: list[str] | None = None) -> int:
    """Print the stage table and the with/without-lemmas totals per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000])
    args = parser.parse_args(argv)
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
