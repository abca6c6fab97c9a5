"""The long-running commands: ``verbatim schedule`` (the nightly flow on a cron) and ``verbatim api``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from verbatim.pipelines.errors import Errors, VerbatimError
from verbatim.pipelines.interfaces.cli.app import (
    ConfigOpt,
    DbOpt,
    _settings,
    app,
    err,
)


# ---------------------------------------------------------------------------- schedule
@app.command(
    epilog="Examples:\n\n"
    "  prefect server start --host 127.0.0.1 &\n\n"
    "  PREFECT_API_URL=http://127.0.0.1:4200/api verbatim schedule /data/exports/nps.csv "
    '--cron "0 2 * * *" --timezone Europe/Paris\n\n'
    "  verbatim schedule /data/exports/nps.csv --print-cron\n\n"
    "  verbatim schedule /data/exports/nps.csv --print-systemd -o /etc/systemd/system",
)
def schedule(
    inputs: Annotated[list[Path], typer.Argument(help="Survey export files each run reads.")],
    cron: Annotated[
        str, typer.Option(help="When to run: minute hour day-of-month month day-of-week.")
    ] = "0 2 * * *",
    timezone: Annotated[
        str, typer.Option("--timezone", "--tz", help="IANA timezone the cron is read in.")
    ] = "Europe/Paris",
    name: Annotated[str, typer.Option(help="Deployment name (and systemd unit name).")] = (
        "verbatim-nightly"
    ),
    print_cron: Annotated[
        bool, typer.Option("--print-cron", help="Print a crontab line instead of serving.")
    ] = False,
    print_systemd: Annotated[
        bool,
        typer.Option("--print-systemd", help="Print systemd .service and .timer units instead."),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="With --print-systemd: folder to write the units to."),
    ] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help='Map a column: CANONICAL="Header". Repeatable.'),
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet name (default: the first).")] = None,
    dask_address: Annotated[
        str | None,
        typer.Option("--dask-address", help="Embed on a Dask cluster, e.g. tcp://10.0.0.5:8786."),
    ] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Run the nightly job on a schedule: serve it on a Prefect server, or print cron/systemd units."""
    import shutil

    from verbatim.pipelines.io.ingest import parse_column_map
    from verbatim.pipelines.orchestration import schedule as sched

    if print_cron and print_systemd:
        raise VerbatimError(
            Errors.E302, option="--print-cron/--print-systemd", value="both", rule="Choose one."
        )
    column_map = parse_column_map(map_ or [])
    # explicit URL: cron and systemd do not see this shell's VERBATIM_* variables
    db_url = _settings(config, db).db_url
    verbatim_bin = shutil.which("verbatim") or str(Path(sys.executable).with_name("verbatim"))
    try:
        if print_cron:
            sys.stdout.write(
                f"# {name}: read in the cron daemon's timezone; add CRON_TZ={timezone} above "
                "where supported. No flock needed: the run takes the store's lock.\n"
                + sched.cron_line(
                    cron=cron,
                    inputs=inputs,
                    db_url=db_url,
                    verbatim_bin=verbatim_bin,
                    config=config,
                )
                + "\n"
            )
            return
        if print_systemd:
            service, timer = sched.systemd_units(
                cron=cron,
                timezone=timezone,
                inputs=inputs,
                db_url=db_url,
                verbatim_bin=verbatim_bin,
                config=config,
                workdir=Path.cwd(),
                name=name,
            )
            if output is None:
                sys.stdout.write(f"# {name}.service\n{service}\n# {name}.timer\n{timer}")
                return
            output.mkdir(parents=True, exist_ok=True)
            for suffix, text in (("service", service), ("timer", timer)):
                (output / f"{name}.{suffix}").write_text(text, encoding="utf-8")
                err.print(f"wrote {output / f'{name}.{suffix}'}")
            err.print(f"then: systemctl daemon-reload && systemctl enable --now {name}.timer")
            return
        extra = {"dask_address": dask_address} if dask_address else None
        sched.validate_cron(cron)  # before the banner: a typo should not look like it serves
        sched.validate_timezone(timezone)
        sched.require_api_url()
        err.print(f"Serving nightly/{name} on '{cron}' ({timezone}); Ctrl-C to stop.")
        sched.serve_nightly(
            cron=cron,
            timezone=timezone,
            inputs=inputs,
            db_url=db_url,
            name=name,
            config=config,
            column_map=column_map,
            sheet=sheet,
            extra_parameters=extra,
        )
    except (ValueError, RuntimeError) as exc:  # bad cron/timezone, no Prefect server
        err.print(f"[red]Error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None


# --------------------------------------------------------------------------------- api
@app.command(
    epilog="Example:\n\n  verbatim api --port 8000   # then open http://127.0.0.1:8000/docs"
)
def api(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="Another Host name the API answers to (a proxy's), repeatable; "
            "also VERBATIM_API_ALLOWED_HOSTS=NAME1,NAME2. Others are refused (DNS rebinding).",
        ),
    ] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Serve the read-only REST API (FastAPI; OpenAPI docs at /docs)."""
    import uvicorn

    from verbatim.pipelines.interfaces.api import create_app, exposure_warning

    served = create_app(_settings(config, db), host=host, allowed_hosts_extra=allowed_host or ())
    if warning := exposure_warning(host):
        err.print(f"[yellow]Warning:[/yellow] {warning}", highlight=False)
    uvicorn.run(served, host=host, port=port, log_level="info")
