"""The theme report as one self-contained HTML file: inline CSS, inline SVG charts, no network.

Every text that comes from data goes through Jinja2 autoescaping (SVG text included), and a
Content-Security-Policy lets only the report's own inline script run, so a verbatim such as
``<script>alert(1)</script>`` shows as text and could not run even if escaping were bypassed.
"""

from __future__ import annotations

import base64
import hashlib
import math
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from verbatim.pipelines.steps.report.data import ReportData
from verbatim.pipelines.steps.report.followups import context as followup_context
from verbatim.pipelines.steps.report.insights import context as insights_context
from verbatim.pipelines.steps.report.safe import atomic_path

TEMPLATES = Path(__file__).resolve().parent / "templates"
MINUS = "\u2212"
DASH = "\u2014"
MAX_HEATMAP_THEMES = 12
MAX_EXAMPLES = 3
DETRACTOR_COLOR = "#c2410c"
PROMOTER_COLOR = "#15803d"


def render_html(data: ReportData) -> str:
    """Render the report as one HTML page that works offline and can be mailed."""
    data = data.normalized()
    labels = _labels(data)
    script = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    style = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    domain = _impact_domain(
        [data.top_detractors, data.top_promoters, data.parent_detractors, data.parent_promoters]
    )
    context = {
        "title": data.title,
        "generated_at": _fmt_datetime(data.generated_at),
        "period_label": data.period_label,
        "headline": _headline(data.headline),
        "trend": _trend_chart(data.nps_by_period),
        "trend_rows": _records(data.nps_by_period),
        "detractors": _impact_chart(data.top_detractors, labels, domain, kind="detractor"),
        "promoters": _impact_chart(data.top_promoters, labels, domain, kind="promoter"),
        "parent_detractors": _impact_chart(
            data.parent_detractors, labels, domain, kind="detractor"
        ),
        "parent_promoters": _impact_chart(data.parent_promoters, labels, domain, kind="promoter"),
        "general": [
            {**g, "label": _label_for(labels, g["theme_id"])} for g in _records(data.general)
        ],
        "alerts": _alerts(data.alerts, labels),
        "themes": _theme_rows(data.themes, data.drivers, labels),
        "theme_note": data.theme_note,
        "comments": [
            {**c, "responded_at": _fmt_period(c["responded_at"])} for c in _records(data.comments)
        ],
        "heatmap": _heatmap(data.segment_heatmap, labels, data.themes),
        "insights": insights_context(data, labels),
        "followups": followup_context(data.followups),
        "methodology": _paragraphs(data.methodology) if data.methodology else None,
        "run": _run(data.run),
        "style": Markup(style),
        "script": Markup(script),
        "script_hash": script_hash,
    }
    return _environment().get_template("report.html.j2").render(**context)


def write_html(data: ReportData, path: str | Path) -> Path:
    """Render the report and write it to ``path`` (UTF-8); parent folders are created."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = render_html(data)
    with atomic_path(path) as tmp:  # yesterday's report stays whole if this write fails
        tmp.write_text(text, encoding="utf-8")
    return path


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        num=fmt_number,
        signed=fmt_signed,
        pct=fmt_percent,
        pval=fmt_pvalue,
        count=fmt_count,
        times=fmt_times,
    )
    return env


# --- formatting -------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(isinstance(value, float | int) and math.isnan(value))
    except TypeError:
        return False


def _float(value: Any) -> float | None:
    if _missing(value):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) or math.isinf(out) else out


def fmt_number(value: Any, digits: int = 1) -> str:
    """``12.345`` → ``12.3``; negatives with a true minus sign; missing → an em dash."""
    v = _float(value)
    if v is None:
        return DASH
    text = f"{v:,.{digits}f}"
    if text.lstrip("-").strip("0.,") == "":
        text = text.lstrip("-")
    return text.replace("-", MINUS)


def fmt_signed(value: Any, digits: int = 1) -> str:
    """``4.2`` → ``+4.2``, ``-4.2`` → ``−4.2``, zero unsigned."""
    text = fmt_number(value, digits)
    if text == DASH or text.startswith(MINUS) or text.strip("0.,") == "":
        return text
    return "+" + text


def fmt_percent(value: Any, digits: int = 0) -> str:
    """A share in [0, 1] as a percentage: ``0.234`` → ``23%``."""
    v = _float(value)
    return DASH if v is None else fmt_number(100 * v, digits) + "%"


def fmt_pvalue(value: Any) -> str:
    """p- and q-values: ``<0.001`` below a thousandth, else two significant digits."""
    v = _float(value)
    if v is None:
        return DASH
    if v < 0.001:
        return "<0.001"
    return f"{v:.2g}" if v < 0.01 else f"{v:.3f}".rstrip("0").rstrip(".") or "0"


def fmt_count(value: Any) -> str:
    """An integer count with thousands separators."""
    v = _float(value)
    return DASH if v is None else f"{round(v):,}"


def fmt_times(value: Any) -> str:
    """A ratio such as a lift: ``1.846`` → ``1.85×``."""
    v = _float(value)
    return DASH if v is None else f"{v:.2f}\u00d7"


def _fmt_datetime(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") + (f" {value.tzname()}" if value.tzinfo else "")
    if isinstance(value, date):
        return value.isoformat()
    return "" if _missing(value) else str(value)


def _fmt_period(value: Any) -> str:
    if _missing(value):  # NaT too: a response without a date
        return ""
    if isinstance(value, pd.Timestamp | datetime):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in str(text).split("\n\n") if p.strip()]


def _records(df: pd.DataFrame) -> list[dict]:
    return df.to_dict("records")


# --- labels -----------------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if _missing(value) else str(value).strip()


def _labels(data: ReportData) -> dict[Any, dict[str, str]]:
    """theme_id → {"en", "fr", "same"}; drivers fill themes that the theme table lacks."""
    out: dict[Any, dict[str, str]] = {}
    frames = (data.drivers, data.top_detractors, data.top_promoters, data.themes)
    frames += (data.parent_detractors, data.parent_promoters, data.general)
    for df in frames:
        for row in df[["theme_id", "label_en", "label_fr"]].itertuples(index=False):
            en, fr = _text(row.label_en), _text(row.label_fr)
            if en or fr:
                out[row.theme_id] = _label(en, fr, row.theme_id)
    return out


def _label(en: str, fr: str, theme_id: Any) -> dict[str, str]:
    fallback = f"Theme {theme_id}"
    en, fr = en or fr or fallback, fr or en or fallback
    return {"en": en, "fr": fr, "same": en == fr}


def _label_for(labels: dict, theme_id: Any) -> dict[str, str]:
    return labels.get(theme_id) or _label("", "", theme_id)


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


# --- headline ---------------------------------------------------------------------------


def _headline(h: dict) -> dict:
    counts = {k: _float(h.get(k)) for k in ("promoters", "passives", "detractors")}
    responses = _float(h.get("responses"))
    total = sum(v for v in counts.values() if v is not None) or responses or 0
    shares = {k: (v / total if v is not None and total else None) for k, v in counts.items()}
    nps, previous = _float(h.get("nps")), _float(h.get("previous_nps"))
    delta = _float(h.get("change"))
    rate = _float(h.get("response_rate"))
    invited = _float(h.get("invited"))
    if rate is None and invited and responses is not None:
        rate = responses / invited
    return {
        "nps": nps,
        "ci_low": _float(h.get("ci_low")),
        "ci_high": _float(h.get("ci_high")),
        "previous": previous,
        "delta": delta,
        "period": h.get("period"),
        "period_complete": bool(h.get("period_complete")),
        "period_nps": _float(h.get("period_nps")),
        "period_ci_low": _float(h.get("period_ci_low")),
        "period_ci_high": _float(h.get("period_ci_high")),
        "period_responses": _float(h.get("period_responses")),
        "previous_period": h.get("previous_period"),
        "delta_ci_low": _float(h.get("change_ci_low")),
        "delta_ci_high": _float(h.get("change_ci_high")),
        "delta_p": _float(h.get("change_p_value")),
        "delta_significant": bool(h.get("change_significant")),
        "delta_dir": None
        if delta is None
        else ("up" if delta > 0 else "down" if delta < 0 else "flat"),
        "responses": responses,
        "invited": invited,
        "rate": rate,
        "counts": counts,
        "shares": shares,
    }


# --- charts -----------------------------------------------------------------------------


def _nice_step(span: float, max_ticks: int = 6) -> float:
    for step in (1, 2, 2.5, 5, 10, 20, 25, 50, 100):
        if span / step <= max_ticks:
            return step
    return 100.0


def _ticks(lo: float, hi: float, max_ticks: int = 6) -> tuple[float, float, list[float]]:
    step = _nice_step(hi - lo, max_ticks)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    n = round((hi - lo) / step)
    return lo, hi, [round(lo + i * step, 6) for i in range(n + 1)]


def _trend_chart(df: pd.DataFrame) -> dict | None:
    """Geometry of the NPS-by-period line with its 95% interval band (numbers only)."""
    rows = []
    for r in df.to_dict("records"):
        nps = _float(r["nps"])
        if nps is None:
            continue
        low, high = _float(r["ci_low"]), _float(r["ci_high"])
        rows.append(
            {
                "label": _fmt_period(r["period"]),
                "nps": nps,
                "low": nps if low is None else low,
                "high": nps if high is None else high,
                "responses": _float(r.get("responses")),
            }
        )
    if not rows:
        return None
    width, height = 1100, 280
    left, right, top, bottom = 48, 16, 22, 40
    lo = max(-100.0, min(r["low"] for r in rows) - 5)
    hi = min(100.0, max(r["high"] for r in rows) + 5)
    if hi - lo < 20:
        mid = (hi + lo) / 2
        lo, hi = max(-100.0, mid - 10), min(100.0, mid + 10)
    lo, hi, ticks = _ticks(lo, hi)
    plot_w, plot_h = width - left - right, height - top - bottom

    def y(v: float) -> float:
        return round(top + (hi - v) / (hi - lo) * plot_h, 2)

    band = plot_w / len(rows)
    every = max(1, math.ceil(len(rows) / 12))
    for i, r in enumerate(rows):
        r["x"] = round(left + (i + 0.5) * band, 2)
        r["y"], r["y_low"], r["y_high"] = y(r["nps"]), y(r["low"]), y(r["high"])
        r["show_label"] = i % every == 0 or i == len(rows) - 1
    upper = [f"{r['x']},{r['y_high']}" for r in rows]
    lower = [f"{r['x']},{r['y_low']}" for r in reversed(rows)]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "top": top,
        "bottom": height - bottom,
        "points": rows,
        "line": " ".join(f"{r['x']},{r['y']}" for r in rows),
        "band": " ".join(upper + lower) if len(rows) > 1 else "",
        "ticks": [{"value": t, "y": y(t)} for t in ticks],
        "zero": y(0) if lo < 0 < hi else None,
        "value_labels": len(rows) <= 16,
    }


def _impact_domain(frames: Iterable[pd.DataFrame]) -> tuple[float, float]:
    """One impact axis shared by the detraction and promotion charts, so bars compare."""
    values = [0.0]
    for df in frames:
        for col in ("impact", "impact_ci_low", "impact_ci_high"):
            values += [v for v in map(_float, df[col]) if v is not None]
    lo, hi = min(values), max(values)
    if hi - lo < 1:  # nothing to draw, or only zero impacts
        return -1.0, 1.0
    pad = max(1.0, 0.08 * (hi - lo))
    return lo - (pad if lo < 0 else 0), hi + (pad if hi > 0 else 0)


def _impact_chart(
    df: pd.DataFrame, labels: dict, domain: tuple[float, float], *, kind: str
) -> dict:
    """Geometry of a horizontal impact bar chart with 95% interval whiskers."""
    if "rank" in df.columns and df["rank"].notna().any():
        df = df.sort_values("rank", kind="stable")
    rows = [r for r in df.to_dict("records") if _float(r["impact"]) is not None]
    width, label_w, value_w, row_h, top = 540, 178, 112, 30, 26
    height = top + row_h * max(1, len(rows)) + 8
    lo, hi, ticks = _ticks(*domain, max_ticks=8)
    x0, x1 = label_w, width - value_w

    def x(v: float) -> float:
        return round(x0 + (min(max(v, lo), hi) - lo) / (hi - lo) * (x1 - x0), 2)

    bars = []
    for i, r in enumerate(rows):
        impact = _float(r["impact"])
        low, high = _float(r["impact_ci_low"]), _float(r["impact_ci_high"])
        label = _label_for(labels, r["theme_id"])
        cy = top + i * row_h + row_h / 2
        bx = min(x(0), x(impact))
        bars.append(
            {
                "label": label,
                "short_en": _short(label["en"], 26),
                "short_fr": _short(label["fr"], 26),
                "y": cy,
                "bar_x": bx,
                "bar_w": max(1.0, abs(x(impact) - x(0))),
                "ci_x0": None if low is None else x(low),
                "ci_x1": None if high is None else x(high),
                "impact": impact,
                "ci_low": low,
                "ci_high": high,
                # promotion drivers are tested promoter vs not (drivers.driver_table)
                "q_value": r.get("promoter_q_value") if kind == "promoter" else r["q_value"],
                "lift": r.get("promoter_lift") if kind == "promoter" else r["lift"],
                "responses": r["responses"],
                "significant": bool(r["significant"]),
            }
        )
    return {
        "kind": kind,
        "color": DETRACTOR_COLOR if kind == "detractor" else PROMOTER_COLOR,
        "width": width,
        "height": height,
        "top": top,
        "plot_bottom": height - 6,
        "label_x": label_w - 10,
        "x_zero": x(0),
        "x_value": x1 + 8,
        "ticks": [{"value": t, "x": x(t)} for t in ticks],
        "bars": bars,
    }


# --- tables -----------------------------------------------------------------------------


def _examples(values: Any, limit: int = MAX_EXAMPLES) -> list[dict[str, str]]:
    out = []
    for item in values or []:
        if isinstance(item, dict):
            text, lang = _text(item.get("text")), _text(item.get("language"))
        else:
            text, lang = _text(item), ""
        if text:
            out.append({"text": text, "language": lang})
    return out[:limit]


def _theme_rows(themes: pd.DataFrame, drivers: pd.DataFrame, labels: dict) -> list[dict]:
    """One row per theme: the theme registry joined with its driver statistics."""
    stats = {r["theme_id"]: r for r in drivers.to_dict("records")}
    rows, seen = [], set()
    parents = {}
    for t in themes.to_dict("records"):
        if _text(t.get("level")) == "parent":
            parents[t["theme_id"]] = t
    for t in themes.to_dict("records"):
        seen.add(t["theme_id"])
        if t["theme_id"] in parents:
            continue  # roll-ups are ranked in their own chart; their children are listed here
        row = _theme_row(t, stats.get(t["theme_id"], {}), labels)
        parent = _float(t.get("parent_id"))
        row["parent"] = _label_for(labels, int(parent)) if parent is not None else None
        rows.append(row)
    for theme_id, d in stats.items():  # drivers whose theme the registry frame lacks
        if theme_id not in seen:
            rows.append(_theme_row({"theme_id": theme_id, "size": d.get("responses")}, d, labels))
    rows.sort(key=lambda r: -(r["size"] if r["size"] is not None else -1))
    return rows


def _theme_row(t: dict, d: dict, labels: dict) -> dict:
    status = _text(t.get("status"))
    return {
        "theme_id": t["theme_id"],
        "label": _label_for(labels, t["theme_id"]),
        "keywords_en": [_text(k) for k in t.get("keywords_en") or [] if _text(k)][:6],
        "keywords_fr": [_text(k) for k in t.get("keywords_fr") or [] if _text(k)][:6],
        "size": _float(t.get("size")),
        "status": status,
        "is_new": status.lower() == "new",
        "theme_nps": _float(d.get("theme_nps")),
        "impact": _float(d.get("impact")),
        "ci_low": _float(d.get("impact_ci_low")),
        "ci_high": _float(d.get("impact_ci_high")),
        "lift": _float(d.get("lift")),
        "q_value": _float(d.get("q_value")),
        "significant": bool(d.get("significant", False)),
        "examples": _examples(t.get("examples")),
        "kind": _text(t.get("kind")) or "topic",
        "polarity": _text(t.get("polarity")),
        "praise_share": _float(t.get("praise_share")),
        "complaint_share": _float(t.get("complaint_share")),
    }


def _alerts(df: pd.DataFrame, labels: dict) -> list[dict]:
    out = []
    for r in df.to_dict("records"):
        kind = _text(r["kind"]) or "alert"
        out.append(
            {
                "theme_id": r["theme_id"],
                "label": _label_for(labels, r["theme_id"]),
                "kind": kind,
                "kind_class": kind.lower() if kind.lower() in ("surge", "new") else "other",
                "period": _fmt_period(r["period"]),
                "share_now": _float(r["share_now"]),
                "share_before": _float(r["share_before"]),
                "ratio": _float(r["ratio"]),
                "p_value": _float(r["p_value"]),
                "q_value": _float(r["q_value"]),
                "examples": _examples(r["examples"]),
            }
        )
    return out


def _heatmap(df: pd.DataFrame, labels: dict, themes: pd.DataFrame) -> dict | None:
    """Segment value × theme grid of shares, with the theme NPS in each cell."""
    if df.empty:
        return None
    df = df.assign(_share=pd.to_numeric(df["share"], errors="coerce"))
    weight = df.groupby("theme_id", sort=False)["_share"].mean()
    order = list(weight.sort_values(ascending=False, kind="stable").index)
    shown = order[:MAX_HEATMAP_THEMES]
    max_share = max(df["_share"].max(skipna=True), 1e-9)
    cells = {(r["segment"], r["value"], r["theme_id"]): r for r in df.to_dict("records")}
    groups = []
    for segment, seg_df in df.groupby("segment", sort=False):
        values = list(dict.fromkeys(seg_df["value"]))
        rows = []
        for value in values:
            row_cells = []
            for theme_id in shown:
                c = cells.get((segment, value, theme_id))
                share = None if c is None else _float(c["share"])
                intensity = 0.0 if share is None else min(1.0, share / max_share)
                row_cells.append(
                    {
                        "share": share,
                        "theme_nps": None if c is None else _float(c["theme_nps"]),
                        "responses": None if c is None else _float(c["responses"]),
                        "bg": _blend(intensity),
                        "dark": intensity > 0.55,
                    }
                )
            rows.append({"value": _text(value), "cells": row_cells})
        groups.append({"segment": _text(segment), "rows": rows})
    return {
        "themes": [{"theme_id": t, "label": _label_for(labels, t)} for t in shown],
        "groups": groups,
        "hidden": len(order) - len(shown),
    }


def _blend(t: float) -> str:
    """White → deep blue, for heatmap cells."""
    start, end = (247, 249, 252), (30, 64, 124)
    r, g, b = (round(s + (e - s) * t) for s, e in zip(start, end, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def _run(run: dict) -> dict:
    counts = run.get("counts") or {}
    return {
        "run_id": _text(run.get("run_id")),
        "started_at": _fmt_datetime(run.get("started_at")),
        "version": _text(run.get("version")),
        "counts": [(str(k), v) for k, v in dict(counts).items()],
    }
