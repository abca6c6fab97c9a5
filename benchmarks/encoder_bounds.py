"""What any partition of the encoder's space can reach on the theme targets (../shared/eval).

The theme targets of ``theme_quality.py`` ask for three things at once: themes that follow the
gold category (homogeneity), a sentence and its translation in one theme (pair agreement), and
SemEval themes that follow the gold entity (NMI). This script measures how far the vectors
themselves allow them, with no product code beyond the encoder: sentences are embedded with the
product's default encoder (``verbatim.nlp.embed``), centred per language as ``ThemeModel``
does, and cut by k-means into k clusters, k from 2 to 35 (the product finds 18-35 topic themes
on these sets), three k-means seeds per k. Reported per set and k:

- pair agreement (M-ABSA): share of EN/FR translation pairs whose two sentences fall in the
  same cluster, the number that ``theme_quality.py`` reports as "EN/FR pairs: same main theme";
- homogeneity against the gold category (one-category sentences), as in ``theme_quality.py``;
- SemEval: NMI against the gold entity (one-entity sentences);
- retrieval@1: share of English sentences whose nearest French sentence is their translation,
  how well the encoder aligns the two languages sentence by sentence.

k-means is not the product (which splits sentences into mentions and assigns each to its
nearest theme), but it is a partition by distance in the same space: where it keeps only
83-87% of pairs together at the product's granularity, a main theme per sentence drawn from
those distances will not reach 95%. Eval texts are read at run time and never written out.

Run: ``.venv/bin/python benchmarks/encoder_bounds.py [--eval-dir PATH] [--ks 2 4 8 15 25 35]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import homogeneity_score, normalized_mutual_info_score

from verbatim.nlp.embed import embed_texts

DEFAULT_EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval"
M_ABSA = ("hotel", "laptop", "coursera", "restaurant")
KMEANS_SEEDS = (0, 1, 2)


def _centred(x: np.ndarray, langs: np.ndarray) -> np.ndarray:
    """Each language's mean removed, rows L2-normalised (as ``ThemeModel`` clusters)."""
    z = x - x.mean(axis=0)
    for lang in np.unique(langs):
        z[langs == lang] -= z[langs == lang].mean(axis=0)
    return z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [r for r in map(json.loads, f) if r["text"].strip()]


def m_absa(path: Path) -> dict:
    """Translation pairs: vectors of the English then the French sentences, their categories."""
    rows = _read(path)
    en = {r["pair"]: r for r in rows if r["lang"] == "en"}
    fr = {r["pair"]: r for r in rows if r["lang"] == "fr"}
    keys = sorted(set(en) & set(fr))
    texts = [en[k]["text"] for k in keys] + [fr[k]["text"] for k in keys]
    cats = [en[k]["categories"] for k in keys] + [fr[k]["categories"] for k in keys]
    langs = np.array(["en"] * len(keys) + ["fr"] * len(keys))
    x, _ = embed_texts(texts)
    return {"z": _centred(x, langs), "n": len(keys), "categories": cats, "entities": None}


def semeval(path: Path) -> dict:
    rows = _read(path)
    langs = np.array([r["lang"] for r in rows])
    x, _ = embed_texts([r["text"] for r in rows])
    return {
        "z": _centred(x, langs),
        "n": 0,
        "categories": [r["categories"] for r in rows],
        "entities": [r.get("entities") or [] for r in rows],
    }


def _scores(data: dict, labels: np.ndarray) -> dict[str, float]:
    out = {}
    one = np.array([len(c) == 1 for c in data["categories"]])
    truth = [c[0] for c, keep in zip(data["categories"], one, strict=True) if keep]
    out["homogeneity"] = homogeneity_score(truth, labels[one])
    n = data["n"]
    if n:
        out["pairs"] = float((labels[:n] == labels[n:]).mean())
    if data["entities"] is not None:
        ent = np.array([len(e) == 1 for e in data["entities"]])
        gold = [e[0] for e, keep in zip(data["entities"], ent, strict=True) if keep]
        out["entity_nmi"] = normalized_mutual_info_score(gold, labels[ent])
    return out


def bounds(data: dict, ks: list[int]) -> list[dict]:
    rows = []
    for k in ks:
        runs = [
            _scores(data, KMeans(k, n_init=3, random_state=s).fit_predict(data["z"]))
            for s in KMEANS_SEEDS
        ]
        rows.append({"k": k, **{m: float(np.mean([r[m] for r in runs])) for m in runs[0]}})
    return rows


def retrieval(data: dict) -> float:
    n = data["n"]
    sims = data["z"][:n] @ data["z"][n:].T
    return float((sims.argmax(axis=1) == np.arange(n)).mean())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--ks", type=int, nargs="+", default=[2, 4, 8, 15, 25, 35])
    args = parser.parse_args(argv)
    if not args.eval_dir.is_dir():
        print(f"skipped: no evaluation data at {args.eval_dir}")
        return 0
    started = time.perf_counter()
    print("| set | sentences | retrieval@1 | k | pairs in one cluster | homogeneity | entity NMI |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    sets = [("semeval", semeval, "absa-restaurants/sentences.jsonl")]
    sets += [(name, m_absa, f"m-absa/{name}.jsonl") for name in M_ABSA]
    for name, reader, rel in sets:
        data = reader(args.eval_dir / rel)
        ret = f"{retrieval(data):.3f}" if data["n"] else "—"
        for row in bounds(data, args.ks):
            pairs = f"{row['pairs']:.1%}" if "pairs" in row else "—"
            ent = f"{row['entity_nmi']:.3f}" if "entity_nmi" in row else "—"
            print(
                f"| {name} | {len(data['z'])} | {ret} | {row['k']} | {pairs} | "
                f"{row['homogeneity']:.3f} | {ent} |",
                flush=True,
            )
    print(f"\n{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
