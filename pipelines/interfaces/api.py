"""Read-only REST API over the store (FastAPI): NPS, themes, top drivers, verbatims.

Start it with ``verbatim api`` (127.0.0.1:8000 by default); OpenAPI docs at ``/docs``.
SQLite runs in WAL mode, so the API keeps answering while a nightly run writes, and it answers
from the last completed run: responses and themes written by a run still in progress (or one
that failed since) are left out until a run completes, and a refit replaces themes and
assignments in one transaction.

It serves customer data without authentication, so it guards what it can by itself: it answers
only requests whose Host header names the host it serves (Starlette's TrustedHostMiddleware;
a web page using DNS rebinding to reach a local API names its own domain), splits NPS only by
real segment columns of few values (never comments or ids: ``allowed_segments``), and every
error, an unexpected one included, is JSON ``{"message", "code"}`` without a traceback.

Each answer is validated against, and documented in ``/openapi.json`` by, a pydantic model of
``verbatim.pipelines.interfaces.api_models``; every 4xx and 500 is documented as that error envelope (``ErrorBody``).
"""

from __future__ import annotations

import ipaddress
import json
import logging
import math
import os
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Literal

import pandas as pd
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from verbatim.pipelines.errors import Errors, VerbatimError
from verbatim.pipelines.interfaces.api_models import (
    Digest,
    DriverRow,
    ErrorBody,
    Health,
    LeagueRow,
    NpsRow,
    Outcomes,
    OwnerRow,
    ThemeDetail,
    ThemeRow,
    ValidationErrorBody,
    VerbatimRow,
)
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import Settings, load_settings
from verbatim.pipelines.steps.analysis import (
    SEGMENT_MAX_VALUES,
    analyse,
    check_segments,
    parse_segment_filters,
)

log = logging.getLogger("verbatim.api")

ALLOWED_HOSTS_ENV = "VERBATIM_API_ALLOWED_HOSTS"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
_WILDCARD_BINDS = ("0.0.0.0", "::", "[::]")  # listen everywhere: no client names them
# VerbatimError codes answered with another status than 400
_STATUS = {"E202": 404, "E205": 404, "E304": 404, "E306": 404, "E302": 422, "E305": 422}

# every error is the one envelope {message, code} (422 adds pydantic's list of problems)
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Refused request (e.g. an unknown Host header)"},
    404: {"model": ErrorBody, "description": "Nothing to answer: empty store, unknown theme"},
    422: {"model": ValidationErrorBody, "description": "Invalid parameter"},
    500: {"model": ErrorBody, "description": "Unexpected error; the server log has the details"},
}
# answers keep the keys their tables have: a field a row lacks is left out, not sent as null
_ANSWER = {"responses": ERROR_RESPONSES, "response_model_exclude_unset": True}

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


def _error(status: int, message: str, code: str, **extra: Any) -> JSONResponse:
    """The one shape of every error answer."""
    return JSONResponse(status_code=status, content={"message": message, "code": code, **extra})


def is_loopback(host: str) -> bool:
    """Whether listening on ``host`` keeps the API on this machine."""
    name = host.strip().strip("[]")
    if name.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str) -> str | None:
    """What ``verbatim api --host HOST`` warns when HOST is not loopback (None when it is)."""
    if is_loopback(host):
        return None
    return (
        f"--host {host} makes the API reachable from the network, without authentication: "
        "anyone who can reach this port reads customer data (scores, dates, segments and "
        "masked verbatims). Keep it behind a firewall or an authenticating proxy, and name "
        "the host clients use with --allowed-host (requests naming any other are refused)."
    )


async def _no_app(scope: Scope, receive: Receive, send: Send) -> None:
    raise RuntimeError("only built to check host patterns")


def allowed_hosts(host: str = "127.0.0.1", extra: Iterable[str] = ()) -> list[str]:
    """Host names the API answers to: loopback, the bound host, ``extra`` and the env variable.

    Ports are not compared. ``*`` in ``extra`` (or the env) accepts any Host: only behind a
    proxy that checks it.
    """
    bound = host.strip()
    if ":" in bound and not bound.startswith("["):
        bound = f"[{bound}]"  # an IPv6 Host header carries brackets
    env = os.environ.get(ALLOWED_HOSTS_ENV, "").split(",")
    names = [*LOOPBACK_HOSTS, bound, *(h.strip() for h in (*extra, *env))]
    hosts = list(dict.fromkeys(h.lower() for h in names if h and h not in _WILDCARD_BINDS))
    try:
        TrustedHostMiddleware(_no_app, allowed_hosts=hosts)  # its own pattern rules, now
    except AssertionError as exc:
        raise VerbatimError(
            Errors.E302,
            option=f"--allowed-host / {ALLOWED_HOSTS_ENV}",
            value=", ".join(hosts),
            rule=f"{exc} Use a host name, an IP address, '*.example.com' or '*'.",
        ) from None
    return hosts


class HostCheck(TrustedHostMiddleware):
    """Starlette's TrustedHostMiddleware, its refusal answered in the API's JSON error shape."""

    _PASSED = "verbatim.host_ok"

    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str]) -> None:
        async def passed(scope: Scope, receive: Receive, send: Send) -> None:
            scope[self._PASSED] = True
            await app(scope, receive, send)

        super().__init__(passed, allowed_hosts=allowed_hosts, www_redirect=False)
        self.names = list(allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Let the parent decide; replace its plain-text refusal with a JSON one."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return

        async def answer(message: Message) -> None:
            if scope.get(self._PASSED):
                await send(message)
            elif message["type"] == "http.response.start":  # the parent refused this Host
                await self._refusal(scope)(scope, receive, send)
            # the parent's own body ("Invalid host header") is dropped

        await super().__call__(scope, receive, answer)

    def _refusal(self, scope: Scope) -> JSONResponse:
        host = Headers(scope=scope).get("host")
        return _error(
            400,
            f"Refused Host header {host!r}: this API answers only to {', '.join(self.names)} "
            "(any port). A request naming another host is how a web page reaches a local API "
            "through DNS rebinding. Behind a proxy, add the name clients use with "
            f"`verbatim api --allowed-host NAME` or {ALLOWED_HOSTS_ENV}=NAME1,NAME2.",
            "HTTP400",
        )


def _offline_docs(app: FastAPI) -> None:
    """``/docs`` with Swagger UI's files from the swagger-ui-bundle package, not a CDN.

    FastAPI's default page loads them from jsDelivr: a blank page on the offline servers
    Verbatim runs on. This is FastAPI's documented way to self-host them.
    """
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/docs-assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> Any:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — docs",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon-32x32.png",
        )


def create_app(
    settings: Settings | None = None,
    *,
    host: str = "127.0.0.1",
    allowed_hosts_extra: Sequence[str] = (),
) -> FastAPI:
    """Build the API app for a store (settings default to the usual config/env lookup).

    Args:
        settings: Store and NPS settings.
        host: The interface it is served on; requests must name it, or a loopback name.
        allowed_hosts_extra: More Host names to answer to (a proxy's), as ``--allowed-host``.
    """
    settings = settings or load_settings()
    app = FastAPI(
        title="Verbatim API",
        description="Read-only access to NPS, themes and drivers computed by Verbatim.",
        version="0.1.0",
        docs_url=None,  # served below from files installed with the package: no CDN
        redoc_url=None,
    )
    app.add_middleware(HostCheck, allowed_hosts=allowed_hosts(host, allowed_hosts_extra))
    _offline_docs(app)
    store = Store(settings.db_url)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for e in exc.errors():
            where = ".".join(str(p) for p in e.get("loc", ()) if p != "query")
            problems.append(f"{where}: {e.get('msg')} (got {e.get('input')!r})")
        message = "Invalid parameters: " + "; ".join(problems)
        return _error(422, message, "E302", detail=exc.errors())

    @app.exception_handler(VerbatimError)
    async def _user_error(_: Request, exc: VerbatimError) -> JSONResponse:
        return _error(_STATUS.get(exc.code, 400), exc.message, exc.code)

    @app.exception_handler(HTTPException)
    async def _http_error(_: Request, exc: HTTPException) -> JSONResponse:
        response = _error(exc.status_code, str(exc.detail), f"HTTP{exc.status_code}")
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # the traceback stays in the server's log: it can show paths, queries or data
        log.error("Unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return _error(
            500, "Internal error: the server could not answer; its log has the details.", "HTTP500"
        )

    @app.get(
        "/health", summary="Liveness and the last completed run", response_model=Health, **_ANSWER
    )
    def health() -> dict[str, Any]:
        runs = store.runs(limit=1)
        last = store.last_run_id(status="completed")
        return {
            "status": "ok",
            "last_completed_run": last,
            "latest_run_status": None if runs.empty else runs.loc[0, "status"],
        }

    @app.get(
        "/nps",
        summary="NPS with its 95% interval, overall or by period/segment",
        response_model=list[NpsRow],
        **_ANSWER,
    )
    def nps(
        by: Literal["week", "month", "quarter"] | None = None,
        segment: Annotated[
            str | None,
            Query(description=f"Segment column to split by (at most {SEGMENT_MAX_VALUES} values)"),
        ] = None,
        since: DateQ = None,
        until: DateQ = None,
    ) -> list[dict[str, Any]]:
        from verbatim.models import nps as nps_model
        from verbatim.pipelines.steps.analysis import filter_responses

        everything = store.responses(completed_runs_only=True, comments=False)
        if segment:
            check_segments(everything, [segment], option="segment")
        df = filter_responses(everything, since=since, until=until)
        table = nps_model.nps_table(
            df,
            period=by,
            segment=segment,
            promoter_min=settings.nps.promoter_min,
            detractor_max=settings.nps.detractor_max,
        )
        return _records(table)

    @app.get(
        "/nps/league",
        summary="League table of a segment's values: NPS, difference from the rest, change",
        response_model=list[LeagueRow],
        **_ANSWER,
    )
    def nps_league(
        segment: Annotated[
            str | None,
            Query(
                description="Segment column (store, centre, agency; at most "
                f"{SEGMENT_MAX_VALUES} values); default report.league_segment, else the first "
                "segment with 3 to 50 values"
            ),
        ] = None,
        since: DateQ = None,
        until: DateQ = None,
    ) -> list[dict[str, Any]]:
        from verbatim.pipelines.steps.league import choose_segment, league_from_store

        everything = store.responses(completed_runs_only=True, comments=False)
        if segment:
            check_segments(everything, [segment], option="segment")
        else:
            segment, _ = choose_segment(everything, settings.report.league_segment)
            if segment is None:
                check_segments(everything, ["(none given)"], option="segment")
        table = league_from_store(
            store,
            settings,
            segment=segment,
            since=since,
            until=until,
            option="segment",
            completed_runs_only=True,
        )
        return _records(table)

    @app.get(
        "/digest",
        summary="The day's one fix: the complaint theme that rose most",
        response_model=Digest,
        **_ANSWER,
    )
    def digest(
        since: Annotated[
            str,
            Query(
                pattern=r"^(\d{4}-\d{2}(-\d{2})?|today|yesterday)$",
                description="First day: YYYY-MM-DD, YYYY-MM, today or yesterday",
            ),
        ] = "yesterday",
        until: DateQ = None,
        lang: Literal["en", "fr"] = "en",
    ) -> dict[str, Any]:
        from verbatim.pipelines.steps.digest import build_digest, render_digest

        found = build_digest(store, settings, since=since, until=until, completed_runs_only=True)
        return found.as_dict() | {"language": lang, "text": render_digest(found, lang=lang)}

    @app.get(
        "/themes",
        summary="All active themes with labels, size and key phrases",
        response_model=list[ThemeRow],
        **_ANSWER,
    )
    def themes() -> list[dict[str, Any]]:
        df = store.themes(completed_runs_only=True).drop(columns=["centroid"], errors="ignore")
        return _records(df)

    @app.get(
        "/themes/top",
        summary="Top drivers of detraction or promotion, strongest first",
        response_model=list[DriverRow],
        **_ANSWER,
    )
    def top(
        category: Literal["detractor", "promoter"] = "detractor",
        since: DateQ = None,
        until: DateQ = None,
        segment: SegmentQ = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
        level: Literal["theme", "parent", "all"] = "theme",
    ) -> list[dict[str, Any]]:
        result = filtered_analysis(since, until, segment)
        return _records(result.top(category, limit, level=level))

    def filtered_analysis(since: str | None, until: str | None, segment: list[str] | None):
        """What completed runs wrote, filtered; segment filters checked against the allow-list."""
        filters = parse_segment_filters(segment)
        if filters:  # before analyse: its "no match" message lists a column's values
            everything = store.responses(completed_runs_only=True, comments=False)
            check_segments(everything, filters, option="segment")
        return analyse(
            store,
            settings,
            since=since,
            until=until,
            segments=filters,
            completed_runs_only=True,
            comments=False,
        )

    @app.get(
        "/themes/value",
        summary="Complaint themes by the value their detractors hold (revenue at risk)",
        response_model=list[DriverRow],
        **_ANSWER,
    )
    def top_value(
        since: DateQ = None,
        until: DateQ = None,
        segment: SegmentQ = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
        level: Literal["theme", "parent", "all"] = "theme",
    ) -> list[dict[str, Any]]:
        result = filtered_analysis(since, until, segment)
        return _records(result.top_by_value(limit, level=level))

    def visible_theme(theme_id: int) -> pd.DataFrame:
        df = store.themes(include_retired=True, completed_runs_only=True)
        row = df[df["theme_id"] == theme_id]
        if row.empty:
            raise VerbatimError(Errors.E205, theme_id=theme_id)
        return row

    @app.get(
        "/themes/{theme_id}",
        summary="One theme with its driver statistics",
        response_model=ThemeDetail,
        **_ANSWER,
    )
    def theme(theme_id: int) -> dict[str, Any]:
        out = _records(visible_theme(theme_id).drop(columns=["centroid"]))[0]
        result = analyse(store, settings, completed_runs_only=True, comments=False)
        drivers = pd.concat([result.drivers, result.parent_drivers], ignore_index=True)
        match = drivers[drivers["theme_id"] == theme_id]
        out["drivers"] = _records(match)[0] if len(match) else None
        return out

    @app.get(
        "/themes/{theme_id}/verbatims",
        summary="Verbatims of a theme, newest first",
        response_model=list[VerbatimRow],
        **_ANSWER,
    )
    def verbatims(
        theme_id: int,
        category: Literal["detractor", "passive", "promoter"] | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    ) -> list[dict[str, Any]]:
        from verbatim.models import nps as nps_model

        visible_theme(theme_id)
        picked = store.mentions(theme_id=theme_id)  # this theme's texts, not every comment
        resp = store.responses(completed_runs_only=True, comments=False)
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

    @app.get(
        "/owners",
        summary="Topic themes and roll-ups with their owner and why",
        response_model=list[OwnerRow],
        **_ANSWER,
    )
    def owners(
        unowned: Annotated[bool, Query(description="Only topic themes without an owner")] = False,
    ) -> list[dict[str, Any]]:
        from verbatim.pipelines.steps.owners import owner_table
        from verbatim.pipelines.steps.owners import unowned as without_owner

        table = owner_table(store, settings, completed_runs_only=True)
        return _records(without_owner(table) if unowned else table)

    @app.get(
        "/followups/outcomes",
        summary="Called-back detractors who answered again, against those not called (observational)",
        response_model=Outcomes,
        **_ANSWER,
    )
    def followup_outcomes(
        scope: Literal["all", "owner", "theme"] | None = None,
    ) -> dict[str, Any]:
        from verbatim.pipelines.steps.outcomes import outcomes

        result = outcomes(store, settings, completed_runs_only=True)
        table = result["table"]
        if scope is not None:
            table = table[table["scope"] == scope]
        return {"note": result["note"], "summary": result["summary"], "outcomes": _records(table)}

    return app
