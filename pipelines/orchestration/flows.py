"""The ``nightly`` Prefect flow: coarse tasks that call the plain steps of ``verbatim.pipelines.steps.jobs`` in order."""

from __future__ import annotations

from verbatim.pipelines.settings import configure_prefect_env

configure_prefect_env()

import logging  # noqa: E402
import traceback  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from importlib.metadata import PackageNotFoundError, version  # noqa: E402
from typing import Any  # noqa: E402

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from verbatim.pipelines.errors import Errors, VerbatimError  # noqa: E402
from verbatim.pipelines.io.store import Store  # noqa: E402
from verbatim.pipelines.orchestration.background import BackgroundEmbedding  # noqa: E402
from verbatim.pipelines.orchestration.lock import run_lock  # noqa: E402
from verbatim.pipelines.settings import Settings, load_settings  # noqa: E402
from verbatim.pipelines.steps import jobs, registry  # noqa: E402


class _UserErrorFilter(logging.Filter):
    """Say a user-fixable error (bad input, a wrong setting) once, as its one-line message.

    Prefect reports a failed task four times, each with the whole message: the task's exception
    (with a traceback), the task's final state, the flow's exception and the flow's final state.
    Here the task's exception is dropped (the flow's says the same), final states keep only
    their name, and the flow's exception is one line without traceback, or nothing while the
    caller prints the error itself (``errors_reported_by_caller``: the CLI).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, VerbatimError):
            if record.name != "prefect.flow_runs" or _caller_reports_errors:
                return False
            record.exc_info = None
            record.exc_text = None
            record.msg, record.args = f"{exc.message}", ()
        elif (
            isinstance(record.msg, str)
            and record.msg.startswith("Finished in state Failed")
            and "VerbatimError" in record.msg
        ):
            record.msg, record.args = "Finished in state Failed", ()
        return True


for _name in ("prefect.task_runs", "prefect.flow_runs", "prefect.engine"):
    logging.getLogger(_name).addFilter(_UserErrorFilter())
_caller_reports_errors = False


@contextmanager
def errors_reported_by_caller() -> Iterator[None]:
    """Within this block Prefect's loggers keep quiet about user-fixable errors: the caller prints them."""
    global _caller_reports_errors
    before, _caller_reports_errors = _caller_reports_errors, True
    try:
        yield
    finally:
        _caller_reports_errors = before


def _retry_unless_user_error(task: Any, task_run: Any, state: Any) -> bool:
    """Retry a task on a passing failure, never on a user-fixable one (it would fail again)."""
    return not isinstance(state.data, VerbatimError)


def verbatim_version() -> str:
    """Installed version of the project, for the runs table."""
    try:
        return version("verbatim")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0+unknown"


def _say(message: str) -> None:
    get_run_logger().info(message)


@task(name="ingest", cache_policy=NO_CACHE)
def ingest_task(
    settings: Settings,
    inputs: list[str],
    column_map: dict[str, str],
    sheet: str | None,
    run_id: str,
    preparer: Any = None,
    id_prefix: str | None = None,
) -> dict[str, Any]:
    """Read the exports into the store; rejects are recorded, never dropped.

    With a ``preparer`` (background embedding), each stored chunk is prepared at once;
    ``id_prefix`` goes before every response id (survey waves numbered from 1 each).
    """
    with Store(settings.db_url).session() as store:
        return jobs.ingest_step(
            store,
            inputs,
            column_map=column_map,
            sheet=sheet,
            run_id=run_id,
            say=_say,
            after_chunk=preparer,
            id_prefix=id_prefix,
        )


@task(name="nps", cache_policy=NO_CACHE)
def nps_task(settings: Settings) -> dict[str, Any]:
    """Headline NPS with its 95% interval."""
    with Store(settings.db_url).session() as store:
        return jobs.nps_step(store, settings, say=_say)


@task(name="prepare", cache_policy=NO_CACHE)
def prepare_task(settings: Settings, run_id: str, embedder: Any = None) -> dict[str, Any]:
    """Language, normalisation, PII masking and mention splitting of new or changed comments."""
    with Store(settings.db_url).session() as store:
        return jobs.prepare_step(store, settings, run_id=run_id, say=_say, embedder=embedder)


@task(
    name="embed",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[5, 15],
    retry_condition_fn=_retry_unless_user_error,
)
def embed_task(
    settings: Settings, dask_address: str | None, embedder: Any = None
) -> dict[str, Any]:
    """Embed mention texts never seen before (cached by model and text hash).

    With a background embedding process the task hands it the rest and returns: the themes
    task waits for it (``pending`` in the counts).
    """
    runner = None
    if dask_address:
        from verbatim.pipelines.steps.scaleout import dask_batch_runner

        runner = dask_batch_runner(
            dask_address,
            model_name=settings.embedding.model,
            encode_batch_size=settings.embedding.batch_size,
            prompt=settings.embedding.document_prompt,
        )
    with Store(settings.db_url).session() as store:
        try:
            return jobs.embed_step(
                store, settings, say=_say, batch_runner=runner, embedder=embedder, defer=True
            )
        except ValueError as exc:  # a missing model is the user's to fix: no retry, one line
            from verbatim.nlp.embed import ModelNotAvailableError

            if isinstance(exc, ModelNotAvailableError):
                raise VerbatimError(Errors.E303, model=exc.model, detail=exc.detail) from None
            raise


@task(name="themes", cache_policy=NO_CACHE)
def themes_task(
    settings: Settings, refit: bool, run_id: str, pending: Any = None
) -> dict[str, Any]:
    """Assign new mentions to the theme registry, or refit and match themes when needed."""
    with Store(settings.db_url).session() as store:
        counts = registry.theme_step(
            store, settings, refit=refit, run_id=run_id, say=_say, pending=pending
        )
        if settings.themes.edits_file:
            from verbatim.pipelines.steps.edits import apply_edits_file

            counts["edits_applied"] = apply_edits_file(store, settings.themes.edits_file)
            _say(
                f"{counts['edits_applied']} analyst edit(s) replayed from "
                f"{settings.themes.edits_file}"
            )
        return counts


@task(name="report", cache_policy=NO_CACHE)
def report_task(settings: Settings, run: dict[str, Any]) -> dict[str, Any]:
    """Drivers, alerts, the HTML/Excel report and the follow-up lists."""
    with Store(settings.db_url).session() as store:
        result = jobs.report_step(store, settings, run=run, say=_say)
    _publish_artifacts(result)
    return result["paths"]


def _publish_artifacts(result: dict[str, Any]) -> None:
    """Headline and top drivers as Prefect artifacts, visible in the Prefect UI for each run."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    h = result["headline"]
    lines = [
        "# Verbatim nightly",
        f"**NPS {h['nps']:+.1f}** (95% CI {h['ci_low']:+.1f} to {h['ci_high']:+.1f}), "
        f"{h['responses']} responses.",
        "",
        "| rank | theme | impact | q-value |",
        "| --- | --- | --- | --- |",
    ]
    for row in result["top_detractors"].head(5).itertuples():
        lines.append(
            f"| {row.rank} | {row.label_en} / {row.label_fr} | {row.impact:+.1f} | "
            f"{row.q_value:.3g} |"
        )
    if len(result["alerts"]):
        lines.append(f"\n**{len(result['alerts'])} alert(s)** — see the report.")
    lines.append(f"\nReport: `{result['paths']['report_html']}`")
    create_markdown_artifact(
        "\n".join(lines),
        key="verbatim-headline",
        description="Headline NPS and top detraction drivers",
    )
    cols = [
        "rank",
        "theme_id",
        "label_en",
        "label_fr",
        "impact",
        "impact_ci_low",
        "impact_ci_high",
        "q_value",
    ]
    for category in ("detractors", "promoters"):
        frame = result[f"top_{category}"]
        records = [
            {k: (None if v != v else v) for k, v in r.items()}  # NaN -> None for JSON
            for r in frame[[c for c in cols if c in frame]].to_dict("records")
        ]
        create_table_artifact(
            records, key=f"verbatim-top-{category}", description=f"Top drivers of {category}"
        )


@flow(name="nightly", log_prints=True)
def nightly(
    inputs: list[str],
    db_url: str | None = None,
    config: str | None = None,
    column_map: dict[str, str] | None = None,
    sheet: str | None = None,
    output_dir: str | None = None,
    refit: bool = False,
    n_themes: int | None = None,
    dask_address: str | None = None,
    wait_s: float = 0.0,
    id_prefix: str | None = None,
) -> dict[str, Any]:
    """Ingest exports, prepare and embed comments, build themes, rank drivers, write the report."""
    settings = load_settings(
        config, db_url=db_url, output_dir=output_dir, themes__n_themes=n_themes
    )
    column_map = {**settings.column_map, **(column_map or {})}
    _check_before_start(settings, inputs, dask_address)
    store = Store(settings.db_url)
    parameters = {
        "inputs": inputs,
        "column_map": column_map,
        "sheet": sheet,
        "refit": refit,
        "dask_address": dask_address,
        "id_prefix": id_prefix,
        "settings": settings.as_dict(),
    }
    counts: dict[str, Any] = {}
    with run_lock(store, wait_s=wait_s):
        run_id = _start_run(store, parameters)
        with (
            BackgroundEmbedding(settings, dask_address=dask_address, run_id=run_id, say=_say) as bg,
            _FailureRecorded(store, run_id, counts),
        ):
            bg.start(store, inputs, column_map=column_map, sheet=sheet, id_prefix=id_prefix)
            counts["ingest"] = ingest_task(
                settings, list(inputs), column_map, sheet, run_id, bg.preparer, id_prefix
            )
            counts["nps"] = nps_task(settings)
            counts["prepare"] = bg.prepared(prepare_task(settings, run_id, bg.embedder))
            counts["embed"] = embed_task(settings, dask_address, bg.embedder)
            counts["themes"] = themes_task(settings, refit, run_id, bg.hand_over(counts["embed"]))
            counts["embed"] = bg.embedded(counts["embed"])  # the themes task waited for it
            run_info = {"run_id": run_id, "version": verbatim_version(), "counts": counts}
            counts["outputs"] = report_task(settings, run_info)
        store.finish_run(run_id, status="completed", counts=counts)
    store.dispose()
    return {"run_id": run_id, **counts}


def _check_before_start(settings: Settings, inputs: list[str], dask_address: str | None) -> None:
    """Refuse now what would fail later: a bad Dask address, a read-only folder, a full disk."""
    if dask_address:
        from verbatim.pipelines.steps.scaleout import validate_address

        validate_address(dask_address)
    jobs.check_writable(settings, inputs)


def _start_run(store: Store, parameters: dict[str, Any]) -> str:
    """Record the run's start (under the lock); say if earlier runs had been interrupted."""
    if interrupted := store.mark_interrupted_runs():
        get_run_logger().warning(
            f"{interrupted} earlier run(s) had been interrupted; this run finishes their work"
        )
    return store.start_run(parameters, version=verbatim_version())


class _FailureRecorded:
    """A run that fails (or is stopped) is recorded as failed with its error, which goes on."""

    def __init__(self, store: Store, run_id: str, counts: dict[str, Any]) -> None:
        self.store, self.run_id, self.counts = store, run_id, counts

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: BaseException | None, tb: Any) -> None:
        if exc is None:
            return
        detail = str(exc) or kind.__name__
        trace = "".join(traceback.format_exception(kind, exc, tb, limit=5))
        _record_end(
            self.store, self.run_id, status="failed", counts=self.counts, error=f"{detail}\n{trace}"
        )
        self.store.dispose()


def _record_end(store: Store, run_id: str, **fields: Any) -> None:
    """Record a failed run's end; if the store cannot take even that (a full disk), say so.

    The run's own error is what the user must see, not the store's on top of it; the run then
    stays ``running`` until the next run marks it interrupted, and its lock is free as soon as
    this process has exited (a dead holder's lock is stale: pipelines/orchestration/lock.py).
    """
    try:
        store.finish_run(run_id, **fields)
    except Exception as exc:  # noqa: BLE001 - the run's own error is re-raised by the caller
        get_run_logger().warning(
            f"could not record the end of run {run_id} in the store ({type(exc).__name__}: "
            f"{exc}); the next run will mark it interrupted"
        )


if __name__ == "__main__":
    import sys

    nightly(sys.argv[1:])
