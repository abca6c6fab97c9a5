"""Theme quality: Verbatim's ThemeModel against BERTopic and KMeans on the same embeddings.

Data: SemEval-2016 restaurant sentences, French and English (``../shared/eval/absa-restaurants``,
read at run time, never copied). Sentences with exactly one distinct aspect entity are kept;
their entity is the reference theme. Every method clusters the SAME embeddings (USE v3 through
``nlp.embed``). NMI and ARI are computed on all rows, unassigned/outlier rows counted as one
more cluster; "language NMI" is the NMI between themes and language (lower = mixed).

    .venv/bin/python benchmarks/theme_quality.py [--limit N] [--seed S] [--no-bertopic]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "eval" / "absa-restaurants" / "sentences.jsonl"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def load(limit: int | None, seed: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts, entity and language of the one-entity sentences (a seeded sample if limited)."""
    texts, entities, languages = [], [], []
    with DATA.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["text"].strip() and len(set(row["entities"])) == 1:
                texts.append(row["text"])
                entities.append(row["entities"][0])
                languages.append(row["lang"])
    order = np.arange(len(texts))
    if limit and limit < len(texts):
        order = np.sort(np.random.RandomState(seed).choice(len(texts), limit, replace=False))
    return [texts[i] for i in order], np.array(entities)[order], np.array(languages)[order]


def embed(texts: list[str]) -> np.ndarray:
    """USE multilingual v3 through the project's encoder."""
    from nlp.embed import embed_texts

    vectors, _ = embed_texts(texts)
    return np.asarray(vectors, dtype=np.float32)


def run_themes(x: np.ndarray, languages: np.ndarray, seed: int, **options) -> np.ndarray:
    from models.themes import ThemeModel

    return ThemeModel(random_state=seed, **options).fit(x, groups=languages).labels_


def run_bertopic(texts: list[str], x: np.ndarray, seed: int, **options) -> np.ndarray:
    from bertopic import BERTopic
    from umap import UMAP

    # BERTopic's default UMAP is unseeded; seed it so the row is reproducible.
    umap = UMAP(
        n_neighbors=15,
        n_components=5,
        min_dist=0.0,
        metric="cosine",
        low_memory=False,
        random_state=seed,
    )
    topics, _ = BERTopic(embedding_model=None, umap_model=umap, **options).fit_transform(
        texts, embeddings=x
    )
    return np.asarray(topics)


def run_kmeans(x: np.ndarray, seed: int, k: int = 6) -> np.ndarray:
    from sklearn.cluster import KMeans

    return KMeans(k, n_init=10, random_state=seed).fit_predict(x)


def score(name: str, labels: np.ndarray, truth: np.ndarray, languages: np.ndarray, seconds: float):
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    return {
        "method": name,
        "themes": int(len(np.unique(labels[labels >= 0]))),
        "NMI": normalized_mutual_info_score(truth, labels),
        "ARI": adjusted_rand_score(truth, labels),
        "unassigned": float((labels < 0).mean()),
        "language NMI": normalized_mutual_info_score(languages, labels),
        "seconds": seconds,
    }


def table(rows: list[dict]) -> str:
    head = "| method | themes | NMI | ARI | unassigned share | language NMI | wall time s |"
    lines = [head, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(
            f"| {r['method']} | {r['themes']} | {r['NMI']:.3f} | {r['ARI']:.3f} | "
            f"{r['unassigned']:.1%} | {r['language NMI']:.3f} | {r['seconds']:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="use a seeded sample of N rows")
    parser.add_argument("--seed", type=int, default=0, help="seed of every method and sample")
    parser.add_argument("--no-bertopic", action="store_true", help="skip the BERTopic rows")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"theme_quality: evaluation data not found at {DATA}; skipping.")
        return 0

    texts, truth, languages = load(args.limit, args.seed)
    start = time.perf_counter()
    x = embed(texts)
    counts = {
        str(k): int(v) for k, v in zip(*np.unique(languages, return_counts=True), strict=True)
    }
    print(
        f"{len(texts)} one-entity sentences {counts}, {len(np.unique(truth))} entities; "
        f"embedded in {time.perf_counter() - start:.1f} s (USE v3), seed {args.seed}\n"
    )

    methods = [
        (
            "Verbatim ThemeModel (defaults, groups=language)",
            lambda: run_themes(x, languages, args.seed),
        ),
        (
            "Verbatim ThemeModel (product setting resolution=1.0)",
            lambda: run_themes(x, languages, args.seed, resolution=1.0),
        ),
    ]
    if not args.no_bertopic:
        methods += [
            ("BERTopic 0.17 defaults", lambda: run_bertopic(texts, x, args.seed)),
            (
                "BERTopic min_topic_size=30",
                lambda: run_bertopic(texts, x, args.seed, min_topic_size=30),
            ),
        ]
    methods.append(("KMeans k=6", lambda: run_kmeans(x, args.seed)))
    rows = []
    for name, fit in methods:
        start = time.perf_counter()
        labels = np.asarray(fit())
        rows.append(score(name, labels, truth, languages, time.perf_counter() - start))
    print(table(rows))
    print(
        "\nNMI/ARI on all rows, unassigned (-1, BERTopic outliers) counted as one more cluster."
        "\nTarget for ThemeModel: NMI >= 0.40, unassigned <= 10%, language NMI <= 0.05."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
