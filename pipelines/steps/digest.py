"""The day's one fix as a short text to paste in an e-mail or a chat message (``verbatim digest``).

Reads the store for a short period (``--since yesterday``, a day, a few days) and the
``BASELINE_DAYS`` before it, picks the complaint theme that rose most among the period's
detractors (``verbatim.models.digest.rank_fixes``) and writes it with its figures and three of its
verbatims (mention texts, PII-masked when they were stored) in Markdown, plain text or JSON,
with French or English wording. When nothing stands out, or there is nothing to read, it says
so in one line.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from verbatim.models.digest import rank_fixes
from verbatim.models.nps import categorize, nps_summary

BASELINE_DAYS = 28
EXAMPLES = 3
EXAMPLE_CHARS = 280
FORMATS = ("md", "text", "json")
LANGUAGES = ("en", "fr")

# The digest's wording, one dict per language (the only words it adds to the data).
WORDING: dict[str, dict[str, str]] = {
    "en": {
        "title_day": "The day's one fix",
        "title_period": "The period's one fix",
        "on": "on {day}",
        "between": "from {first} to {last}",
        "head": "{responses} responses, NPS {nps}",
        "fix": "{mentions} of the {detractors} detractors mention it ({share})",
        "usual": ", against {usual} usually ({before} of {base} detractors over the {days} "
        "days before): ×{ratio}",
        "jump": ", against {usual} usually ({before} of {base} detractors over the {days} "
        "days before)",
        "new": "; a new subject: nothing in the {days} days before mentioned it",
        "first": " (no earlier responses to compare with)",
        "nothing": "Nothing stands out {when}: no complaint theme rose among the {detractors} "
        "detractors ({responses} responses, NPS {nps}).",
        "no_responses": "No responses {when}.",
        "no_detractors": "No detractors {when} ({responses} responses, NPS {nps}): nothing to fix.",
        "no_themes": "No complaint theme to name {when} yet ({responses} responses, "
        "{detractors} detractors): themes form as comments accumulate.",
        "theme": "theme",
        "colon": ": ",
        "open": "“",
        "close": "”",
    },
    "fr": {
        "title_day": "Le correctif du jour",
        "title_period": "Le correctif de la période",
        "on": "le {day}",
        "between": "du {first} au {last}",
        "head": "{responses} réponses, NPS {nps}",
        "fix": "{mentions} des {detractors} détracteurs en parlent ({share})",
        "usual": ", contre {usual} d'habitude ({before} sur {base} détracteurs des {days} jours "
        "précédents) : ×{ratio}",
        "jump": ", contre {usual} d'habitude ({before} sur {base} détracteurs des {days} jours "
        "précédents)",
        "new": " ; un sujet nouveau : rien dans les {days} jours précédents",
        "first": " (pas de réponses antérieures pour comparer)",
        "nothing": "Rien ne ressort {when} : aucun thème de plainte n'a progressé parmi les "
        "{detractors} détracteurs ({responses} réponses, NPS {nps}).",
        "no_responses": "Aucune réponse {when}.",
        "no_detractors": "Aucun détracteur {when} ({responses} réponses, NPS {nps}) : rien à "
        "corriger.",
        "no_themes": "Pas encore de thème de plainte à nommer {when} ({responses} réponses, "
        "{detractors} détracteurs) : les thèmes se forment à mesure que les commentaires "
        "s'accumulent.",
        "theme": "thème",
        "colon": " : ",
        "open": "« ",
        "close": " »",
    },
}


@dataclass
class Digest:
    """The period, its figures, and the fix picked (None when nothing stands out)."""

    first_day: pd.Timestamp
    last_day: pd.Timestamp
    status: str  # fix | nothing | no_responses | no_detractors | no_themes
    responses: int = 0
    detractors: int = 0
    nps: float = math.nan
    nps_ci_low: float = math.nan
    nps_ci_high: float = math.nan
    baseline_days: int = BASELINE_DAYS
    baseline_responses: int = 0
    baseline_detractors: int = 0
    pick: dict[str, Any] | None = None
    candidates: pd.DataFrame = field(default_factory=pd.DataFrame)

    def as_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready): dates as YYYY-MM-DD, NaN as None."""
        out = {
            "since": f"{self.first_day:%Y-%m-%d}",
            "until": f"{self.last_day:%Y-%m-%d}",
            "status": self.status,
            "responses": self.responses,
            "detractors": self.detractors,
            "nps": _plain(self.nps),
            "nps_ci_low": _plain(self.nps_ci_low),
            "nps_ci_high": _plain(self.nps_ci_high),
            "baseline_days": self.baseline_days,
            "baseline_responses": self.baseline_responses,
            "baseline_detractors": self.baseline_detractors,
            "pick": {k: _plain(v) for k, v in self.pick.items()} if self.pick else None,
        }
        cands = self.candidates.head(5).to_dict("records") if len(self.candidates) else []
        out["candidates"] = [{k: _plain(v) for k, v in c.items()} for c in cands]
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item") and not isinstance(value, list | dict | str):
        return _plain(value.item())
    return value


def digest_from(
    responses: pd.DataFrame,
    mentions: pd.DataFrame,
    themes: pd.DataFrame,
    *,
    start: pd.Timestamp,
    end: pd.Timestamp,
    texts: Callable[[list[str]], dict[str, str]],
    promoter_min: int = 9,
    detractor_max: int = 6,
    baseline_days: int = BASELINE_DAYS,
) -> Digest:
    """The digest of [start, end) against the ``baseline_days`` before ``start``.

    Args:
        responses: ``response_id``, ``score``, ``responded_at`` (any responses; undated ones
            are in neither window).
        mentions: ``mention_id``, ``response_id``, ``theme_id`` (-1 or missing: unassigned).
        themes: the store's themes (labels, kind, level, polarity).
        start: the period's first day.
        end: the day after its last.
        texts: reads the (masked) texts of mention ids: ``Store.mention_texts``.
        promoter_min: lowest promoter score.
        detractor_max: highest detractor score.
        baseline_days: days before ``start`` that give each theme's usual share.
    """
    last_day = end - pd.Timedelta(days=1)
    when = responses["responded_at"]
    now = responses[(when >= start) & (when < end)]
    before = responses[(when >= start - pd.Timedelta(days=baseline_days)) & (when < start)]
    kw = {"promoter_min": promoter_min, "detractor_max": detractor_max}
    now = now.assign(category=categorize(now["score"], **kw))
    now = now[now["category"].notna()]
    before = before.assign(category=categorize(before["score"], **kw))
    before = before[before["category"].notna()]
    summary = nps_summary(now["category"])
    digest = Digest(
        start,
        last_day,
        "no_responses",
        responses=summary.responses,
        detractors=summary.detractors,
        nps=summary.nps,
        nps_ci_low=summary.ci_low,
        nps_ci_high=summary.ci_high,
        baseline_days=baseline_days,
        baseline_responses=len(before),
        baseline_detractors=int((before["category"] == "detractor").sum()),
    )
    if now.empty:
        return digest
    if summary.detractors == 0:
        digest.status = "no_detractors"
        return digest
    assigned = mentions[mentions["theme_id"].notna() & (mentions["theme_id"] >= 0)]
    assigned = assigned.assign(theme_id=assigned["theme_id"].astype("int64"))
    ranked = rank_fixes(now, before, assigned[["response_id", "theme_id"]], themes)
    digest.candidates = ranked
    if ranked.empty:
        digest.status = "no_themes"
        return digest
    standing = ranked[ranked["standout"]]
    if standing.empty:
        digest.status = "nothing"
        return digest
    best = standing.iloc[0].to_dict()
    labels = themes.drop_duplicates("theme_id").set_index("theme_id")
    theme_id = int(best["theme_id"])
    best.update(
        label_fr=_label(labels, theme_id, "label_fr"),
        label_en=_label(labels, theme_id, "label_en"),
        verbatims=_verbatims(now, assigned, theme_id, texts),
    )
    digest.status, digest.pick = "fix", best
    return digest


def _label(labels: pd.DataFrame, theme_id: int, column: str) -> str | None:
    if column not in labels or theme_id not in labels.index:
        return None
    value = labels.at[theme_id, column]
    return value if isinstance(value, str) and value.strip() else None


def _verbatims(
    now: pd.DataFrame,
    mentions: pd.DataFrame,
    theme_id: int,
    texts: Callable[[list[str]], dict[str, str]],
) -> list[str]:
    """Up to ``EXAMPLES`` distinct texts of the theme in the period: detractors', newest first."""
    mine = mentions[(mentions["theme_id"] == theme_id).to_numpy()]
    order = now.assign(_det=now["category"] != "detractor").sort_values(
        ["_det", "responded_at", "response_id"], ascending=[True, False, True], kind="stable"
    )
    rank = {rid: i for i, rid in enumerate(order["response_id"])}
    mine = mine[mine["response_id"].isin(rank)]
    mine = mine.assign(_o=mine["response_id"].map(rank)).sort_values("_o", kind="stable")
    ids = mine["mention_id"].tolist()[:200]
    found = texts(ids) if ids else {}
    picked: list[str] = []
    for mid in ids:
        text = " ".join(str(found.get(mid) or "").split())
        if text and text not in picked:
            picked.append(text)
        if len(picked) == EXAMPLES:
            break
    return picked


def build_digest(
    store: Any,
    settings: Any,
    *,
    since: str = "yesterday",
    until: str | None = None,
    today: pd.Timestamp | None = None,
    completed_runs_only: bool = False,
) -> Digest:
    """The digest of the store for ``since``..``until`` (the forms of ``date_bounds``).

    ``completed_runs_only``: what the API serves (nothing of a run still in progress).
    """
    from verbatim.pipelines.errors import Errors, VerbatimError
    from verbatim.pipelines.steps.analysis import date_bounds

    start, end = date_bounds(since, "--since", today=today)
    if until:
        end = date_bounds(until, "--until", today=today)[1]
    if end <= start:
        raise VerbatimError(
            Errors.E302,
            option="--until",
            value=until,
            rule=f"It must not be before --since ({start:%Y-%m-%d}).",
        )
    responses = store.responses(completed_runs_only=completed_runs_only, comments=False)
    if responses.empty:
        raise VerbatimError(Errors.E202, url=store.url)
    mentions = store.mentions(columns=("mention_id", "response_id", "theme_id"), ordered=False)
    return digest_from(
        responses,
        mentions,
        store.themes(completed_runs_only=completed_runs_only),
        start=start,
        end=end,
        texts=store.mention_texts,
        promoter_min=settings.nps.promoter_min,
        detractor_max=settings.nps.detractor_max,
    )


# ------------------------------------------------------------------------------ rendering
def render_digest(digest: Digest, *, fmt: str = "md", lang: str = "en") -> str:
    """The digest as Markdown (``md``), plain text (``text``) or JSON, in French or English."""
    if fmt not in FORMATS:
        raise ValueError(f"The 'fmt' parameter must be one of {', '.join(FORMATS)}. Got {fmt!r}.")
    if fmt == "json":
        import json

        data = digest.as_dict() | {"language": lang, "text": render_digest(digest, lang=lang)}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    parts = digest_parts(digest, lang)
    if parts["line"] is not None:
        return parts["line"] + "\n"
    w = WORDING[lang]
    title, when, head, label, fix = (parts[k] for k in ("title", "when", "head", "label", "fix"))
    if fmt == "md":
        lines = [
            f"**{_md_escape(title)}, {when}** · {head}",
            "",
            f"**{_md_escape(label)}**{w['colon']}{fix}.",
        ]
        for text in parts["quotes"]:
            lines += ["", f"> {w['open']}{_md_escape(text)}{w['close']}"]
    else:
        lines = [f"{title}, {when} · {head}", f"{label}{w['colon']}{fix}."]
        lines += [f"  {w['open']}{text}{w['close']}" for text in parts["quotes"]]
    return "\n".join(lines) + "\n"


def digest_parts(digest: Digest, lang: str = "en") -> dict[str, Any]:
    """The sentences of a digest in one language, before any markup (also the report's).

    Returns:
        ``line``: the one line said when there is no fix (else None); with a fix, ``title``,
        ``when``, ``head`` (the period's figures), ``label``, ``fix`` (the theme's figures,
        without a final stop) and ``quotes`` (up to three verbatims).
    """
    if lang not in LANGUAGES:
        raise ValueError(
            f"The 'lang' parameter must be one of {', '.join(LANGUAGES)}. Got {lang!r}."
        )
    w = WORDING[lang]
    figures = {
        "responses": _count(digest.responses, lang),
        "detractors": _count(digest.detractors, lang),
        "nps": _signed(digest.nps, lang),
    }
    when = _when(digest, lang)
    if digest.pick is None:
        return {"line": w[digest.status].format(when=when, **figures)}
    pick = digest.pick
    label = pick.get(f"label_{lang}") or pick.get("label_en") or pick.get("label_fr")
    fix = w["fix"].format(
        mentions=pick["mentions_now"],
        detractors=pick["detractors_now"],
        share=_percent(pick["share_now"], lang),
    )
    days = digest.baseline_days
    if not pick["detractors_before"]:
        fix += w["first"]
    elif pick["new"]:
        fix += w["new"].format(days=days)
    else:
        ratio = pick["ratio"]
        usual = w["usual"] if math.isfinite(ratio) else w["jump"]
        fix += usual.format(
            usual=_percent(pick["share_before"], lang),
            before=pick["mentions_before"],
            base=pick["detractors_before"],
            days=days,
            ratio=_number(ratio, 1, lang) if math.isfinite(ratio) else "",
        )
    return {
        "line": None,
        "title": w["title_day"] if digest.first_day == digest.last_day else w["title_period"],
        "when": when,
        "head": w["head"].format(**figures),
        "label": label or f"{w['theme']} {pick['theme_id']}",
        "fix": fix,
        "colon": w["colon"],
        "quotes": [_short(v) for v in pick.get("verbatims") or []],
    }


def digest_report(digest: Digest | None) -> dict[str, Any] | None:
    """What the report shows of a digest: its data and its sentences in both languages."""
    if digest is None:
        return None
    return digest.as_dict() | {"parts": {lang: digest_parts(digest, lang) for lang in LANGUAGES}}


def _when(digest: Digest, lang: str) -> str:
    w = WORDING[lang]
    if digest.first_day == digest.last_day:
        return w["on"].format(day=_day(digest.first_day, lang))
    return w["between"].format(first=_day(digest.first_day, lang), last=_day(digest.last_day, lang))


def _day(day: pd.Timestamp, lang: str) -> str:
    return f"{day:%d/%m/%Y}" if lang == "fr" else f"{day:%Y-%m-%d}"


def _number(value: float, digits: int, lang: str) -> str:
    text = f"{value:,.{digits}f}"
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def _count(value: int, lang: str) -> str:
    return _number(value, 0, lang)


def _signed(value: float, lang: str) -> str:
    if not math.isfinite(value):
        return "—"
    text = _number(abs(value), 0, lang)
    return text if round(value) == 0 else ("+" if value > 0 else "-") + text


def _percent(value: float, lang: str) -> str:
    if not math.isfinite(value):
        return "—"
    return _number(100 * value, 0, lang) + ("\u202f%" if lang == "fr" else "%")


def _short(text: str) -> str:
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1].rstrip() + "…"


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|~"})


def _md_escape(text: str) -> str:
    """Text shown as written in Markdown (no emphasis, link or HTML from a customer's words)."""
    return str(text).translate(_MD_SPECIAL)
