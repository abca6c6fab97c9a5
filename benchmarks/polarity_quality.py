"""Polarity and generic-mention quality on public review sentences (../shared/eval), FR and EN.

For each set (absa-restaurants; m-absa hotel, laptop, coursera, restaurant), the sentences that
carry exactly one distinct polarity are classified by ``verbatim.models.polarity.PolarityModel`` in two
modes:

- (a) seeds only: the hand-written seeds of ``nlp/lang/<code>/polarity.py``;
- (b) seeds + weak labels from NPS scores, with X = the set's own sentences, as a run fits on
  its own mentions, and the lexicon columns (``verbatim.nlp.lexicon``) as the product reads
  them; "(b) no lexicon" is the same fit on the embedding alone. The scores are SYNTHESISED FROM THE GOLD LABEL WITH NOISE (one seeded score
  per sentence: positive -> promoter 70%, passive 20%, detractor 10%; negative -> detractor
  70%, passive 20%, promoter 10%; neutral -> passive 60%, detractor 20%, promoter 20%), so mode
  (b) is optimistic: real scores speak for a whole response, not one sentence.

Reported per set and language: accuracy, macro-F1, recall per class; a ceiling (logistic
regression on the gold labels, 5-fold, same embeddings); and the generic detector: share of
sentences flagged, FR/EN agreement of the verdict on m-absa translation pairs, a few flagged
sentences to eyeball. Eval texts are printed, never written to the repository.

Run: ``.venv/bin/python benchmarks/polarity_quality.py [--eval-dir PATH] [--examples N]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import cross_val_predict

from verbatim.models.polarity import LABELS, PolarityModel
from verbatim.nlp.embed import embed_texts
from verbatim.nlp.generic import generic_reasons
from verbatim.nlp.lang import polarity_seeds
from verbatim.nlp.lemmas import quick_lemmas

DEFAULT_EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval"
SETS = {
    "absa-restaurants": "absa-restaurants/sentences.jsonl",
    "m-absa hotel": "m-absa/hotel.jsonl",
    "m-absa laptop": "m-absa/laptop.jsonl",
    "m-absa coursera": "m-absa/coursera.jsonl",
    "m-absa restaurant": "m-absa/restaurant.jsonl",
}
_SCORE_MIX = {  # P(detractor 0-6), P(passive 7-8), P(promoter 9-10) given the gold label
    "positive": (0.1, 0.2, 0.7),
    "negative": (0.7, 0.2, 0.1),
    "neutral": (0.2, 0.6, 0.2),
}


def load(path: Path) -> list[dict]:
    """Sentences of one file with exactly one distinct polarity (and some text)."""
    rows = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            polarities = set(row.get("polarities") or [])
            if len(polarities) == 1 and row["text"].strip():
                rows.append(
                    {
                        "lang": row["lang"],
                        "text": row["text"],
                        "y": polarities.pop(),
                        "pair": row.get("pair"),
                    }
                )
    return rows


def synthetic_scores(labels: np.ndarray, seed: int = 0) -> np.ndarray:
    """One noisy 0-10 score per sentence, drawn from its gold label (see the module docstring)."""
    rng = np.random.default_rng(seed)
    out = np.empty(len(labels))
    for i, label in enumerate(labels):
        category = rng.choice(3, p=_SCORE_MIX[label])
        low, high = [(0, 7), (7, 9), (9, 11)][category]
        out[i] = rng.integers(low, high)
    return out


def metrics(y: np.ndarray, pred: np.ndarray) -> dict:
    """Accuracy, macro-F1 (over the classes present) and recall per class."""
    present = [c for c in LABELS if (y == c).any()]
    recall = {c: float(np.mean(pred[y == c] == c)) if (y == c).any() else np.nan for c in LABELS}
    return {
        "n": len(y),
        "acc": float(np.mean(pred == y)),
        "f1": float(f1_score(y, pred, labels=present, average="macro", zero_division=0)),
        **{f"rec_{c[:3]}": recall[c] for c in LABELS},
    }


def ceiling(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Predictions of a logistic regression trained on the gold labels (5-fold)."""
    return cross_val_predict(LogisticRegression(C=3.0, max_iter=3000), X, y, cv=5)


def evaluate(name: str, rows: list[dict], seeds: tuple, examples: int) -> list[dict]:
    """Rows of the side-by-side table for one set, per language; prints generic examples."""
    S, y_seeds, seed_texts, seed_langs = seeds
    texts = [r["text"] for r in rows]
    langs = np.array([r["lang"] for r in rows])
    y = np.array([r["y"] for r in rows])
    X, _ = embed_texts(texts)

    start = time.perf_counter()
    seeds_only = PolarityModel().fit(S, y_seeds)
    pred_a, _ = seeds_only.predict(X)
    scores = synthetic_scores(y)
    plain = PolarityModel().fit(S, y_seeds, X=X, scores=scores)
    pred_plain, _ = plain.predict(X)
    weak = PolarityModel().fit(
        S,
        y_seeds,
        X=X,
        scores=scores,
        seed_texts=seed_texts,
        seed_languages=seed_langs,
        texts=texts,
        languages=list(langs),
    )
    pred_b, conf_b = weak.predict(X, texts=texts, languages=list(langs))
    fit_s = time.perf_counter() - start
    gold = ceiling(X, y)

    lemmas = quick_lemmas(texts, list(langs))  # as the theme step lemmatizes every mention
    reasons = np.array(generic_reasons(lemmas, list(langs)), dtype=object)
    flagged = np.array([r is not None for r in reasons])

    out = []
    for lang in ("en", "fr"):
        m = langs == lang
        if not m.any():
            continue
        a, b, c = metrics(y[m], pred_a[m]), metrics(y[m], pred_b[m]), metrics(y[m], gold[m])
        no_lexicon = metrics(y[m], pred_plain[m])
        out.append(
            {
                "set": name,
                "lang": lang,
                "n": a["n"],
                "a": a,
                "b": b,
                "b_plain": no_lexicon,
                "ceiling": c["acc"],
                "generic": float(flagged[m].mean()),
                "reasons": Counter(r for r in reasons[m] if r),
                "conf_b": float(conf_b[m].mean()),
            }
        )
    agreement = _pair_agreement(rows, flagged)
    for row in out:
        row["pair_agree"] = agreement
    print(f"\n{name}: fit+predict {fit_s:.1f} s; flagged generic (lemmas -> reason):")
    for i in np.flatnonzero(flagged)[:examples]:
        print(f"  [{langs[i]}] {reasons[i]:15s} {texts[i][:90]!r}")
    return out


def _pair_agreement(rows: list[dict], flagged: np.ndarray) -> float:
    """Share of EN/FR translation pairs whose two lines get the same generic verdict."""
    by_pair: dict[str, dict[str, bool]] = {}
    for row, flag in zip(rows, flagged, strict=True):
        if row["pair"]:
            by_pair.setdefault(row["pair"], {})[row["lang"]] = bool(flag)
    both = [v for v in by_pair.values() if len(v) == 2]
    if not both:
        return np.nan
    return float(np.mean([v["en"] == v["fr"] for v in both]))


def _fmt(x: float) -> str:
    return "—" if x != x else f"{x:.3f}"


def print_table(results: list[dict]) -> None:
    """Markdown side-by-side table of both modes, the ceiling and the generic detector."""
    print(
        "\n| set | lang | n | (a) acc | (a) F1 | (b) no lexicon acc | (b) acc | (b) F1 "
        "| (b) recall pos/neg/neu | gold-label ceiling | generic flagged "
        "| FR/EN verdict agreement |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        a, b = r["a"], r["b"]
        recall = "/".join(_fmt(b[f"rec_{c}"]) for c in ("pos", "neg", "neu"))
        print(
            f"| {r['set']} | {r['lang']} | {r['n']} | {_fmt(a['acc'])} | {_fmt(a['f1'])} "
            f"| {_fmt(r['b_plain']['acc'])} | {_fmt(b['acc'])} | {_fmt(b['f1'])} | {recall} | {_fmt(r['ceiling'])} "
            f"| {r['generic']:.1%} | {_fmt(r['pair_agree'])} |"
        )
    print("\nMode (a) recall pos/neg/neu per set and language:")
    for r in results:
        a = r["a"]
        recall = "/".join(_fmt(a[f"rec_{c}"]) for c in ("pos", "neg", "neu"))
        print(f"  {r['set']:18s} {r['lang']}  {recall}   generic reasons {dict(r['reasons'])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--examples", type=int, default=6, help="flagged sentences per set")
    args = parser.parse_args(argv)
    eval_dir = args.eval_dir.resolve()
    if not eval_dir.is_dir():
        print(f"Skipped: no evaluation data at {eval_dir} (see ../shared/eval/README.md).")
        return 0
    texts, labels, seed_langs = polarity_seeds()
    S, _ = embed_texts(texts)
    results = []
    for name, relative in SETS.items():
        path = eval_dir / relative
        if not path.is_file():
            print(f"Skipped {name}: {path} is absent.")
            continue
        results.extend(
            evaluate(name, load(path), (S, np.array(labels), texts, seed_langs), args.examples)
        )
    if results:
        print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
