"""``verbatim themes``: list the themes, or edit them (rename, merge, split, pin, edits file)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from verbatim.pipelines.errors import Errors, VerbatimError
from verbatim.pipelines.interfaces.cli.app import (
    ConfigOpt,
    DbOpt,
    Format,
    FormatOpt,
    _settings,
    _store,
    app,
    emit,
    out,
)

# ------------------------------------------------------------------------------ themes
themes_app = typer.Typer(
    help="List themes, or edit them: rename, merge, split, pin (edits survive later runs).",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(themes_app, name="themes")


@themes_app.callback(
    epilog="Examples:\n\n  verbatim themes\n\n  verbatim themes --format json\n\n"
    '  verbatim themes rename 3 --fr "SAV injoignable" --en "unreachable support"',
)
def themes_list(
    ctx: typer.Context,
    fmt: FormatOpt = Format.table,
    all_: Annotated[bool, typer.Option("--all", help="Include retired and merged themes.")] = False,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List themes with size, French and English labels, key phrases and examples."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db": db, "config": config}
        return
    store = _store(_settings(config, db))
    df = store.themes(include_retired=all_)
    if df.empty:
        raise VerbatimError(Errors.E304)
    cols = [
        "theme_id",
        "label_fr",
        "label_en",
        "size",
        "status",
        "keywords_fr",
        "keywords_en",
        "examples",
        "parent_id",
        "pinned",
        "label_edited",
        "kind",
        "level",
        "polarity",
        "praise_share",
        "complaint_share",
    ]
    df = df[[c for c in cols if c in df.columns]].sort_values("size", ascending=False)
    if fmt is Format.table:
        view = df.assign(
            keywords=[
                ", ".join((f or [])[:4] + (e or [])[:4])
                for f, e in zip(df["keywords_fr"], df["keywords_en"], strict=True)
            ],
            example=[(x[0]["text"] if x else "") for x in df["examples"]],
        )[
            [
                c
                for c in ("theme_id", "label_fr", "label_en", "kind", "polarity", "size", "status")
                if c in df.columns
            ]
            + ["keywords", "example"]
        ]
        emit(view, fmt, title="Themes")
    else:
        emit(df, fmt)


def _edit_store(ctx: typer.Context, db: str | None, config: Path | None):
    parent = ctx.obj or {}
    return _store(_settings(config or parent.get("config"), db or parent.get("db")))


@themes_app.command(
    "rename",
    epilog='Example:\n\n  verbatim themes rename 3 --fr "livraison en retard" --en "late delivery"',
)
def themes_rename(
    ctx: typer.Context,
    theme_id: Annotated[int, typer.Argument(help="Theme id (see `verbatim themes`).")],
    fr: Annotated[str | None, typer.Option("--fr", help="French label.")] = None,
    en: Annotated[str | None, typer.Option("--en", help="English label.")] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Rename a theme; the next runs keep the analyst's label."""
    from verbatim.pipelines.steps import edits

    done = edits.rename(_edit_store(ctx, db, config), theme_id, label_fr=fr, label_en=en)
    out.print(f"theme {theme_id}: {done['label_fr']} / {done['label_en']}")


@themes_app.command("merge", epilog="Example:\n\n  verbatim themes merge 7 3   # 7 goes into 3")
def themes_merge(
    ctx: typer.Context,
    source: Annotated[int, typer.Argument(help="Theme to merge away.")],
    target: Annotated[int, typer.Argument(help="Theme that receives its mentions.")],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Merge one theme into another; later runs send its mentions to the target."""
    from verbatim.pipelines.steps import edits

    edits.merge(_edit_store(ctx, db, config), source, target)
    out.print(f"theme {source} merged into {target}")


@themes_app.command("split", epilog="Example:\n\n  verbatim themes split 4 --parts 2")
def themes_split(
    ctx: typer.Context,
    theme_id: Annotated[int, typer.Argument(help="Theme to split.")],
    parts: Annotated[int, typer.Option("--parts", help="Number of sub-themes.", min=2)] = 2,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Split a theme into sub-themes by clustering its mentions."""
    from verbatim.pipelines.steps import edits

    done = edits.split(_edit_store(ctx, db, config), theme_id, parts=parts)
    out.print(f"theme {theme_id} split into {', '.join(map(str, done['new_ids']))}")


@themes_app.command(
    "pin", epilog="Example:\n\n  verbatim themes pin 3\n\n  verbatim themes pin 3 --off"
)
def themes_pin(
    ctx: typer.Context,
    theme_id: Annotated[int, typer.Argument(help="Theme to pin.")],
    off: Annotated[bool, typer.Option("--off", help="Unpin instead.")] = False,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Pin a theme so a refit never retires it."""
    from verbatim.pipelines.steps import edits

    edits.pin(_edit_store(ctx, db, config), theme_id, pinned=not off)
    out.print(f"theme {theme_id} {'unpinned' if off else 'pinned'}")


@themes_app.command(
    "edits",
    epilog="Examples:\n\n  verbatim themes edits --export theme_edits.yaml\n\n  verbatim themes edits --apply theme_edits.yaml",
)
def themes_edits(
    ctx: typer.Context,
    export_to: Annotated[
        Path | None, typer.Option("--export", help="Write the edits as YAML.")
    ] = None,
    apply: Annotated[
        Path | None, typer.Option("--apply", help="Replay edits from a YAML file.")
    ] = None,
    fmt: FormatOpt = Format.table,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Show, export (to version them) or replay analysts' theme edits."""
    from verbatim.pipelines.steps import edits

    store = _edit_store(ctx, db, config)
    if apply:
        out.print(f"{edits.apply_edits_file(store, apply)} edit(s) applied from {apply}")
    if export_to:
        out.print(f"wrote {edits.export_edits(store, export_to)}")
    if not apply and not export_to:
        import pandas as pd

        emit(pd.DataFrame(edits.edits(store)), fmt, title="Theme edits")
