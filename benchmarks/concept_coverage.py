"""Coverage and FR/EN consistency of the concept glossary on real review sentences.

Reads ``../shared/eval`` at run time (SemEval restaurant sentences in French and English;
M-ABSA hotel/laptop/coursera/restaurant sentences, each an English sentence and its French
translation sharing a ``pair`` id) and prints markdown tables:

- per set and language, the share of sentences naming at least one concept;
- per M-ABSA domain, over translation pairs where at least one side names a concept, the
  share whose EN and FR concept sets are identical and the share that overlap;
- with ``--disagreements N``, the N concepts most often found on one side of a pair only
  (where a language lacks a common synonym).

Usage: .venv/bin/python benchmarks/concept_coverage.py [--eval DIR] [--disagreements 20]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

from verbatim.nlp.concepts import match_concepts
from verbatim.nlp.lemmas import quick_lemmas

DEFAULT_EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
M_ABSA = ("hotel", "laptop", "coursera", "restaurant")


def _read(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return [r for r in rows if (r.get("text") or "").strip()]


def _concepts(rows: list[dict]) -> list[tuple[str, ...]]:
    texts = [r["text"] for r in rows]
    languages = [r["lang"] for r in rows]
    lemma_strings = quick_lemmas(texts, languages)  # the theme step's lemmas
    return match_concepts(lemma_strings, languages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--disagreements", type=int, default=0)
    args = parser.parse_args()

    sets = {"absa-restaurants": args.eval / "absa-restaurants" / "sentences.jsonl"}
    sets |= {f"m-absa/{d}": args.eval / "m-absa" / f"{d}.jsonl" for d in M_ABSA}

    coverage_rows, pair_rows = [], []
    one_sided: Counter[tuple[str, str]] = Counter()
    started = time.perf_counter()
    for name, path in sets.items():
        rows = _read(path)
        found = _concepts(rows)
        by_lang: dict[str, list[bool]] = defaultdict(list)
        for row, concepts in zip(rows, found, strict=True):
            by_lang[row["lang"]].append(bool(concepts))
        for lang in sorted(by_lang):
            hits = by_lang[lang]
            coverage_rows.append((name, lang, len(hits), sum(hits) / len(hits)))
        if "pair" not in rows[0]:
            continue
        pairs: dict[str, dict[str, set[str]]] = defaultdict(dict)
        for row, concepts in zip(rows, found, strict=True):
            pairs[row["pair"]][row["lang"]] = set(concepts)
        both = [p for p in pairs.values() if {"en", "fr"} <= p.keys()]
        named = [p for p in both if p["en"] or p["fr"]]
        exact = sum(p["en"] == p["fr"] for p in named)
        overlap = sum(bool(p["en"] & p["fr"]) for p in named)
        pair_rows.append((name, len(both), len(named), exact / len(named), overlap / len(named)))
        for p in named:
            one_sided.update((cid, "en only") for cid in p["en"] - p["fr"])
            one_sided.update((cid, "fr only") for cid in p["fr"] - p["en"])
    elapsed = time.perf_counter() - started

    print("| set | lang | sentences | naming ≥ 1 concept |")
    print("| --- | --- | ---: | ---: |")
    for name, lang, n, share in coverage_rows:
        print(f"| {name} | {lang} | {n:,} | {share:.1%} |")
    print()
    print("| M-ABSA set | EN/FR pairs | pairs naming a concept | same concepts | overlapping |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, n, named, exact, overlap in pair_rows:
        print(f"| {name} | {n:,} | {named:,} | {exact:.1%} | {overlap:.1%} |")
    print(f"\n({elapsed:.1f} s, lemmatization included)")
    if args.disagreements:
        print("\n| concept | side | pairs |")
        print("| --- | --- | ---: |")
        for (cid, side), count in one_sided.most_common(args.disagreements):
            print(f"| {cid} | {side} | {count} |")


if __name__ == "__main__":
    main()
