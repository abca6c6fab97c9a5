"""The ``verbatim`` command line: run the nightly job, query NPS, list rejects, export tables.

Errors a user can fix print one line and exit with code 2; a failed run exits with 1. One module
per command group; each imports what its commands need inside them, so that ``verbatim --help``
starts in a fraction of a second.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import warnings

from verbatim.pipelines.errors import VerbatimError

# each module registers its commands on app as it is imported
from verbatim.pipelines.interfaces.cli import (  # noqa: F401
    export,
    followups,
    queries,
    run,
    serve,
    themes,
)
from verbatim.pipelines.interfaces.cli.app import app, err

__all__ = ["app", "main", "quiet_libraries"]

# the order ``verbatim --help`` lists the commands in, then the command groups
ORDER = [
    "run",
    "check",
    "nps",
    "rejects",
    "export",
    "top-themes",
    "digest",
    "report",
    "runs",
    "schedule",
    "api",
]
GROUPS = ["themes", "owners", "followups"]
app.registered_commands.sort(
    key=lambda c: ORDER.index(c.name or c.callback.__name__.replace("_", "-"))
)
app.registered_groups.sort(key=lambda g: GROUPS.index(g.name))


def quiet_libraries() -> None:
    """Keep library warnings (torch, transformers, scikit-learn, Prefect...) from the user.

    Our own messages are log lines, never ``warnings``, so they stay. ``VERBATIM_DEBUG=1``, or
    ``python -W ...`` / ``PYTHONWARNINGS``, shows the warnings again.
    """
    if os.environ.get("VERBATIM_DEBUG") or sys.warnoptions:
        return
    warnings.simplefilter("ignore")
    # the same in the processes a run starts: embedding, Prefect's server, local Dask workers
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")  # its warning when a run forks
    for name in ("transformers", "sentence_transformers", "huggingface_hub", "torch"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _terminated(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(f"stopped by signal {signum}")


def _starts_a_run(args: list[str]) -> bool:
    """Whether these arguments run the nightly job (``verbatim run FILE``, not its help)."""
    command = next((a for a in args if not a.startswith("-")), None)
    return command == "run" and not {"--help", "-h"} & set(args)


def _run_app() -> None:
    """The app, then the garbage collector told to leave what is left to the process's exit.

    ``gc.freeze()`` once the command is done: the interpreter's shutdown then no longer walks
    and frees every module, class and cached table one by one (0.7-0.9 s after an idle
    nightly run at 100k, 0.3 s with it; n=3, alternated). Objects are still released by their
    reference counts, files are closed by their ``with`` blocks and logging's exit hook, and
    the process's memory goes back to the system as it ends.
    """
    import gc

    try:
        app(standalone_mode=True)
    finally:
        gc.freeze()


def main() -> None:
    """Entry point: run the app, turning user-fixable errors into one line and exit code 2."""
    quiet_libraries()
    if _starts_a_run(sys.argv[1:]):
        from verbatim.pipelines.orchestration import watchdog
        from verbatim.pipelines.prefect_env import start_server_early

        watchdog.start()  # before the server: no moment where a killed run would leave it
        start_server_early()
    # SIGTERM (a scheduler's stop, `kill`) exits like Ctrl-C: the run is recorded as stopped
    # and Prefect's exit hooks stop its temporary server
    signal.signal(signal.SIGTERM, _terminated)
    try:
        _run_app()
    except VerbatimError as exc:
        err.print(f"[red]Error:[/red] {exc.message}", highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: what was stored stays; a rerun finishes it
        err.print("[yellow]Stopped.[/yellow] Run the same command again to finish the work.")
        sys.exit(130)
    except ValueError as exc:  # parameter errors of our models and encoders
        if os.environ.get("VERBATIM_DEBUG"):
            raise
        err.print(f"[red]Error:[/red] {exc}", highlight=False)
        sys.exit(2)
    except Exception as exc:  # a bug: one line, the traceback on demand
        if os.environ.get("VERBATIM_DEBUG"):
            raise
        err.print(
            f"[red]Unexpected error:[/red] {type(exc).__name__}: {exc} "
            "(run again with VERBATIM_DEBUG=1 for the traceback, and report it)",
            highlight=False,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
