"""``verbatim owners`` and ``verbatim followups``: who owns each theme, and what came of the calls."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from verbatim.pipelines.errors import Errors, VerbatimError
from verbatim.pipelines.interfaces.cli.app import (
    ConfigOpt,
    DbOpt,
    Format,
    FormatOpt,
    _jsonable,
    _settings,
    _store,
    app,
    emit,
    err,
    out,
)

if TYPE_CHECKING:
    import pandas as pd


# ---------------------------------------------------------------- owners and follow-ups
owners_app = typer.Typer(
    help="Who owns each theme (service, product, pricing, digital, partner…): list, set, export. "
    "Follow-up lists name the owners of each comment's themes.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(owners_app, name="owners")


def _owners_settings(ctx: typer.Context, db: str | None, config: Path | None):
    parent = ctx.obj or {}
    settings = _settings(config or parent.get("config"), db or parent.get("db"))
    return settings, _store(settings)


@owners_app.callback(
    epilog="Examples:\n\n  verbatim owners\n\n  verbatim owners --unowned\n\n"
    "  verbatim owners set 12 partner\n\n  verbatim owners export owners.yaml   "
    "# then followups.owners_file: owners.yaml\n\n  verbatim owners --format json",
)
def owners_list(
    ctx: typer.Context,
    fmt: FormatOpt = Format.table,
    unowned_only: Annotated[
        bool, typer.Option("--unowned", help="Only the topic themes without an owner.")
    ] = False,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List topic themes and roll-ups with their owner and why (a child without one takes its parent's).

    The map comes from `verbatim owners set` and from the owners file (followups.owners_file,
    VERBATIM_OWNERS_FILE; its rules win and every run replays it): theme ids, glossary concepts
    and labels mapped to owners.
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db": db, "config": config}
        return
    from verbatim.pipelines.steps.owners import owner_table, unowned

    settings, store = _owners_settings(ctx, db, config)
    table = owner_table(store, settings)
    if table.empty:
        raise VerbatimError(Errors.E304)
    missing = unowned(table)
    if unowned_only:
        table = missing
    if fmt is not Format.table:
        emit(table, fmt)
        return
    cols = ["theme_id", "level", "label_en", "label_fr", "parent_id", "owner", "owner_reason"]
    emit(table[cols], fmt, title="Theme owners")
    topics = int((table["level"] != "parent").sum()) if not unowned_only else len(missing)
    out.print(
        f"{len(missing)} topic theme(s) without an owner"
        + (f" of {topics}" if not unowned_only else "")
        + (": set one with [cyan]verbatim owners set THEME_ID OWNER[/cyan]" if len(missing) else "")
    )


@owners_app.command(
    "set",
    epilog="Examples:\n\n  verbatim owners set 12 partner   # dealer, franchisee, carrier\n\n"
    "  verbatim owners set 4 service    # interaction with staff\n\n"
    "  verbatim owners set 4 none       # remove theme 4's owner",
)
def owners_set(
    ctx: typer.Context,
    theme_id: Annotated[int, typer.Argument(help="Theme id (see `verbatim owners`).")],
    owner: Annotated[
        str,
        typer.Argument(
            help="Owner: lowercase letters, digits, underscores (service, product, pricing, "
            "digital, partner…); none removes it."
        ),
    ],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Give a theme an owner (its child themes without one take it); kept in the store."""
    from verbatim.pipelines.steps.owners import set_owner

    settings, store = _owners_settings(ctx, db, config)
    done = set_owner(store, settings, theme_id, None if owner.strip().lower() == "none" else owner)
    out.print(f"theme {theme_id}: owner {done['owner'] or '(none)'}")
    if done["file_owner"] and done["file_owner"] != done["owner"]:
        err.print(
            f"[yellow]Warning:[/yellow] the owners file {done['file']} gives theme {theme_id} to "
            f"{done['file_owner']} and wins at every run: edit it, or write the map to it with "
            f"`verbatim owners export {done['file']}`.",
            highlight=False,
        )


@owners_app.command(
    "export",
    epilog="Examples:\n\n  verbatim owners export owners.yaml\n\n"
    "  # then in verbatim.yaml: followups: {owners_file: owners.yaml}",
)
def owners_export(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="YAML file to write (versioned with the config).")],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Write the owner map in force (theme ids, concepts, labels) as a YAML owners file."""
    from verbatim.pipelines.steps.owners import export_owners

    settings, store = _owners_settings(ctx, db, config)
    if file.is_dir():
        raise VerbatimError(Errors.E309, path=file, detail="it is a folder", example="owners.yaml")
    out.print(f"wrote {export_owners(store, settings, file)}")


followups_app = typer.Typer(
    help="Close the loop: import what happened to follow-ups, and see what came of the calls.",
    no_args_is_help=True,
)
app.add_typer(followups_app, name="followups")


class ImportFormat(str, Enum):
    """Output formats of ``verbatim followups import``."""

    table = "table"
    json = "json"


@followups_app.command(
    "import",
    epilog="Examples:\n\n  verbatim followups import calls.csv\n\n"
    "  verbatim followups import calls.xlsx --sheet Appels --format json\n\n"
    "The file has the columns followup_id (from the follow-up lists), status (called, reached, "
    "resolved, not_reachable), date (YYYY-MM-DD or DD/MM/YYYY) and note.",
)
def followups_import(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX of outcomes.")],
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet name (default: the first).")] = None,
    fmt: Annotated[ImportFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ImportFormat.table
    ),
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Import what happened to follow-ups; bad rows are rejected with the reason (see `verbatim rejects`).

    Exit code 2 when every row is rejected.
    """
    from verbatim.pipelines.steps.outcomes import import_outcomes

    settings = _settings(config, db)
    result = import_outcomes(_store(settings), settings, file, sheet=sheet)
    rejects = result.pop("rejects")
    if fmt is ImportFormat.json:
        payload = {**result, "rejects": _jsonable(rejects)}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(
            f"[bold]{result['accepted']} accepted, {result['rejected']} rejected[/bold] from "
            f"{result['file']} ({result['inserted']} new, {result['updated']} updated)"
        )
        if len(rejects):
            emit(rejects.drop(columns=["file"]), Format.table, title="Rejected rows")
    if result["rows"] and not result["accepted"]:
        raise typer.Exit(2)


@followups_app.command(
    "outcomes",
    epilog="Examples:\n\n  verbatim followups outcomes\n\n  verbatim followups outcomes "
    "--format json\n\n  verbatim followups outcomes --scope owner",
)
def followups_outcomes(
    scope: Annotated[str | None, typer.Option(help="Only this scope: all, owner or theme.")] = None,
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """What became of called-back detractors who answered again, against those not called.

    Per owner and per theme: detractors, how many came back (the same customer_id answered on
    a later day), how their category moved, with Wilson and Newcombe 95% intervals.
    Observational: it shows an association, not the effect of the calls.
    """
    from verbatim.pipelines.steps.outcomes import outcomes

    if scope is not None and scope not in ("all", "owner", "theme"):
        raise VerbatimError(
            Errors.E302, option="--scope", value=scope, rule="Use all, owner or theme."
        )
    settings = _settings(config, db)
    result = outcomes(_store(settings), settings)
    table = result["table"]
    if scope is not None:
        table = table[table["scope"] == scope]
    if fmt is Format.json:
        payload = {
            "note": result["note"],
            "summary": result["summary"],
            "outcomes": _jsonable(table),
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt is Format.csv:
        emit(table, fmt)
        return
    out.print(result["note"], highlight=False)
    n = result["summary"]
    out.print(
        f"{n['outcomes_imported']} outcome(s) imported for {n['followups_with_outcome']} "
        f"follow-up(s); {n['detractors_with_customer_id']} detractor answers with a customer id, "
        f"{n['detractors_who_came_back']} followed by a later answer"
    )
    if table.empty:
        out.print("No outcome imported yet: `verbatim followups import FILE` after the calls.")
        return
    emit(_outcome_view(table), fmt, title="Detractors who answered again, by group")


def _outcome_view(table: pd.DataFrame) -> pd.DataFrame:
    """The outcome table in a terminal's width: shares and intervals as short text."""
    import pandas as pd

    def pct(v: float) -> str:
        return "" if pd.isna(v) else f"{100 * v:.0f}%"

    def pts(v: float) -> str:
        return "" if pd.isna(v) else f"{100 * v:+.0f}"

    scope = [
        "all" if s == "all" else (f"owner {i}" if s == "owner" else f"theme #{i} {label}")
        for s, i, label in zip(table["scope"], table["scope_id"], table["label"], strict=True)
    ]
    first = (table["group"] == "called back").to_numpy()
    return pd.DataFrame(
        {
            "scope": [s if f else "" for s, f in zip(scope, first, strict=True)],
            "group": table["group"].to_numpy(),
            "detractors": table["detractors"].to_numpy(),
            "came back": table["came_back"].to_numpy(),
            "→ promoter": table["to_promoter"].to_numpy(),
            "→ passive": table["to_passive"].to_numpy(),
            "still detractor": table["still_detractor"].to_numpy(),
            "improved [95% CI]": [
                "" if pd.isna(v) else f"{pct(v)} [{pct(lo)}, {pct(hi)}]"
                for v, lo, hi in zip(
                    table["improved_share"],
                    table["improved_ci_low"],
                    table["improved_ci_high"],
                    strict=True,
                )
            ],
            "vs not called, pts [95% CI]": [
                "" if pd.isna(v) else f"{pts(v)} [{pts(lo)}, {pts(hi)}]"
                for v, lo, hi in zip(
                    table["improved_diff"],
                    table["improved_diff_ci_low"],
                    table["improved_diff_ci_high"],
                    strict=True,
                )
            ],
        }
    )
