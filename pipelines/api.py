"""Read-only REST API over the store (FastAPI): NPS, themes, top drivers, verbatims.

Start it with ``verbatim api`` (127.0.0.1:8000 by default); OpenAPI docs at ``/docs``.
SQLite runs in WAL mode, so the API keeps answering while a nightly run writes, and it answers
from the last completed run: responses first ingested by a run still in progress are left out
until that run completes, and a refit replaces themes and assignments in one transaction.
"""

from __future__ import annotations

import json
import math
from typing import Annotated, Any, Literal

import pandas as pd
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from pipelines.analysis import analyse, parse_segment_filters
from pipelines.errors import VerbatimError
from pipelines.settings import Settings, load_settings
from pipelines.store import Store

DateQ = Annotated[
    str | None,
    Query(
        pattern=r"^\d{4}-\d{2}(-\d{2})?$",
        description="Date YYYY-MM-DD, or YYYY-MM for a whole month",
        examples=["2026-10-01"],
    ),
]
SegmentQ = Annotated[
    list[str] | None,
    Query(description="Segment filter COLUMN=VALUE, repeatable", examples=["Produit=Mobile"]),
]


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    def clean(v: Any) -> Any:
        if isinstance(v, float) and math.isnan(v):
            return None
        return v

    text = df.to_json(orient="records", date_format="iso", force_ascii=False)
    return [{k: clean(v) for k, v in r.items()} for r in json.loads(text)]


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the API app for a store (settings default to the usual config/env lookup)."""
    settings = settings or load_settings()
    app = FastAPI(
        title="Verbatim API",
        description="Read-only access to NPS, themes and drivers computed by Verbatim.",
        version="0.1.0",
    )
    store = Store(settings.db_url)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for e in exc.errors():
            where = ".".join(str(p) for p in e.get("loc", ()) if p != "query")
            problems.append(f"{where}: {e.get('msg')} (got {e.get('input')!r})")
        return JSONResponse(
            status_code=422,
            content={
                "message": "Invalid parameters: " + "; ".join(problems),
                "detail": exc.errors(),
            },
        )

    @app.exception_handler(VerbatimError)
    async def _user_error(_: Request, exc: VerbatimError) -> JSONResponse:
        status = 404 if exc.code in ("E202", "E205", "E304", "E306") else 400
        return JSONResponse(status_code=status, content={"message": exc.message, "code": exc.code})

    @app.get("/health", summary="Liveness and the last completed run")
    def health() -> dict[str, Any]:
        runs = store.runs(limit=1)
        last = store.last_run_id(status="completed")
        return {
            "status": "ok",
            "last_completed_run": last,
            "latest_run_status": None if runs.empty else runs.loc[0, "status"],
        }

    @app.get("/nps", summary="NPS with its 95% interval, overall or by period/segment")
    def nps(
        by: Literal["week", "month", "quarter"] | None = None,
        segment: Annotated[str | None, Query(description="Segment column to split by")] = None,
        since: DateQ = None,
        until: DateQ = None,
    ) -> list[dict[str, Any]]:
        from models import nps as nps_model
        from pipelines.analysis import filter_responses

        df = filter_responses(store.responses(completed_runs_only=True), since=since, until=until)
        if segment and segment not in df.columns:
            raise HTTPException(422, detail=f"Unknown segment column '{segment}'.")
        table = nps_model.nps_table(
            df,
            period=by,
            segment=segment,
            promoter_min=settings.nps.promoter_min,
            detractor_max=settings.nps.detractor_max,
        )
        return _records(table)

    @app.get("/themes", summary="All active themes with labels, size and key phrases")
    def themes() -> list[dict[str, Any]]:
        df = store.themes().drop(columns=["centroid"], errors="ignore")
        return _records(df)

    @app.get("/themes/top", summary="Top drivers of detraction or promotion, strongest first")
    def top(
        category: Literal["detractor", "promoter"] = "detractor",
        since: DateQ = None,
        until: DateQ = None,
        segment: SegmentQ = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
        level: Literal["theme", "parent", "all"] = "theme",
    ) -> list[dict[str, Any]]:
        result = analyse(
            store,
            settings,
            since=since,
            until=until,
            segments=parse_segment_filters(segment),
            completed_runs_only=True,
        )
        return _records(result.top(category, limit, level=level))

    @app.get("/themes/{theme_id}", summary="One theme with its driver statistics")
    def theme(theme_id: int) -> dict[str, Any]:
        df = store.themes(include_retired=True)
        row = df[df["theme_id"] == theme_id]
        if row.empty:
            raise HTTPException(404, detail=f"Theme {theme_id} not found.")
        out = _records(row.drop(columns=["centroid"]))[0]
        result = analyse(store, settings, completed_runs_only=True)
        drivers = pd.concat([result.drivers, result.parent_drivers], ignore_index=True)
        match = drivers[drivers["theme_id"] == theme_id]
        out["drivers"] = _records(match)[0] if len(match) else None
        return out

    @app.get("/themes/{theme_id}/verbatims", summary="Verbatims of a theme, newest first")
    def verbatims(
        theme_id: int,
        category: Literal["detractor", "passive", "promoter"] | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    ) -> list[dict[str, Any]]:
        from models import nps as nps_model

        mentions = store.mentions()
        picked = mentions[mentions["theme_id"] == theme_id]
        if picked.empty and theme_id not in set(store.themes(include_retired=True)["theme_id"]):
            raise HTTPException(404, detail=f"Theme {theme_id} not found.")
        resp = store.responses(completed_runs_only=True)
        resp = resp.assign(
            category=nps_model.categorize(
                resp["score"],
                promoter_min=settings.nps.promoter_min,
                detractor_max=settings.nps.detractor_max,
            )
        )
        merged = picked.merge(
            resp[["response_id", "score", "category", "responded_at"]], on="response_id"
        )
        if category:
            merged = merged[merged["category"] == category]
        merged = merged.sort_values("responded_at", ascending=False).head(limit)
        cols = [
            "mention_id",
            "response_id",
            "text",
            "language",
            "similarity",
            "polarity",
            "polarity_confidence",
            "score",
            "category",
            "responded_at",
        ]
        return _records(merged[cols])

    return app
