"""Polarity of each mention (positive / negative / neutral, with a confidence) from its embedding.

A multinomial logistic regression on L2-normalised sentence embeddings (multilingual USE v3,
French and English in one space), learnt from two sources:

- **seeds**: short feedback sentences written for the project in both languages
  (``verbatim.nlp.lang.polarity_seeds()``, ~1,050 in all), the only source of the neutral class;
- **the run's own mentions, weakly labelled by their response's NPS score** (``scores``):
  promoters (>= ``promoter_min``) count as positive, detractors (<= ``detractor_max``) as
  negative, passives are left out. A mention that is the only one of its response
  (``single``) carries weight 1; the others ``multi_weight``, since a detractor's comment may
  still praise one thing. At most ``max_weak`` rows (single mentions first), and the seeds
  together keep at least ``seed_share`` of the total weight so the neutral class survives.

Neutral is also returned when the positive and negative probabilities are within
``neutral_margin`` of each other. The confidence of a positive or negative label is its
probability; that of a neutral label is the probability mass favouring neither side,
``1 - |p(positive) - p(negative)|``.

**Lexicon columns.** With the seeds' and the mentions' texts and languages, two columns are
appended to the embedding: the mention's lexicon polarity (``verbatim.nlp.lexicon``: VADER for
English, Pattern's French lexicon), in a French and an English column scaled by
``lexicon_weight``. The encoder places "Nous n'avons pas été déçus" or "un régal !" by their
words; the lexicon's negation and degree rules read them the right way (table below).

**Phrases are read, not guessed.** The encoder places short idioms by their words: "Rien à
redire" (nothing to complain about), said alone by 13 promoters of the bundled sample, sat with
the complaints (negative, 0.72), "Rien à signaler", said by 9 passives, too, and both were
shown as examples of general complaint. A comment that is word for word (``phrase_key``) a seed
takes the seed's label, and one said alone by at least ``PHRASE_MIN_REPEATS`` responses of the
run, ``PHRASE_MIN_SHARE`` of them on one side (promoters, passives or detractors), takes that
side (positive, neutral, negative), which overrides the seed: the run's own scores are the
evidence. Its confidence is that share (1 for a seed).

Measured by ``benchmarks/polarity_quality.py`` on public review sentences that carry exactly one
polarity (accuracy; mode b uses NPS scores *synthesised from the gold label with noise*, so it is
optimistic; the weak rows are the evaluated sentences themselves, as in a real run):

| set | lang | n | (a) seeds only | (b) + weak scores, no lexicon | (b) + lexicon columns | (b) recall pos/neg/neu | gold-label ceiling |
| --- | --- | --- | --- | --- | --- | --- | --- |
| absa-restaurants | en | 1565 | 0.722 | 0.847 | 0.856 | 0.90/0.86/0.00 | 0.829 |
| absa-restaurants | fr | 1376 | 0.686 | 0.800 | 0.825 | 0.86/0.86/0.03 | 0.783 |
| m-absa hotel | en | 1046 | 0.781 | 0.899 | 0.902 | 0.95/0.79/0.00 | 0.907 |
| m-absa hotel | fr | 1046 | 0.773 | 0.902 | 0.911 | 0.97/0.71/0.00 | 0.899 |
| m-absa laptop | en | 1511 | 0.745 | 0.833 | 0.839 | 0.91/0.89/0.01 | 0.833 |
| m-absa laptop | fr | 1465 | 0.717 | 0.813 | 0.822 | 0.91/0.84/0.00 | 0.814 |
| m-absa coursera | en | 1158 | 0.750 | 0.884 | 0.888 | 0.96/0.81/0.00 | 0.874 |
| m-absa coursera | fr | 1157 | 0.716 | 0.876 | 0.876 | 0.94/0.80/0.02 | 0.872 |
| m-absa restaurant | en | 1462 | 0.750 | 0.853 | 0.873 | 0.93/0.85/0.00 | 0.865 |
| m-absa restaurant | fr | 1462 | 0.705 | 0.843 | 0.855 | 0.92/0.79/0.00 | 0.852 |

Neutral is 2-7% of these sentences. Seeds alone are one third neutral and, taken at face
value, call half of the review sentences neutral (accuracy 0.42-0.57): ``neutral_prior=0.1``
shifts the neutral odds to a 10% share (mode a recall pos/neg/neu ~0.82/0.62/0.15); with weak
rows, neutral comes from the seeds only and is rarely predicted. ``neutral_margin`` > 0 buys
neutral recall at the cost of accuracy (0.1: -2 to -4 points in mode b).

The encoder bounds what any classifier on its vectors alone can reach: a logistic regression
trained on the *gold* labels (5-fold, last column) scores 0.78-0.91 on the same sets, what mode
b reaches without the lexicon; with it, mode b passes that bound on 8 of the 10 rows. The gap
left is in long, descriptive review sentences whose sentiment sits in one word; NPS mentions
are shorter. Predicting 1M mentions takes ~1 s (one 512x3 product per chunk), plus the
lexicon's scores of the distinct texts (~0.05 ms an English sentence, ~0.4 ms a French one;
3.3-5.3 s for the 100k latency store's 42,491 distinct mentions, once a process).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from numbers import Integral, Real
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression

from verbatim.models.params import Interval, from_state_params, validate_params
from verbatim.nlp.normalize import strip_accents

LABELS: tuple[str, ...] = ("negative", "neutral", "positive")
STATE_VERSION = 1  # of ``PolarityModel.to_state``: bump when what it holds changes
_CHUNK = 65_536
# a phrase said alone at least this often, by responses this one-sided, is labelled by them
PHRASE_MIN_REPEATS = 5
PHRASE_MIN_SHARE = 0.8
_NOT_WORD = re.compile(r"[\W_]+")


def phrase_key(text: str) -> str:
    """A comment as its words only: case, accents, punctuation and emoji dropped.

    "Rien à redire. 😊", "rien a redire" and "RIEN À REDIRE !" share one key, so a phrase
    customers repeat is recognised however they typed it.
    """
    letters = strip_accents(str(text).casefold())
    return " ".join(_NOT_WORD.sub(" ", letters).split())


class PolarityModel(BaseEstimator):
    """Classify mention embeddings as positive, negative or neutral.

    Args:
        C: Inverse L2 regularisation strength of the logistic regression.
        seed_share: Least share of the total training weight carried by the seeds when weak
            rows are given.
        multi_weight: Weight of a weak row whose response has other mentions (single ones
            weigh 1).
        max_weak: Most weakly labelled rows fitted on (single mentions first, then at random);
            8,000 rows fit in ~0.7 s where 20,000 took 2 s of a 100k refit, and the evaluation
            sets (3-4k mentions each) never reach it.
        neutral_prior: Expected share of neutral mentions: the classifier's neutral odds are
            shifted from the neutral share of its training weight to this one (seeds alone
            are one third neutral, far more than feedback is). None leaves them as learnt.
        neutral_margin: A row whose positive and negative probabilities differ by less than
            this is neutral; 0 leaves neutral to the classifier alone.
        lexicon_weight: Scale of the lexicon columns (``verbatim.nlp.lexicon``) appended to the
            embedding when the seeds' texts and languages are given; 0 reads the embedding
            alone. 0.5, 1 and 2 scored within 0.4 points of each other.
        promoter_min: Scores at or above this make a weak positive.
        detractor_max: Scores at or below this make a weak negative.
        random_state: Seed of the sampling of weak rows.
    """

    _parameter_constraints: dict[str, list] = {
        "C": [Interval(Real, 0, None, "neither")],
        "seed_share": [Interval(Real, 0, 1, "neither")],
        "multi_weight": [Interval(Real, 0, 1, "both")],
        "max_weak": [Interval(Integral, 0, None, "left")],
        "neutral_prior": [Interval(Real, 0, 1, "neither"), None],
        "neutral_margin": [Interval(Real, 0, 1, "left")],
        "lexicon_weight": [Interval(Real, 0, None, "left")],
        "promoter_min": [Interval(Integral, 1, 10, "both")],
        "detractor_max": [Interval(Integral, 0, 9, "both")],
        "random_state": [Interval(Integral, 0, None, "left")],
    }

    def __init__(
        self,
        *,
        C: float = 1.0,
        seed_share: float = 0.25,
        multi_weight: float = 0.5,
        max_weak: int = 8_000,
        neutral_prior: float | None = 0.1,
        neutral_margin: float = 0.0,
        lexicon_weight: float = 0.5,
        promoter_min: int = 9,
        detractor_max: int = 6,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.seed_share = seed_share
        self.multi_weight = multi_weight
        self.max_weak = max_weak
        self.neutral_prior = neutral_prior
        self.neutral_margin = neutral_margin
        self.lexicon_weight = lexicon_weight
        self.promoter_min = promoter_min
        self.detractor_max = detractor_max
        self.random_state = random_state

    def fit(
        self,
        X_seeds: np.ndarray,
        y_seeds: Sequence[str],
        *,
        X: np.ndarray | None = None,
        scores: np.ndarray | None = None,
        single: np.ndarray | None = None,
        seed_texts: Sequence[str] | None = None,
        texts: Sequence[str] | None = None,
        seed_languages: Sequence[str] | None = None,
        languages: Sequence[str] | None = None,
    ) -> PolarityModel:
        """Learn from seed embeddings and, when given, the run's mentions and their NPS scores.

        Args:
            X_seeds: Seed embeddings (n_seeds, d), L2-normalised.
            y_seeds: Label of each seed: "positive", "negative" or "neutral".
            X: The run's mention embeddings (n, d); used only together with ``scores``.
            scores: The 0-10 score of each mention's response (NaN when unknown).
            single: True where the mention is the only one of its response; None means all.
            seed_texts: The text of each seed: a mention saying exactly a seed takes its label.
            texts: The text of each row of ``X``: a phrase repeated alone often enough takes
                the side of the responses that say it (see the module docstring).
            seed_languages: The language of each seed: with ``seed_texts`` (and
                ``lexicon_weight`` > 0), the model also reads the lexicon columns.
            languages: The language of each row of ``X``, for its lexicon columns (with
                ``texts``; without them, those columns are 0 for these rows).

        Returns:
            self, with ``classes_``, ``coef_``, ``intercept_``, ``n_weak_`` (weak rows used),
            ``n_lexicon_`` (lexicon columns after the embedding's) and ``phrases_``
            (``phrase_key`` -> (label, confidence)).
        """
        validate_params(self)
        if self.promoter_min <= self.detractor_max:
            raise ValueError(
                f"The 'promoter_min' parameter of PolarityModel must be greater than "
                f"'detractor_max' ({self.detractor_max}). Got {self.promoter_min} instead."
            )
        X_seeds = np.asarray(X_seeds, dtype=np.float32)
        y_seeds = np.asarray(y_seeds, dtype=object)
        if X_seeds.ndim != 2 or len(X_seeds) != len(y_seeds):
            raise ValueError(
                f"PolarityModel.fit needs a 2-d X_seeds with one label per row: got shape "
                f"{X_seeds.shape} and {len(y_seeds)} labels."
            )
        unknown = sorted(set(y_seeds) - set(LABELS))
        if unknown:
            raise ValueError(
                f"Seed labels must be one of {list(LABELS)}. Got {unknown[:5]} instead."
            )
        self.n_lexicon_ = 0
        if self.lexicon_weight > 0 and seed_texts is not None and seed_languages is not None:
            from verbatim.nlp.lexicon import COLUMNS

            self.n_lexicon_ = len(COLUMNS)
            X_seeds = self._with_lexicon(X_seeds, seed_texts, seed_languages)
            if X is not None and np.ndim(X) == 2:
                X = self._with_lexicon(np.asarray(X, dtype=np.float32), texts, languages)
        weak_X, weak_y, weak_w = self._weak_rows(X, scores, single, X_seeds.shape[1])
        self.n_weak_ = len(weak_y)
        seed_w = 1.0
        if self.n_weak_:
            seed_w = max(1.0, self.seed_share * weak_w.sum() / (1 - self.seed_share) / len(y_seeds))
        y = np.concatenate([y_seeds, weak_y]).astype(str)
        weight = np.concatenate([np.full(len(y_seeds), seed_w), weak_w])
        clf = LogisticRegression(C=self.C, max_iter=3000)
        clf.fit(np.vstack([X_seeds, weak_X]), y, sample_weight=weight)
        self.classes_ = clf.classes_
        coef, intercept = clf.coef_, clf.intercept_
        if len(self.classes_) == 2:  # binary LogisticRegression keeps one row: expand it
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
        self.coef_ = coef.astype(np.float32)
        self.intercept_ = (intercept + self._prior_shift(y, weight)).astype(np.float32)
        self.phrases_ = self._phrases(seed_texts, y_seeds, texts, scores, single)
        return self

    def _with_lexicon(
        self,
        X: np.ndarray,
        texts: Sequence[str] | None,
        languages: Sequence[str] | None,
    ) -> np.ndarray:
        """``X`` with the ``n_lexicon_`` lexicon columns appended (0 without texts and languages)."""
        lexicon = np.zeros((len(X), self.n_lexicon_), dtype=np.float32)
        if self.n_lexicon_ and texts is not None and languages is not None:
            from verbatim.nlp.lexicon import lexicon_scores

            if not len(texts) == len(languages) == len(X):
                raise ValueError(
                    f"PolarityModel needs one text and one language per row: got {len(X)} "
                    f"rows, {len(texts)} texts and {len(languages)} languages."
                )
            lexicon = self.lexicon_weight * lexicon_scores(texts, languages)
        return np.hstack([X, lexicon]).astype(np.float32)

    def _phrases(
        self,
        seed_texts: Sequence[str] | None,
        y_seeds: np.ndarray,
        texts: Sequence[str] | None,
        scores: np.ndarray | None,
        single: np.ndarray | None,
    ) -> dict[str, tuple[str, float]]:
        """Labels read off the seeds, then off phrases the run's responses repeat alone."""
        phrases: dict[str, tuple[str, float]] = {}
        if seed_texts is not None:
            if len(seed_texts) != len(y_seeds):
                raise ValueError(
                    f"PolarityModel.fit needs one seed text per seed: got {len(seed_texts)} "
                    f"texts and {len(y_seeds)} seeds."
                )
            phrases.update(
                (phrase_key(t), (str(y), 1.0)) for t, y in zip(seed_texts, y_seeds, strict=True)
            )
        if texts is None or scores is None:
            return phrases
        scores = np.asarray(scores, dtype=float)
        single = np.ones(len(scores), bool) if single is None else np.asarray(single, bool)
        if not len(texts) == len(scores) == len(single):
            raise ValueError(
                f"PolarityModel.fit needs one text per scored row: got {len(texts)} texts "
                f"and {len(scores)} scores."
            )
        promoter, detractor = promoters_and_detractors(
            scores, self.promoter_min, self.detractor_max
        )
        # 0 negative (detractor), 1 neutral (passive), 2 positive (promoter)
        category = np.where(promoter, 2, np.where(detractor, 0, 1))
        sides: dict[str, list[int]] = {}  # key -> counts of [negative, neutral, positive]
        for i in np.flatnonzero(single & ~np.isnan(scores)):
            sides.setdefault(phrase_key(texts[i]), [0, 0, 0])[category[i]] += 1
        for key, counts in sides.items():
            n = sum(counts)
            top = int(np.argmax(counts))
            if key and n >= PHRASE_MIN_REPEATS and counts[top] / n >= PHRASE_MIN_SHARE:
                phrases[key] = (("negative", "neutral", "positive")[top], counts[top] / n)
        return phrases

    def _prior_shift(self, y: np.ndarray, weight: np.ndarray) -> np.ndarray:
        """Logit offsets moving the neutral share from the training weight's to ``neutral_prior``.

        Positive and negative keep their trained ratio; the usual prior-shift correction
        log(target prior / training prior) per class.
        """
        shift = np.zeros(len(self.classes_))
        if self.neutral_prior is None or "neutral" not in self.classes_:
            return shift
        trained = np.array([weight[y == c].sum() for c in self.classes_]) / weight.sum()
        neutral = self.classes_ == "neutral"
        target = np.where(
            neutral,
            self.neutral_prior,
            (1 - self.neutral_prior) * trained / trained[~neutral].sum(),
        )
        return np.log(target / trained)

    def _weak_rows(
        self,
        X: np.ndarray | None,
        scores: np.ndarray | None,
        single: np.ndarray | None,
        dim: int,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows of ``X`` labelled by their response's score, with their weights."""
        empty = (np.empty((0, dim), np.float32), np.empty(0, object), np.empty(0))
        if X is None or scores is None:
            return empty
        X = np.asarray(X, dtype=np.float32)
        scores = np.asarray(scores, dtype=float)
        single = np.ones(len(scores), bool) if single is None else np.asarray(single, bool)
        if X.ndim != 2 or X.shape[1] != dim or not len(X) == len(scores) == len(single):
            raise ValueError(
                f"PolarityModel.fit needs X of shape (n, {dim}) with one score and one "
                f"'single' flag per row: got X {X.shape}, {len(scores)} scores, "
                f"{len(single)} flags."
            )
        positive, negative = promoters_and_detractors(scores, self.promoter_min, self.detractor_max)
        rows = np.flatnonzero(positive | negative)
        if len(rows) > self.max_weak:
            rng = np.random.default_rng(self.random_state)
            rows = rng.permutation(rows)
            rows = rows[np.argsort(~single[rows], kind="stable")][: self.max_weak]
            rows.sort()
        if not len(rows):
            return empty
        labels = np.where(positive[rows], "positive", "negative").astype(object)
        weights = np.where(single[rows], 1.0, self.multi_weight)
        return X[rows], labels, weights

    def to_state(self) -> dict[str, Any]:
        """What ``predict`` needs, as plain data (JSON values and numeric arrays, no objects).

        The store saves it without pickle (see ``verbatim.pipelines.steps.registry.save_state``).
        """
        if not hasattr(self, "coef_"):
            raise ValueError("This PolarityModel instance is not fitted yet: it has no state.")
        return {
            "version": STATE_VERSION,
            "params": self.get_params(),
            "classes_": [str(c) for c in self.classes_],
            "n_weak_": int(self.n_weak_),
            "n_lexicon_": int(getattr(self, "n_lexicon_", 0)),
            "coef_": np.asarray(self.coef_),
            "intercept_": np.asarray(self.intercept_),
            "phrases_": {k: [label, float(c)] for k, (label, c) in self.phrases_.items()},
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> PolarityModel:
        """A fitted model from ``to_state``'s output; a ValueError names what does not fit."""
        model = from_state_params(cls, state, STATE_VERSION)
        classes = [str(c) for c in state["classes_"]]
        coef, intercept = state.get("coef_"), state.get("intercept_")
        if (
            not set(classes) <= set(LABELS)
            or len(set(classes)) != len(classes)
            or not isinstance(coef, np.ndarray)
            or not isinstance(intercept, np.ndarray)
            or coef.dtype.kind != "f"
            or intercept.dtype.kind != "f"
            or coef.ndim != 2
            or coef.shape[0] != len(classes)
            or intercept.shape != (len(classes),)
        ):
            shapes = [getattr(a, "shape", None) for a in (coef, intercept)]
            raise ValueError(
                f"PolarityModel state does not fit together: classes {classes[:5]}, "
                f"coef_ and intercept_ of shapes {shapes[0]} and {shapes[1]}."
            )
        model.classes_ = np.asarray(classes)
        model.n_weak_ = int(state["n_weak_"])
        model.coef_, model.intercept_ = coef, intercept
        # a state saved before the lexicon columns has none
        model.n_lexicon_ = int(state.get("n_lexicon_", 0))
        if not 0 <= model.n_lexicon_ < coef.shape[1]:
            raise ValueError(
                f"PolarityModel state has {model.n_lexicon_} lexicon columns for "
                f"{coef.shape[1]} coefficients per class."
            )
        phrases = state.get("phrases_", {})  # a state saved before phrases were kept has none
        try:
            model.phrases_ = {
                str(k): (str(v[0]), float(v[1]))
                for k, v in phrases.items()
                if str(v[0]) in LABELS and 0 <= float(v[1]) <= 1
            }
        except (AttributeError, IndexError, TypeError, ValueError):
            raise ValueError(
                "PolarityModel state has phrases that are not (label, share) pairs."
            ) from None
        if len(model.phrases_) != len(phrases):
            raise ValueError("PolarityModel state has phrases with an unknown label or share.")
        return model

    def predict_proba(
        self,
        X: np.ndarray,
        texts: Sequence[str] | None = None,
        languages: Sequence[str] | None = None,
    ) -> np.ndarray:
        """Probability of each class in ``classes_`` for each row of ``X`` (n, d).

        A model fitted with lexicon columns reads them from ``texts`` and ``languages``
        (0 without them).
        """
        X = np.asarray(X, dtype=np.float32)
        if getattr(self, "n_lexicon_", 0):
            X = self._with_lexicon(X, texts, languages)
        out = np.empty((len(X), len(self.classes_)), dtype=np.float32)
        for start in range(0, len(X), _CHUNK):
            z = X[start : start + _CHUNK] @ self.coef_.T + self.intercept_
            z -= z.max(axis=1, keepdims=True)
            np.exp(z, out=z)
            out[start : start + len(z)] = z / z.sum(axis=1, keepdims=True)
        return out

    def predict(
        self,
        X: np.ndarray,
        texts: Sequence[str] | None = None,
        languages: Sequence[str] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Label and confidence of each row of ``X`` (n, d).

        Args:
            X: Mention embeddings (n, d).
            texts: The mentions' texts, when known: a phrase the model has read (a seed, or
                one the run's responses repeat) takes that label, whatever its vector says.
            languages: The mentions' languages: with ``texts``, the lexicon columns of a
                model fitted with them.

        Returns:
            ``labels`` (str array of "positive", "negative", "neutral") and ``confidence``
            (float array in [0, 1]; see the module docstring).
        """
        proba = self.predict_proba(X, texts, languages)
        column = {label: i for i, label in enumerate(self.classes_)}
        zero = np.zeros(len(proba), dtype=np.float32)
        p_pos = proba[:, column["positive"]] if "positive" in column else zero
        p_neg = proba[:, column["negative"]] if "negative" in column else zero
        labels = self.classes_[proba.argmax(axis=1)].astype(object)
        gap = np.abs(p_pos - p_neg)
        labels[gap < self.neutral_margin] = "neutral"
        confidence = np.where(labels == "positive", p_pos, np.where(labels == "negative", p_neg, 0))
        neutral = labels == "neutral"
        confidence[neutral] = 1 - gap[neutral]
        phrases = getattr(self, "phrases_", {})
        if texts is not None and phrases:
            if len(texts) != len(labels):
                raise ValueError(
                    f"PolarityModel.predict needs one text per row: got {len(texts)} texts "
                    f"for {len(labels)} rows."
                )
            for i, text in enumerate(texts):
                read = phrases.get(phrase_key(text))
                if read is not None:
                    labels[i], confidence[i] = read
        return labels.astype(str), confidence.astype(float)


def _one_each(caller: str, **arrays: np.ndarray) -> None:
    """A ValueError naming ``caller`` unless every array has one value per mention."""
    lengths = [len(a) for a in arrays.values()]
    if len(set(lengths)) > 1:
        names = ", ".join(arrays)
        raise ValueError(
            f"{caller} needs one {names} per mention: got {', '.join(map(str, lengths))}."
        )


def promoters_and_detractors(scores: np.ndarray, promoter_min: int, detractor_max: int) -> tuple:
    """Promoter and detractor masks of ``scores`` (NaN: neither)."""
    with np.errstate(invalid="ignore"):
        return scores >= promoter_min, scores <= detractor_max


def theme_sides(
    groups: np.ndarray,
    scores: np.ndarray,
    single: np.ndarray,
    *,
    promoter_min: int = 9,
    detractor_max: int = 6,
    min_n: int = PHRASE_MIN_REPEATS,
    min_share: float = PHRASE_MIN_SHARE,
) -> dict[int, tuple[str, float]]:
    """The side each group's (theme's) own responses are on: group -> (label, share).

    The encoder reads "Not a single outage since I joined" and "aucune coupure depuis que je
    suis chez vous" as complaints: on the bundled sample they made a "Frequent outages"
    complaint theme whose responses were promoters. A group is read from its mentions that are
    alone in their response: when at least ``min_n`` of them are promoters or detractors and
    ``min_share`` of those are promoters, the group is "positive" with that share (the other
    way round, "negative"); passives are evidence of neither side. ``apply_sides`` then turns
    the mentions read the other way whose own response is on the group's side.

    Args:
        groups: Group of each mention (theme index; negative: none, never read).
        scores: Score (0-10, NaN unknown) of each mention's response.
        single: True where the mention is the only one of its response.
        promoter_min: Scores at or above this are promoters.
        detractor_max: Scores at or below this are detractors.
        min_n: Fewest promoters and detractors, alone in their response, to read a group.
        min_share: Share of them on one side for the group to be that side.
    """
    groups, scores, single = np.asarray(groups), np.asarray(scores, float), np.asarray(single, bool)
    _one_each("theme_sides", group=groups, score=scores, **{"single flag": single})
    promoter, detractor = promoters_and_detractors(scores, promoter_min, detractor_max)
    sides: dict[int, tuple[str, float]] = {}
    for g in np.unique(groups[groups >= 0]):
        said = (groups == g) & single
        pros, cons = int((said & promoter).sum()), int((said & detractor).sum())
        if pros + cons < min_n:
            continue
        for label, n_side in (("positive", pros), ("negative", cons)):
            if n_side / (pros + cons) >= min_share:
                sides[int(g)] = (label, n_side / (pros + cons))
    return sides


def apply_sides(
    groups: np.ndarray,
    labels: np.ndarray,
    confidence: np.ndarray,
    scores: np.ndarray,
    sides: dict[int, tuple[str, float]],
    *,
    promoter_min: int = 9,
    detractor_max: int = 6,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Labels read the other way turned to their group's side (``theme_sides``).

    A mention of a positive group read as negative whose own response is a promoter is read as
    positive, with the group's share as its confidence, and the other way round for detractors;
    passives and mentions whose response is on the other side keep their reading (a
    detractor's complaint in a theme of praise). The mentions of tomorrow's responses are read
    by the sides fitted today.

    Returns:
        The corrected labels and confidences (new arrays) and how many were corrected.
    """
    groups, scores = np.asarray(groups), np.asarray(scores, dtype=float)
    labels = np.asarray(labels, dtype=object).copy()
    confidence = np.asarray(confidence, dtype=float).copy()
    _one_each("apply_sides", group=groups, label=labels, confidence=confidence, score=scores)
    promoter, detractor = promoters_and_detractors(scores, promoter_min, detractor_max)
    corrected = 0
    for g, (side, share) in sides.items():
        on_side = promoter if side == "positive" else detractor
        wrong = "negative" if side == "positive" else "positive"
        flip = (groups == g) & on_side & (labels == wrong)
        labels[flip], confidence[flip] = side, share
        corrected += int(flip.sum())
    return labels, confidence, corrected
