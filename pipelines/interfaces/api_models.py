"""The API's answers as pydantic models: what ``/openapi.json`` documents for each endpoint.

Column names and meanings follow the data contract (``docs/internals.md``). Rows of tables stay
open (``extra="allow"``): a segment column, a column added later, anything a table holds beyond
the declared fields reaches clients as before. Numbers are ``int | float`` where a table may
hold either, so a count stays ``3`` and a share ``3.0`` as pandas wrote them; every field a
table may lack is optional, and the API leaves out what a row did not have
(``response_model_exclude_unset``), so clients get the keys they got before the models.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

Number = int | float


class _Row(BaseModel):
    """A row of a table: declared columns, and whatever else the table holds."""

    model_config = ConfigDict(extra="allow")


# ------------------------------------------------------------------------------ errors
class ErrorBody(BaseModel):
    """Every error answer: a code to search for and a message saying what to do."""

    message: str = Field(description="What went wrong and how to fix it")
    code: str = Field(
        description="E1xx-E3xx (Verbatim's error catalogue) or HTTPnnn", examples=["E205"]
    )


class ValidationErrorBody(ErrorBody):
    """A parameter refused (422): the envelope, plus pydantic's list of problems."""

    detail: list[dict[str, Any]] = Field(
        default_factory=list, description="One entry per invalid parameter (loc, msg, input)"
    )


# ------------------------------------------------------------------------------ health
class Health(BaseModel):
    """Liveness and the runs the answers come from."""

    status: str = Field(examples=["ok"])
    last_completed_run: str | None = Field(description="Id of the run the answers come from")
    latest_run_status: str | None = Field(description="running | completed | failed")


# ------------------------------------------------------------------------------ NPS
class NpsRow(_Row):
    """NPS of one period and segment value, with its 95% interval (adjusted Wald)."""

    period: str | None = Field(None, description="'all', or the week, month or quarter")
    segment: str | None = Field(None, description="'all', or COLUMN=VALUE")
    responses: int | None = None
    promoters: int | None = None
    passives: int | None = None
    detractors: int | None = None
    nps: Number | None = None
    ci_low: Number | None = None
    ci_high: Number | None = None
    p_value: Number | None = Field(None, description="Segment vs the rest of its period")
    q_value: Number | None = Field(None, description="Benjamini-Hochberg within the period")
    significant: bool | None = None


class LeagueRow(_Row):
    """One value of a segment: its NPS, difference from the rest, change from the period before."""

    rank: int | None = None
    segment: str | None = Field(None, description="The segment column")
    value: str | None = Field(None, description="The segment value (a site, an agency)")
    responses: int | None = None
    promoters: int | None = None
    passives: int | None = None
    detractors: int | None = None
    nps: Number | None = None
    ci_low: Number | None = None
    ci_high: Number | None = None
    difference: Number | None = Field(None, description="NPS minus the NPS of the other values")
    difference_ci_low: Number | None = None
    difference_ci_high: Number | None = None
    p_value: Number | None = None
    q_value: Number | None = None
    flag: str | None = Field(None, description="worse | better | empty string")
    period: str | None = None
    previous_period: str | None = None
    previous_responses: Number | None = None
    previous_nps: Number | None = None
    change: Number | None = None
    change_ci_low: Number | None = None
    change_ci_high: Number | None = None
    change_p_value: Number | None = None
    top_theme_id: Number | None = None
    top_theme_label_fr: str | None = None
    top_theme_label_en: str | None = None
    top_theme_detractors: Number | None = None
    top_theme_share: Number | None = None


# ------------------------------------------------------------------------------ digest
class DigestCandidate(_Row):
    """A complaint theme of the period, scored against its usual share of detractors."""

    theme_id: int | None = None
    mentions_now: Number | None = None
    detractors_now: Number | None = None
    share_now: Number | None = None
    mentions_before: Number | None = None
    detractors_before: Number | None = None
    share_before: Number | None = None
    ratio: Number | None = None
    p_value: Number | None = None
    new: bool | None = None
    score: Number | None = None
    standout: bool | None = None


class DigestPick(DigestCandidate):
    """The period's one fix, with its labels and three verbatims (PII masked)."""

    label_fr: str | None = None
    label_en: str | None = None
    verbatims: list[str] | None = None


class Digest(_Row):
    """The day's (or period's) one fix: the complaint theme that rose most, and the text."""

    since: str
    until: str
    status: str = Field(description="fix | nothing | no_responses | no_detractors | no_themes")
    responses: int | None = None
    detractors: int | None = None
    nps: Number | None = None
    nps_ci_low: Number | None = None
    nps_ci_high: Number | None = None
    baseline_days: int | None = None
    baseline_responses: int | None = None
    baseline_detractors: int | None = None
    pick: DigestPick | None = None
    candidates: list[DigestCandidate] = Field(default_factory=list)
    language: str | None = None
    text: str | None = Field(None, description="The digest in words (Markdown)")


# ------------------------------------------------------------------------------ themes
class ThemeExample(_Row):
    """An example verbatim of a theme, PII masked."""

    text: str | None = None
    language: str | None = None
    response_id: str | None = None


class ThemeRow(_Row):
    """A theme (or a parent that rolls themes up) with its labels, size and key phrases."""

    theme_id: int
    label_fr: str | None = None
    label_en: str | None = None
    keywords_fr: list[str] | None = None
    keywords_en: list[str] | None = None
    size: int | None = None
    status: str | None = Field(None, description="active | new | retired | merged")
    examples: list[ThemeExample | str] | None = None
    parent_id: Number | None = None
    parent_label: str | None = None
    model_id: str | None = None
    created_run_id: str | None = None
    updated_run_id: str | None = None
    label_edited: bool | None = None
    pinned: bool | None = None
    merged_into: Number | None = None
    kind: str | None = Field(None, description="topic | general")
    polarity: str | None = Field(None, description="complaint | praise | mixed")
    level: str | None = Field(None, description="theme | parent")
    praise_share: Number | None = None
    complaint_share: Number | None = None
    concept: str | None = Field(None, description="The glossary concept its labels come from")


class DriverRow(_Row):
    """A theme as a driver of detraction (and, ``promoter_*``, of promotion)."""

    rank: int | None = None
    theme_id: int
    label_fr: str | None = None
    label_en: str | None = None
    responses: int | None = None
    share_detractors: Number | None = None
    share_promoters: Number | None = None
    theme_nps: Number | None = None
    impact: Number | None = Field(None, description="NPS(all) - NPS(without the theme)")
    impact_ci_low: Number | None = None
    impact_ci_high: Number | None = None
    lift: Number | None = None
    odds_ratio: Number | None = None
    p_value: Number | None = None
    q_value: Number | None = None
    share_passives: Number | None = None
    promoter_lift: Number | None = None
    odds_ratio_ci_low: Number | None = None
    odds_ratio_ci_high: Number | None = None
    test: str | None = Field(None, description="fisher | chi2")
    adjusted_odds_ratio: Number | None = None
    adjusted_ci_low: Number | None = None
    adjusted_ci_high: Number | None = None
    adjusted_p_value: Number | None = None
    significant: bool | None = None
    promoter_odds_ratio: Number | None = None
    promoter_odds_ratio_ci_low: Number | None = None
    promoter_odds_ratio_ci_high: Number | None = None
    promoter_test: str | None = None
    promoter_p_value: Number | None = None
    promoter_q_value: Number | None = None
    promoter_adjusted_odds_ratio: Number | None = None
    promoter_adjusted_ci_low: Number | None = None
    promoter_adjusted_ci_high: Number | None = None
    promoter_adjusted_p_value: Number | None = None
    promoter_significant: bool | None = None
    value_at_risk: Number | None = Field(None, description="When responses have a value")
    value_at_risk_share: Number | None = None
    value_detractors: Number | None = None
    retention_theme: Number | None = Field(None, description="When responses say who stayed")
    retention_rest: Number | None = None
    retention_difference: Number | None = None
    retention_ci_low: Number | None = None
    retention_ci_high: Number | None = None
    retention_p_value: Number | None = None
    retention_q_value: Number | None = None
    retention_customers: Number | None = None
    retention_rest_customers: Number | None = None
    level: str | None = Field(None, description="theme | parent")


class ThemeDetail(ThemeRow):
    """One theme with its driver statistics (null when it is not ranked)."""

    drivers: DriverRow | None = None


class VerbatimRow(_Row):
    """A mention of a theme, PII masked, with its response's score and category."""

    mention_id: str | None = None
    response_id: str | None = None
    text: str | None = None
    language: str | None = None
    similarity: Number | None = None
    polarity: str | None = Field(None, description="positive | negative | neutral")
    polarity_confidence: Number | None = None
    score: int | None = None
    category: str | None = Field(None, description="detractor | passive | promoter")
    responded_at: str | None = None


# ------------------------------------------------------------------------------ follow-ups
class OwnerRow(_Row):
    """A topic theme or roll-up, its owner, and which rule gave it."""

    theme_id: int | None = None
    level: str | None = None
    label_en: str | None = None
    label_fr: str | None = None
    parent_id: Number | None = None
    concept: str | None = None
    size: int | None = None
    owner: str | None = None
    owner_source: str | None = None
    owner_reason: str | None = None


class OutcomeRow(_Row):
    """Detractors of one group (called back, not reached, not called) and what they did next."""

    scope: str | None = Field(None, description="all | owner | theme")
    scope_id: str | int | None = Field(None, description="'all', the owner or the theme id")
    label: str | None = None
    group: str | None = Field(None, description="called back | not reached | not called")
    detractors: int | None = None
    came_back: int | None = None
    came_back_share: Number | None = None
    came_back_ci_low: Number | None = None
    came_back_ci_high: Number | None = None
    to_promoter: int | None = None
    to_passive: int | None = None
    still_detractor: int | None = None
    improved_share: Number | None = None
    improved_ci_low: Number | None = None
    improved_ci_high: Number | None = None
    improved_diff: Number | None = None
    improved_diff_ci_low: Number | None = None
    improved_diff_ci_high: Number | None = None


class OutcomeSummary(_Row):
    """What was imported and linked."""

    outcomes_imported: int | None = None
    followups_with_outcome: int | None = None
    detractors_with_customer_id: int | None = None
    detractors_who_came_back: int | None = None
    called_back: int | None = None


class Outcomes(BaseModel):
    """Follow-up outcomes: observational, by group, owner and theme."""

    note: str = Field(description="Why a difference is an association, not an effect")
    summary: OutcomeSummary
    outcomes: list[OutcomeRow]
