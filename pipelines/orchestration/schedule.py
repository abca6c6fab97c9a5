"""Nightly scheduling: serve the ``nightly`` flow on a cron schedule, or print OS cron/systemd units.

Two ways to run Verbatim unattended:

- **Prefect server**: ``prefect server start --host 127.0.0.1`` plus ``serve_nightly(...)``
  (``verbatim schedule``), which registers a deployment with a ``Cron`` schedule and executes
  its runs; the Prefect UI shows the run history.
- **Serverless**: the operating system's cron or a systemd timer calls ``verbatim run``
  (``cron_line`` / ``systemd_units``). No flock wrapper is needed: the run itself takes the
  store's lock, so an overlapping run stops with a clear message instead of corrupting data.

Cron and timezone are checked here, with messages naming the bad field, before any server is
contacted.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_NAME = "verbatim-nightly"
API_URL_ENV = "PREFECT_API_URL"
DEFAULT_API_URL = "http://127.0.0.1:4200/api"

# (name, low, high, names accepted in place of numbers)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_FIELDS: tuple[tuple[str, int, int, dict[str, int]], ...] = (
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day of month", 1, 31, {}),
    ("month", 1, 12, {m: i + 1 for i, m in enumerate(_MONTHS)}),
    ("day of week", 0, 7, {d: i for i, d in enumerate(_DAYS)}),
)
_CRON_HELP = (
    "Use five fields 'minute hour day-of-month month day-of-week', "
    "e.g. '0 2 * * *' for 02:00 every day or '30 6 * * 1-5' for 06:30 on weekdays."
)
_PART = re.compile(r"^(?P<range>\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:/(?P<step>[0-9]+))?$")


# --------------------------------------------------------------------------- validation
def validate_cron(cron: str) -> str:
    """Check a five-field cron expression; the error names the field, the value and its range.

    Returns:
        The expression with its whitespace normalised.

    Raises:
        ValueError: the expression is not a valid five-field cron expression.
    """
    if not isinstance(cron, str) or not cron.strip():
        raise ValueError(f"Invalid cron expression {cron!r}: it is empty. {_CRON_HELP}")
    parts = cron.split()
    if len(parts) != 5:
        raise ValueError(
            f"Invalid cron expression '{cron}': it has {len(parts)} field(s), expected 5. "
            f"{_CRON_HELP}"
        )
    for text, (field, low, high, names) in zip(parts, _FIELDS, strict=True):
        for part in text.split(","):
            _check_cron_part(cron, part, field, low, high, names)
    from prefect.client.schemas.schedules import CronSchedule

    try:  # Prefect's own schedule model has the last word (what its scheduler can run)
        CronSchedule(cron=" ".join(parts))
    except ValueError as exc:  # a pydantic ValidationError: keep its message, not its layout
        detail = str(exc).split("Value error, ", 1)[-1].split(" [type=", 1)[0]
        raise ValueError(f"Invalid cron expression '{cron}': {detail}. {_CRON_HELP}") from None
    return " ".join(parts)


def _check_cron_part(
    cron: str, part: str, field: str, low: int, high: int, names: dict[str, int]
) -> None:
    match = _PART.match(part)
    if not match:
        raise ValueError(
            f"Invalid cron expression '{cron}': {field} field has '{part}', which is not a "
            f"number, a range (a-b), '*' or a step (*/n). {_CRON_HELP}"
        )
    if match["step"] is not None and int(match["step"]) < 1:
        raise ValueError(
            f"Invalid cron expression '{cron}': {field} step must be at least 1, got "
            f"'{part}'. {_CRON_HELP}"
        )
    if match["range"] == "*":
        return
    bounds = [_cron_value(cron, v, field, low, high, names) for v in match["range"].split("-")]
    if len(bounds) == 2 and bounds[0] > bounds[1]:
        raise ValueError(
            f"Invalid cron expression '{cron}': {field} range '{part}' goes backwards. {_CRON_HELP}"
        )


def _cron_value(
    cron: str, value: str, field: str, low: int, high: int, names: dict[str, int]
) -> int:
    if value.lower() in names:
        return names[value.lower()]
    if not value.isdigit():
        raise ValueError(
            f"Invalid cron expression '{cron}': {field} field has '{value}', which is not a "
            f"number. {_CRON_HELP}"
        )
    number = int(value)
    if not low <= number <= high:
        raise ValueError(
            f"Invalid cron expression '{cron}': {field} is {number}, must be {low}-{high}. "
            f"{_CRON_HELP}"
        )
    return number


def validate_timezone(timezone: str) -> str:
    """Check an IANA timezone name (``Europe/Paris``, ``UTC``) that both Python and Prefect know.

    Raises:
        ValueError: the name is unknown.
    """
    hint = "Use an IANA name such as 'Europe/Paris', 'America/Montreal' or 'UTC'."
    if not isinstance(timezone, str) or not timezone.strip():
        raise ValueError(f"Unknown timezone {timezone!r}. {hint}")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"Unknown timezone '{timezone}'. {hint}") from None
    from prefect.client.schemas.schedules import is_valid_timezone

    if not is_valid_timezone(timezone):
        raise ValueError(f"Timezone '{timezone}' is not supported by Prefect's scheduler. {hint}")
    return timezone


def require_api_url() -> str:
    """The Prefect server URL from ``PREFECT_API_URL``; a schedule needs a running server.

    Raises:
        RuntimeError: ``PREFECT_API_URL`` is not set.
    """
    url = os.environ.get(API_URL_ENV, "").strip()
    if not url:
        raise RuntimeError(
            "A cron schedule needs a running Prefect server, and PREFECT_API_URL is not set. "
            "Start one with `prefect server start --host 127.0.0.1` and set "
            f"{API_URL_ENV}={DEFAULT_API_URL}, or use the serverless alternative: "
            "`verbatim schedule --print-cron` (crontab) or `--print-systemd` (systemd timer)."
        )
    return url


# ------------------------------------------------------------------------------ serving
def nightly_parameters(
    *,
    inputs: Sequence[str | Path],
    db_url: str | None,
    config: str | Path | None = None,
    column_map: dict[str, str] | None = None,
    sheet: str | None = None,
    output_dir: str | Path | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Parameters of the scheduled ``nightly`` runs, with paths made absolute.

    Paths are resolved now because the served runs may start in another working directory.
    Input files need not exist yet (tonight's export is dropped later).
    """
    if not inputs:
        raise ValueError("Give at least one survey export to run on each night (INPUT ...).")
    params: dict[str, Any] = {
        "inputs": [str(Path(p).expanduser().resolve()) for p in inputs],
        "db_url": db_url,
        "config": str(Path(config).expanduser().resolve()) if config else None,
        "column_map": dict(column_map or {}),
        "sheet": sheet,
        "output_dir": str(Path(output_dir).expanduser().resolve()) if output_dir else None,
    }
    params.update(extra or {})
    return {k: v for k, v in params.items() if v is not None}


def serve_nightly(
    *,
    cron: str,
    timezone: str,
    inputs: Sequence[str | Path],
    db_url: str | None,
    name: str = DEFAULT_NAME,
    config: str | Path | None = None,
    column_map: dict[str, str] | None = None,
    sheet: str | None = None,
    output_dir: str | Path | None = None,
    extra_parameters: dict[str, Any] | None = None,
) -> None:
    """Serve the ``nightly`` flow on a cron schedule against a Prefect server (blocks until stopped).

    Args:
        cron: five-field cron expression, e.g. ``"0 2 * * *"``.
        timezone: IANA timezone the cron is read in, e.g. ``"Europe/Paris"``.
        inputs: survey exports each run reads (paths made absolute).
        db_url: the store; None for the default local SQLite file.
        name: deployment name (shown as ``nightly/<name>`` in Prefect).
        config: YAML settings file passed to each run.
        column_map: canonical column -> header in the export.
        sheet: XLSX sheet name.
        output_dir: where each run writes its report.
        extra_parameters: further ``nightly`` parameters (e.g. ``{"dask_address": ...}``).

    Raises:
        ValueError: invalid cron, timezone or parameters.
        RuntimeError: no Prefect server configured (``PREFECT_API_URL``).
    """
    cron = validate_cron(cron)
    timezone = validate_timezone(timezone)
    parameters = nightly_parameters(
        inputs=inputs,
        db_url=db_url,
        config=config,
        column_map=column_map,
        sheet=sheet,
        output_dir=output_dir,
        extra=extra_parameters,
    )
    require_api_url()

    from prefect.schedules import Cron

    from verbatim.pipelines.orchestration.flows import nightly

    nightly.serve(
        name=name,
        schedules=[Cron(cron, timezone=timezone)],
        parameters=parameters,
        description=f"Verbatim nightly run at '{cron}' ({timezone}) on {len(parameters['inputs'])} "
        "export(s).",
        tags=["verbatim"],
        limit=1,  # never two runs at once from this server; the store lock guards the rest
    )


# --------------------------------------------------------------------------- serverless
def _command(
    *,
    inputs: Sequence[str | Path],
    db_url: str | None,
    verbatim_bin: str | Path,
    config: str | Path | None,
) -> list[str]:
    if not inputs:
        raise ValueError("Give at least one survey export to run on each night (INPUT ...).")
    args = [str(verbatim_bin), "run", *(str(Path(p).expanduser().resolve()) for p in inputs)]
    if db_url:
        args += ["--db", db_url]
    if config:
        args += ["--config", str(Path(config).expanduser().resolve())]
    return args


def cron_line(
    *,
    cron: str,
    inputs: Sequence[str | Path],
    db_url: str | None,
    verbatim_bin: str | Path,
    config: str | Path | None = None,
    log_file: str | Path | None = None,
) -> str:
    """One crontab line that runs ``verbatim run`` (no flock: the run takes the store's lock).

    The schedule is read in the cron daemon's timezone (put ``CRON_TZ=Europe/Paris`` above the
    line where the daemon supports it). ``%`` is escaped because crontab turns it into a newline.
    """
    cron = validate_cron(cron)
    shell = shlex.join(
        _command(inputs=inputs, db_url=db_url, verbatim_bin=verbatim_bin, config=config)
    )
    if log_file:
        shell += f" >> {shlex.quote(str(Path(log_file).expanduser().resolve()))} 2>&1"
    return f"{cron} {shell.replace('%', chr(92) + '%')}"


def systemd_units(
    *,
    cron: str,
    timezone: str,
    inputs: Sequence[str | Path],
    db_url: str | None,
    verbatim_bin: str | Path,
    config: str | Path | None = None,
    workdir: str | Path | None = None,
    name: str = DEFAULT_NAME,
) -> tuple[str, str]:
    """A systemd ``.service`` (oneshot ``verbatim run``) and ``.timer`` (OnCalendar, Persistent).

    ``Persistent=true`` starts a run missed while the machine was off at the next boot.

    Returns:
        The text of ``<name>.service`` and of ``<name>.timer``.
    """
    cron = validate_cron(cron)
    timezone = validate_timezone(timezone)
    calendar = cron_to_oncalendar(cron, timezone)
    args = _command(inputs=inputs, db_url=db_url, verbatim_bin=verbatim_bin, config=config)
    exec_start = " ".join(_systemd_quote(a) for a in args)
    workdir_line = (
        f"WorkingDirectory={_systemd_escape(str(Path(workdir).expanduser().resolve()))}\n"
        if workdir
        else ""
    )
    service = (
        "[Unit]\n"
        "Description=Verbatim nightly NPS run\n"
        "Wants=network-online.target\n"
        "After=network-online.target\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"{workdir_line}"
        "Environment=PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1 HF_HUB_OFFLINE=1\n"
        f"ExecStart={exec_start}\n"
    )
    timer = (
        "[Unit]\n"
        f"Description=Run {name} on '{cron}' ({timezone})\n"
        "\n"
        "[Timer]\n"
        f"OnCalendar={calendar}\n"
        "Persistent=true\n"
        f"Unit={name}.service\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return service, timer


def _systemd_escape(text: str) -> str:
    # systemd expands %specifiers and $VARIABLES in ExecStart: double them to keep them literal
    return text.replace("%", "%%").replace("$", "$$")


def _systemd_quote(arg: str) -> str:
    arg = _systemd_escape(arg)
    if arg and not re.search(r"[\s\"'\\;]", arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cron_to_oncalendar(cron: str, timezone: str | None = None) -> str:
    """Translate a five-field cron expression to a systemd ``OnCalendar=`` value.

    Raises:
        ValueError: the expression restricts both day of month and day of week (cron ORs
            them, systemd ANDs them) or uses a stepped range, which systemd cannot express.
    """
    minute, hour, dom, month, dow = validate_cron(cron).split()
    if dom != "*" and dow != "*":
        raise ValueError(
            f"Cron expression '{cron}' restricts both the day of month and the day of week; "
            "cron runs when either matches but systemd only when both do. Write two timers or "
            "use the Prefect schedule."
        )
    fields = (
        ("minute", minute, 0, {}),
        ("hour", hour, 0, {}),
        ("day of month", dom, 1, {}),
        ("month", month, 1, {m: i + 1 for i, m in enumerate(_MONTHS)}),
    )
    minute_s, hour_s, dom_s, month_s = (
        _calendar_field(cron, value, field, start, names) for field, value, start, names in fields
    )
    date = f"*-{month_s}-{dom_s}"
    time = f"{hour_s}:{minute_s}:00"
    weekday = "" if dow == "*" else _calendar_weekdays(cron, dow) + " "
    return f"{weekday}{date} {time}" + (f" {timezone}" if timezone else "")


def _calendar_field(cron: str, value: str, field: str, start: int, names: dict[str, int]) -> str:
    out = []
    for part in value.split(","):
        rng, _, step = part.partition("/")
        if rng == "*":
            out.append(f"{start}/{step}" if step else "*")
            continue
        if step and "-" in rng:
            raise ValueError(
                f"Cron expression '{cron}': the stepped range '{part}' in the {field} field "
                "has no systemd equivalent; list the values instead (e.g. 1,3,5)."
            )
        numbers = [names.get(v.lower(), None) or int(v) for v in rng.split("-")]
        text = "..".join(f"{n:02d}" for n in numbers)
        out.append(f"{text}/{step}" if step else text)
    return ",".join(out)


def _calendar_weekdays(cron: str, value: str) -> str:
    names = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    lookup = {d: i for i, d in enumerate(_DAYS)}
    out = []
    for part in value.split(","):
        rng, _, step = part.partition("/")
        if step:
            raise ValueError(
                f"Cron expression '{cron}': the step '{part}' in the day of week field has no "
                "systemd equivalent; list the days instead (e.g. Mon,Wed,Fri)."
            )
        days = [lookup[v.lower()] if v.lower() in lookup else int(v) for v in rng.split("-")]
        out.append("..".join(names[d] for d in days))
    return ",".join(out)
