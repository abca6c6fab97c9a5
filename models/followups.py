"""Close the loop: who to call back, who to thank, who to chase. Selection only, no export.

Input is the ``responses`` frame (DESIGN contract: response_id, score, comment, language,
responded_at, customer_id, then segment columns). Every column that is not canonical is a
segment and is carried into the lists.
"""

from __future__ import annotations

import pandas as pd

from models.frames import isin
from models.nps import categorize

CANONICAL = (
    "response_id",
    "customer_id",
    "score",
    "category",
    "themes",
    "comment",
    "language",
    "responded_at",
    "invited_at",
    "source_file",
    "source_line",
)


def segment_columns(responses: pd.DataFrame) -> list[str]:
    """The segment columns of a responses frame: every column that is not canonical."""
    return [c for c in responses.columns if c not in CANONICAL]


def _theme_labels(
    responses: pd.DataFrame,
    mention_themes: pd.DataFrame | None,
    themes: pd.DataFrame | None,
    language: str,
) -> pd.Series:
    """Per response, the labels of the themes it mentions, in mention order, joined by "; "."""
    empty = pd.Series("", index=responses.index, dtype=object)
    if mention_themes is None or mention_themes.empty:
        return empty
    mt = mention_themes[isin(mention_themes["response_id"], responses["response_id"])]
    if "position" in mt.columns:
        mt = mt.sort_values(["response_id", "position"], kind="stable")
    mt = mt[["response_id", "theme_id"]].dropna()
    mt = mt[mt["theme_id"] != -1].drop_duplicates()
    names: dict[int, str] = {}
    if themes is not None and "theme_id" in themes.columns:
        other = "label_fr" if language == "en" else "label_en"
        for rec in themes.to_dict("records"):
            label = rec.get(f"label_{language}")
            if label is None or pd.isna(label) or label == "":
                label = rec.get(other)
            if label is not None and not pd.isna(label) and label != "":
                names[int(rec["theme_id"])] = str(label)
    mt = mt.assign(label=[names.get(int(t), f"theme {int(t)}") for t in mt["theme_id"]])
    joined = mt.groupby("response_id", sort=False)["label"].agg("; ".join)
    return responses["response_id"].map(joined).fillna("").astype(object)


def _with_category(responses: pd.DataFrame, promoter_min: int, detractor_max: int) -> pd.DataFrame:
    if "response_id" not in responses or "score" not in responses:
        raise ValueError(
            "responses needs columns 'response_id' and 'score'. "
            f"Columns found: {list(responses.columns)}."
        )
    if "category" in responses and responses["category"].notna().any():
        return responses
    return responses.assign(
        category=categorize(
            responses["score"], promoter_min=promoter_min, detractor_max=detractor_max
        )
    )


def _select(
    responses: pd.DataFrame,
    category: str,
    mention_themes: pd.DataFrame | None,
    themes: pd.DataFrame | None,
    *,
    score_ascending: bool,
    language: str,
    promoter_min: int,
    detractor_max: int,
    limit: int | None,
) -> pd.DataFrame:
    if language not in ("fr", "en"):
        raise ValueError(
            f"The 'language' parameter must be 'fr' or 'en'. Got {language!r} instead."
        )
    df = _with_category(responses, promoter_min, detractor_max)
    df = df[df["category"] == category]
    df = df.assign(themes=_theme_labels(df, mention_themes, themes, language))
    df = _sort(df, score_ascending=score_ascending)
    extra = ["language"] if "language" in df.columns else []
    columns = ["response_id", "customer_id", "score", "category", "themes", "comment", *extra]
    out = pd.DataFrame(
        {
            c: df[c] if c in df.columns else pd.Series(None, index=df.index, dtype=object)
            for c in columns
        }
    )
    for seg in segment_columns(df):
        out[seg] = df[seg]
    out["responded_at"] = df["responded_at"] if "responded_at" in df.columns else pd.NaT
    out = out.reset_index(drop=True)
    return out if limit is None else out.head(limit)


def _sort(df: pd.DataFrame, *, score_ascending: bool) -> pd.DataFrame:
    """Score (given direction), then newest first (undated last), then response_id."""
    key = pd.DataFrame(
        {
            "score": df["score"].astype("Float64"),
            "when": pd.to_datetime(df["responded_at"]) if "responded_at" in df else pd.NaT,
            "id": df["response_id"].astype(str),
        },
        index=df.index,
    )
    key = key.sort_values("id", kind="stable")
    key = key.sort_values("when", ascending=False, na_position="last", kind="stable")
    key = key.sort_values("score", ascending=score_ascending, kind="stable")
    return df.loc[key.index]


def callback_list(
    responses: pd.DataFrame,
    mention_themes: pd.DataFrame | None = None,
    themes: pd.DataFrame | None = None,
    *,
    language: str = "en",
    promoter_min: int = 9,
    detractor_max: int = 6,
    limit: int | None = None,
) -> pd.DataFrame:
    """Detractors to call back, lowest score first, then newest first.

    Args:
        responses: The responses frame; ``category`` is used when present, else derived from
            ``score`` with the given thresholds.
        mention_themes: Optional ``response_id``, ``theme_id`` (and ``position``) per mention.
        themes: Optional ``theme_id``, ``label_fr``, ``label_en``.
        language: Which label to show ("fr" or "en"; the other one when it is missing).
        promoter_min: Lowest promoter score when categories are derived.
        detractor_max: Highest detractor score when categories are derived.
        limit: At most this many rows.

    Returns:
        response_id, customer_id, score, category, themes (labels joined "; "), comment,
        language (when given), segments…, responded_at.
    """
    return _select(
        responses,
        "detractor",
        mention_themes,
        themes,
        score_ascending=True,
        language=language,
        promoter_min=promoter_min,
        detractor_max=detractor_max,
        limit=limit,
    )


def thank_list(
    responses: pd.DataFrame,
    mention_themes: pd.DataFrame | None = None,
    themes: pd.DataFrame | None = None,
    *,
    language: str = "en",
    promoter_min: int = 9,
    detractor_max: int = 6,
    limit: int | None = None,
) -> pd.DataFrame:
    """Promoters to thank or ask for a referral, highest score first, then newest first.

    Same arguments and columns as ``callback_list``.
    """
    return _select(
        responses,
        "promoter",
        mention_themes,
        themes,
        score_ascending=False,
        language=language,
        promoter_min=promoter_min,
        detractor_max=detractor_max,
        limit=limit,
    )


def chase_list(responses: pd.DataFrame, *, limit: int | None = None) -> pd.DataFrame:
    """Invited customers who did not answer (no score), most recent invitation first.

    Returns:
        response_id, customer_id, segments…, invited_at (the ``invited_at`` column when the
        export has one, else ``responded_at``, which holds the invitation date for these rows).
    """
    if "response_id" not in responses or "score" not in responses:
        raise ValueError(
            "responses needs columns 'response_id' and 'score'. "
            f"Columns found: {list(responses.columns)}."
        )
    df = responses[responses["score"].isna()]
    date_col = next((c for c in ("invited_at", "responded_at") if c in df.columns), None)
    when = pd.to_datetime(df[date_col]) if date_col else pd.Series(pd.NaT, index=df.index)
    key = pd.DataFrame({"when": when, "id": df["response_id"].astype(str)}, index=df.index)
    key = key.sort_values("id", kind="stable")
    key = key.sort_values("when", ascending=False, na_position="last", kind="stable")
    df, when = df.loc[key.index], when.loc[key.index]
    out = pd.DataFrame(
        {
            "response_id": df["response_id"],
            "customer_id": df["customer_id"] if "customer_id" in df else None,
        },
        index=df.index,
    )
    for seg in segment_columns(df):
        out[seg] = df[seg]
    out["invited_at"] = when
    out = out.reset_index(drop=True)
    return out if limit is None else out.head(limit)
