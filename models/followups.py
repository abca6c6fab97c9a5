"""Close the loop: who to call back, who to thank, who to chase. Selection only, no export.

Input is the ``responses`` frame (DESIGN contract: response_id, score, comment, language,
responded_at, customer_id, then segment columns). Every column that is not canonical is a
segment and is carried into the lists.

Each row carries a ``followup_id``, a hash of the list's name and the response id: the same on
every run, so an analyst can report back what happened to it (``verbatim followups import``).
With a theme-owner map (``verbatim.models.owners``), a row also says which owners its comment concerns
and which theme gave each; a ``CallbackRule`` picks which detractors get a call.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from verbatim.models.frames import isin
from verbatim.models.nps import categorize
from verbatim.models.owners import response_owners

# list name -> the prefix of its follow-up ids (an id says which list it came from)
LISTS = {"callback_detractors": "cb", "thank_promoters": "th", "chase_nonrespondents": "ch"}
# columns added after the lists' historical ones (data contract: extend, keep what exists)
OWNER_LIST_COLUMNS = ("followup_id", "owners", "owner_reasons")
CALLBACK_COLUMNS = (*OWNER_LIST_COLUMNS, "call_rule")

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


def followup_id(list_name: str, response_id: object) -> str:
    """A follow-up's stable id: the list's prefix and a hash of list name and response id."""
    digest = hashlib.sha256(f"{list_name}\x1f{response_id}".encode()).hexdigest()
    return f"{LISTS[list_name]}-{digest[:16]}"


def followup_ids(list_name: str, response_ids: Sequence[object]) -> list[str]:
    """``followup_id`` of each response id, in order."""
    return [followup_id(list_name, rid) for rid in response_ids]


@dataclass(frozen=True)
class CallbackRule:
    """Which detractors get a call: a score cap, raised for comments about some owners' themes.

    A detractor is called when its score is at most ``max_score`` (None: every detractor), or
    at most ``owner_scores[owner]`` for an owner of a theme its comment mentions. E.g.
    ``CallbackRule(max_score=4, owner_scores={"service": 6})``: scores 0-4, and 5-6 whose
    comment is about a theme owned by ``service``. Only detractors are ever called.
    """

    max_score: int | None = None
    owner_scores: Mapping[str, int] = field(default_factory=dict)

    def why(self, score: int, owners: Sequence[str], *, detractor_max: int) -> str | None:
        """Why a detractor of this score and owners gets a call, or None when it does not."""
        if self.max_score is None:  # every detractor
            return f"score <= {detractor_max}"
        if score <= min(self.max_score, detractor_max):
            return f"score <= {min(self.max_score, detractor_max)}"
        for owner in owners:
            limit = self.owner_scores.get(owner)
            if limit is not None and score <= min(limit, detractor_max):
                return f"score <= {min(limit, detractor_max)} and a {owner} theme"
        return None


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
    names = _label_names(themes, language)
    mt = mt.assign(label=[names.get(int(t), f"theme {int(t)}") for t in mt["theme_id"]])
    joined = mt.groupby("response_id", sort=False)["label"].agg("; ".join)
    return responses["response_id"].map(joined).fillna("").astype(object)


def _label_names(themes: pd.DataFrame | None, language: str) -> dict[int, str]:
    """theme_id → its label in ``language`` (the other language's when missing)."""
    names: dict[int, str] = {}
    if themes is not None and "theme_id" in themes.columns:
        other = "label_fr" if language == "en" else "label_en"
        for rec in themes.to_dict("records"):
            label = rec.get(f"label_{language}")
            if label is None or pd.isna(label) or label == "":
                label = rec.get(other)
            if label is not None and not pd.isna(label) and label != "":
                names[int(rec["theme_id"])] = str(label)
    return names


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
    list_name: str,
    owners: pd.DataFrame | None = None,
    rule: CallbackRule | None = None,
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
    added = CALLBACK_COLUMNS if rule is not None else OWNER_LIST_COLUMNS
    for seg in segment_columns(df):
        out[f"{seg} (segment)" if seg in added else seg] = df[seg]
    out["responded_at"] = df["responded_at"] if "responded_at" in df.columns else pd.NaT
    out["followup_id"] = followup_ids(list_name, out["response_id"].tolist())
    owned = response_owners(
        mention_themes,
        owners if owners is not None else pd.DataFrame(),
        _label_names(themes, language),
        out["response_id"].tolist(),
    )
    out["owners"] = owned["owners"].to_numpy()
    out["owner_reasons"] = owned["owner_reasons"].to_numpy()
    if rule is not None:
        why = [
            rule.why(int(score), [o for o in names.split("; ") if o], detractor_max=detractor_max)
            for score, names in zip(out["score"], out["owners"], strict=True)
        ]
        out["call_rule"] = pd.Series(why, index=out.index, dtype=object)
        out = out[out["call_rule"].notna()]
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
    owners: pd.DataFrame | None = None,
    rule: CallbackRule | None = None,
) -> pd.DataFrame:
    """Detractors to call back, lowest score first, then newest first.

    Args:
        responses: The responses frame; ``category`` is used when present, else derived from
            ``score`` with the given thresholds.
        mention_themes: Optional ``response_id``, ``theme_id`` (and ``position``) per mention.
        themes: Optional ``theme_id``, ``label_fr``, ``label_en`` (and ``parent_id``).
        language: Which label to show ("fr" or "en"; the other one when it is missing).
        promoter_min: Lowest promoter score when categories are derived.
        detractor_max: Highest detractor score when categories are derived.
        limit: At most this many rows.
        owners: Optional owner of each theme (``verbatim.models.owners.theme_owners``).
        rule: Which detractors get a call (default: every one).

    Returns:
        response_id, customer_id, score, category, themes (labels joined "; "), comment,
        language (when given), segments…, responded_at, then followup_id, owners ("; "),
        owner_reasons and call_rule (why the rule picked the row).
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
        list_name="callback_detractors",
        owners=owners,
        rule=rule or CallbackRule(),
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
    owners: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Promoters to thank or ask for a referral, highest score first, then newest first.

    Same arguments and columns as ``callback_list``, without a rule (every promoter is
    thanked) nor its ``call_rule`` column.
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
        list_name="thank_promoters",
        owners=owners,
    )


def chase_list(responses: pd.DataFrame, *, limit: int | None = None) -> pd.DataFrame:
    """Invited customers who did not answer (no score), most recent invitation first.

    Returns:
        response_id, customer_id, segments…, invited_at (the ``invited_at`` column when the
        export has one, else ``responded_at``, which holds the invitation date for these
        rows), followup_id.
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
        out[f"{seg} (segment)" if seg == "followup_id" else seg] = df[seg]
    out["invited_at"] = when
    out["followup_id"] = followup_ids("chase_nonrespondents", out["response_id"].tolist())
    out = out.reset_index(drop=True)
    return out if limit is None else out.head(limit)
