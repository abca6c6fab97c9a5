"""The steps of a Verbatim run as plain functions over the store; the Prefect flow calls them in order.

Each step opens what it needs from a ``Store`` and returns a small dict of counts, so it can run in
a Prefect task, in a test, or from a notebook alike.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from verbatim.pipelines.io.ingest import read_export
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import Settings
from verbatim.pipelines.steps.progress import progress as show_progress

log = logging.getLogger("verbatim")

Logger = Callable[[str], None]


def ingest_step(
    store: Store,
    inputs: Sequence[str | Path],
    *,
    column_map: dict[str, str] | None = None,
    sheet: str | None = None,
    run_id: str | None = None,
    say: Logger = log.info,
    after_chunk: Callable[[Store, list[str]], Any] | None = None,
    id_prefix: str | None = None,
) -> dict[str, Any]:
    """Read each export, upsert accepted rows, record rejects; file-level problems stop the run.

    ``id_prefix`` is put before every response id of these files (e.g. "W2-"): survey waves
    that each number their responses from 1 then never overwrite one another.

    With ``after_chunk`` (e.g. a ``ChunkPreparer``), rows are stored in chunks of
    ``INGEST_CHUNK``, in the order a refit samples them, and it is called with each chunk's
    response ids once they are stored: the first texts reach the embedding process while the
    rest of the export is still being stored.
    """
    totals: dict[str, Any] = {
        "files": 0,
        "rows": 0,
        "accepted": 0,
        "rejected": 0,
        "inserted": 0,
        "updated": 0,
        "unchanged": 0,
        "warnings": [],
        "read": {},  # per file: what the next run compares to skip it (see unchanged_inputs)
    }
    read_before = _read_before(store, run_id)
    for path in inputs:
        print_ = _file_print(path, column_map=column_map, sheet=sheet, id_prefix=id_prefix)
        before = read_before.get(_file_key(path))
        if before is not None and before["print"] == print_:
            _add_unchanged(totals, path, before, say)
            continue
        head = getattr(after_chunk, "head_start", None)
        if head is not None and Path(path).stat().st_size < HEAD_START_MIN_BYTES:
            head = None  # the encoder would still be loading when the first chunk is ready
        result = read_export(path, column_map=column_map, sheet=sheet, on_head=head)
        if id_prefix:
            ids = id_prefix + result.accepted["response_id"].astype(str)
            result.accepted = result.accepted.assign(response_id=ids)
        gone = 0
        if "response_id" not in result.mapping:
            # ids are content hashes: rows of an earlier version of this file that are not in
            # this one were edited or removed
            before = store.response_ids_from(Path(path).name)
            gone = len(set(before) - set(result.accepted["response_id"].astype(str)))
        if after_chunk is None:
            counts = store.upsert_responses(result.accepted, run_id=run_id)
        else:
            counts = _upsert_in_chunks(store, result.accepted, run_id, after_chunk)
        result.warnings.extend(_overwrite_warnings(Path(path), result, counts, gone))
        rejected = store.add_rejects(result.rejects, run_id=run_id)
        rows_rejected = (
            int(result.rejects[["file", "line"]].drop_duplicates().shape[0]) if rejected else 0
        )
        totals["files"] += 1
        totals["accepted"] += len(result.accepted)
        totals["rejected"] += rows_rejected
        totals["rows"] += len(result.accepted) + rows_rejected
        for key in ("inserted", "updated", "unchanged"):
            totals[key] += counts[key]
        totals["warnings"].extend(f"{Path(path).name}: {w}" for w in result.warnings)
        totals["read"][_file_key(path)] = {
            "print": print_,
            "rows": len(result.accepted) + rows_rejected,
            "accepted": len(result.accepted),
            "rejected": rows_rejected,
            "warnings": list(result.warnings),
        }
        mapped = ", ".join(f"{k}←{v!r}" for k, v in result.mapping.items())
        say(
            f"{Path(path).name}: {len(result.accepted)} accepted, {rows_rejected} rejected "
            f"({counts['inserted']} new, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged); columns: {mapped}"
        )
        for warning in result.warnings:
            say(f"warning: {Path(path).name}: {warning}")
    totals["responses_version"] = store.responses_version()
    return totals


def import_steps() -> None:
    """Import what the steps of every run use, for a caller with time to spare.

    The CLI calls it while Prefect's temporary server starts: the report's statistics
    (scipy), its template and workbook, the NPS model and the analysis are then
    loaded when the flow needs them (~1.5 s the report step no longer waits for). So are the
    theme and polarity models (scikit-learn, ~0.35 s of the theme step, also on a night with
    nothing new) and Prefect's flow and task engines, imported at a flow's first call.
    """
    import prefect.flow_engine  # noqa: F401
    import prefect.task_engine  # noqa: F401
    import scipy.stats  # noqa: F401
    import xlsxwriter  # noqa: F401

    import verbatim.models.drivers  # noqa: F401
    import verbatim.models.followups  # noqa: F401
    import verbatim.models.polarity  # noqa: F401
    import verbatim.models.themes  # noqa: F401
    import verbatim.models.trends  # noqa: F401
    import verbatim.pipelines.steps.analysis  # noqa: F401
    import verbatim.pipelines.steps.report.html  # noqa: F401
    import verbatim.pipelines.steps.report.safe  # noqa: F401
    import verbatim.pipelines.steps.report.xlsx  # noqa: F401


# ------------------------------------------------------------------------------ unchanged files
# A night that is handed yesterday's export again reads nothing from it: reading, validating and
# comparing 100k unchanged rows took 7-10 s of a night with nothing new. A file is skipped only
# when reading it again could not change the store (see ``_read_before``).


def unchanged_inputs(
    store: Store,
    inputs: Sequence[str | Path],
    *,
    column_map: dict[str, str] | None = None,
    sheet: str | None = None,
    id_prefix: str | None = None,
    run_id: str | None = None,
) -> list[str | Path]:
    """The ``inputs`` that ``ingest_step`` will skip: read by the last run, unchanged since."""
    before = _read_before(store, run_id)
    return [
        path
        for path in inputs
        if (seen := before.get(_file_key(path))) is not None
        and seen["print"]
        == _file_print(path, column_map=column_map, sheet=sheet, id_prefix=id_prefix)
    ]


def _read_before(store: Store, run_id: str | None) -> dict[str, dict[str, Any]]:
    """The files the last run read, when reading them again could change nothing in the store.

    That is: the newest run other than ``run_id`` (this one) completed, nothing wrote responses
    since its ingest, and a file it read had no rejected row (a row dated after that run's day
    may be accepted today). Its record says with which bytes and options the file was read.
    """
    for run in store.runs(limit=2).to_dict("records"):
        if run["run_id"] == run_id:
            continue
        if run["status"] != "completed":
            return {}
        ingest = json.loads(run["counts"] or "{}").get("ingest", {})
        if ingest.get("responses_version") != store.responses_version():
            return {}
        return {k: v for k, v in ingest.get("read", {}).items() if v.get("rejected") == 0}
    return {}


def _file_key(path: str | Path) -> str:
    return str(Path(path).resolve())


def _file_print(
    path: str | Path,
    *,
    column_map: dict[str, str] | None,
    sheet: str | None,
    id_prefix: str | None,
) -> str:
    """What decides what reading a file stores: its bytes, the options, the reader's code."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:  # ~30 ms for a 100k-response export
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    options = {
        "column_map": dict(sorted((column_map or {}).items())),
        "sheet": sheet,
        "id_prefix": id_prefix,
        "earliest_date": os.environ.get("VERBATIM_EARLIEST_DATE"),
        "reader": _reader_version(),
    }
    digest.update(json.dumps(options, sort_keys=True).encode())
    return digest.hexdigest()


@functools.cache
def _reader_version() -> str:
    """A hash of the ingest code: a file read by another version of it is read again."""
    import verbatim.pipelines.io.ingest
    import verbatim.pipelines.io.value_fields

    digest = hashlib.sha256()
    for module in (
        verbatim.pipelines.io.ingest,
        verbatim.pipelines.io.value_fields,
    ):  # value_fields reads two columns
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def _add_unchanged(totals: dict[str, Any], path: str | Path, before: dict, say: Logger) -> None:
    """Count a skipped file as the last run read it: every accepted row unchanged."""
    name = Path(path).name
    totals["files"] += 1
    totals["rows"] += before["rows"]
    totals["accepted"] += before["accepted"]
    totals["unchanged"] += before["accepted"]
    totals["warnings"].extend(f"{name}: {w}" for w in before.get("warnings", []))
    totals["read"][_file_key(path)] = before
    say(
        f"{name}: unchanged since the last run read it ({before['accepted']} rows, the same bytes "
        "and options): not read again"
    )
    for warning in before.get("warnings", []):
        say(f"warning: {name}: {warning}")


INGEST_CHUNK = 20_000  # responses stored (then prepared) at a time when ingest feeds prepare
# exports at least this large hand the encoder the texts of their first rows before validating
# them all: at 1M rows (112 MB) validation and the first chunk take ~10 s the encoder would idle
HEAD_START_MIN_BYTES = 30_000_000


def _in_sample_order(responses: Any) -> Any:
    """The rows of ``responses`` ranked by ``verbatim.nlp.hashing.sample_key`` of their response_id."""
    from verbatim.nlp.hashing import sample_key

    keys = responses["response_id"].astype(str).map(sample_key)
    return responses.iloc[keys.argsort(kind="stable")]


def _upsert_in_chunks(
    store: Store,
    accepted: Any,
    run_id: str | None,
    after_chunk: Callable[[Store, list[str]], Any],
) -> dict[str, int]:
    """Upsert ``accepted`` chunk by chunk in sample order, calling ``after_chunk`` after each."""
    accepted = _in_sample_order(accepted)
    counts: dict[str, Any] = {"inserted": 0, "updated": 0, "unchanged": 0, "replaced_from": {}}
    say = getattr(after_chunk, "say", None)
    with show_progress("Storing and preparing responses", len(accepted), say=say) as advance:
        for start in range(0, len(accepted), INGEST_CHUNK):
            chunk = accepted.iloc[start : start + INGEST_CHUNK]
            for key, value in store.upsert_responses(chunk, run_id=run_id).items():
                if key == "replaced_from":
                    for name, n in value.items():
                        counts[key][name] = counts[key].get(name, 0) + n
                else:
                    counts[key] += value
            after_chunk(store, chunk["response_id"].astype(str).tolist())
            advance(len(chunk))
    return counts


def _overwrite_warnings(path: Path, result: Any, counts: dict[str, Any], gone: int) -> list[str]:
    """Rows that replaced another file's responses, or an id-less file that changed."""
    out = []
    for other, n in sorted(counts.get("replaced_from", {}).items(), key=lambda kv: -kv[1]):
        out.append(
            f"{n} of its {len(result.accepted)} rows replaced responses first loaded from "
            f"{other} (same response ids; the earlier versions are kept in the history). If it "
            "is another survey wave numbered from 1 again, load it with --id-prefix (e.g. "
            "--id-prefix W2-) so that its ids cannot meet the other wave's"
        )
    if gone and counts["inserted"]:
        out.append(
            f"{gone} response(s) loaded earlier from {path.name} are not in this version of it "
            f"and {counts['inserted']} of its rows are new: with no response id column, a row "
            "edited since is stored as a new response beside the old one. Map an id column "
            '(--map response_id="…") to update rows in place'
        )
    return out


class ChunkPreparer:
    """Prepares each chunk ingest stores and hands its texts to the embedding process at once.

    ``totals`` adds up the prepare counts; the prepare step later finds only what is left
    (responses stored by an interrupted run, say).
    """

    def __init__(
        self,
        settings: Settings,
        embedder: Any,
        *,
        run_id: str | None = None,
        say: Logger = log.info,
    ) -> None:
        self.settings, self.embedder, self.run_id, self.say = settings, embedder, run_id, say
        self.totals = {"prepared": 0, "added": 0, "removed": 0, "kept": 0}
        self._chunks = 0

    def head_start(self, head: Any) -> None:
        """Hand the encoder the texts of an export's first rows while the rest is validated.

        ``head`` has comment and language (``read_export``'s ``on_head``); the same texts come
        again with their chunk, and the process skips what it has already embedded.
        """
        from verbatim.nlp.prepare import prepare_mentions

        mentions = prepare_mentions(head, languages=self.settings.languages, lemmatize=False)
        self.embedder.submit(mentions["text"].drop_duplicates().tolist())
        self.say(f"{len(mentions)} mention texts of the first rows handed to the encoder")

    def __call__(self, store: Store, response_ids: list[str]) -> None:
        """Prepare the responses ``response_ids`` (just stored) and hand over their texts."""
        counts = prepare_step(
            store,
            self.settings,
            run_id=self.run_id,
            say=lambda _message: None,
            embedder=self.embedder,
            response_ids=response_ids,
        )
        for key in self.totals:
            self.totals[key] += counts[key]
        self._chunks += 1
        if self._chunks % 5 == 1:
            self.say(f"prepared {self.totals['prepared']} responses while storing the export")

    def merged(self, counts: dict[str, Any]) -> dict[str, Any]:
        """The prepare step's ``counts`` plus what was prepared during ingest."""
        return {key: self.totals.get(key, 0) + counts.get(key, 0) for key in self.totals}


def categories(scores: Any, settings: Settings) -> Any:
    """The NPS category of each score under the configured thresholds."""
    from verbatim.models import nps

    return nps.categorize(
        scores,
        promoter_min=settings.nps.promoter_min,
        detractor_max=settings.nps.detractor_max,
    )


def scored_responses(store: Store, settings: Settings) -> Any:
    """All responses with their NPS category under the configured thresholds."""
    df = store.responses()
    return df.assign(category=categories(df["score"], settings))


def nps_step(store: Store, settings: Settings, *, say: Logger = log.info) -> dict[str, Any]:
    """Headline NPS over everything in the store, with its interval and the response rate."""
    from verbatim.models import nps

    df = store.dated_scores()  # the headline needs nothing else
    df = df.assign(category=categories(df["score"], settings))
    summary = nps.nps_summary(df["category"])
    rate = nps.response_rate(df)
    change = nps.period_change(df["category"], df["responded_at"])
    say(
        f"NPS {summary.nps:+.1f} (95% CI {summary.ci_low:+.1f} to {summary.ci_high:+.1f}) "
        f"over {summary.responses} responses, all periods; response rate {rate['rate']:.0%}"
        + (f"; {period_line(change)}" if change["period"] else "")
    )
    return {
        **summary.as_dict(),
        "response_rate": rate["rate"],
        "invited": rate["invited"],
        **change,
    }


def period_line(h: dict[str, Any]) -> str:
    """One line on the headline's period: "2026-10: NPS +3.2, −12.8 vs 2026-09 (p 0.16, …)"."""
    text = f"{h['period']}{'' if h['period_complete'] else ' (in progress)'}: NPS {h['period_nps']:+.1f}"
    if h.get("change") is None:
        return text + " (no earlier period to compare with)"
    verdict = "significant" if h["change_significant"] else "may be noise"
    return (
        f"{text}, {h['change']:+.1f} vs {h['previous_period']} "
        f"(95% CI {h['change_ci_low']:+.1f} to {h['change_ci_high']:+.1f}, "
        f"p {h['change_p_value']:.2g}, {verdict})"
    )


# the report, workbook and follow-up lists of a run take a few MB; a SQLite store holds about
# 30 bytes per byte of export (sample: 0.19 MB export -> 5.4 MB store, with its vectors)
OUTPUT_MIN_BYTES = 50_000_000
STORE_BYTES_PER_INPUT_BYTE = 30


def check_writable(settings: Settings, inputs: Sequence[str | Path] = ()) -> None:
    """Refuse a run, before any work, whose output folder or store disk cannot take it.

    The output folder is created and a file written and removed in it; the free space of
    its disk must hold ``OUTPUT_MIN_BYTES``, and a SQLite store's disk about
    ``STORE_BYTES_PER_INPUT_BYTE`` times the inputs' size. Without this a read-only folder
    or a full disk surfaced as an ``OSError`` traceback after all the work.
    """
    import shutil
    import tempfile

    from verbatim.pipelines.errors import Errors, VerbatimError

    out = Path(settings.output_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".verbatim-write-check-"):
            pass
    except OSError as exc:
        raise VerbatimError(Errors.E307, path=out, detail=exc.strerror or exc) from None
    needs = [(out, OUTPUT_MIN_BYTES, "the report and follow-up lists")]
    url = settings.db_url
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        size = sum(Path(p).stat().st_size for p in inputs if Path(p).is_file())
        db_dir = Path(url.removeprefix("sqlite:///")).parent
        while not db_dir.exists() and db_dir != db_dir.parent:
            db_dir = db_dir.parent
        needs.append((db_dir, size * STORE_BYTES_PER_INPUT_BYTE, "the store's new rows"))
    for where, need, why in needs:
        free = shutil.disk_usage(where).free
        if free < need:
            raise VerbatimError(
                Errors.E308, free=_mb(free), path=where, need=_mb(need), why=why
            ) from None


def _mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB"


# ------------------------------------------------------------------------------ themes
PREPARE_CHUNK = 5_000  # responses split and saved at a time: a progress step
# with a background embedder, smaller chunks: the first texts reach the encoder sooner
PREPARE_CHUNK_OVERLAPPED = 5_000


# below this many texts, a background process that is still loading is not waited for
# (``embedding.background: auto`` only: ``true`` always embeds there, as configured)
LOCAL_EMBED_MAX = 10_000
# with this many texts still to embed (seconds of work), the wait loads the lemmatizers meanwhile
WARM_UP_MIN = 5_000


# "auto" starts the embedding process for exports at least this large (about 450 responses).
# Since the default encoder loads without torch, its start-up is cheap: `verbatim run` on a new
# store, medians of 3-5 alternated runs on 2 cores, with the process / without: 20 responses
# 10.1 / 10.7 s (even); 1k 15.5 / 16.4 s and, as "auto", 17.5 / 18.7 s; 5k 14.5 / 16.0 s; 10k
# 19.3 / 21.2 s. Before, with torch, 4 MB: 10k took 21 s with it and 18 s without.
BACKGROUND_MIN_BYTES = 50_000


def start_embedder(
    settings: Settings,
    *,
    dask_address: str | None = None,
    inputs: Sequence[str | Path] | None = None,
) -> Any:
    """A ``BackgroundEmbedder`` for this run, or None (off, small exports, or Dask embeds).

    ``embedding.background``: True always, False never, ``"auto"`` when the ``inputs`` files
    weigh at least ``BACKGROUND_MIN_BYTES`` together.
    """
    mode = settings.embedding.background
    if dask_address or mode is False:
        return None
    if mode == "auto":
        size = sum(Path(p).stat().st_size for p in inputs or () if Path(p).is_file())
        if size < BACKGROUND_MIN_BYTES:
            return None
    from verbatim.pipelines.steps.embedder import BackgroundEmbedder
    from verbatim.pipelines.steps.registry import language_data_texts

    embedder = BackgroundEmbedder(
        settings.db_url,
        settings.embedding.model,
        prompt=settings.embedding.document_prompt,
        batch_size=settings.embedding.batch_size,
    )
    # the theme step's own texts (polarity seeds, glossary topics) first: cached before it
    # needs them, so it never loads the encoder in this process
    embedder.submit(language_data_texts())
    return embedder


def prepare_step(
    store: Store,
    settings: Settings,
    *,
    run_id: str | None = None,
    say: Logger = log.info,
    embedder: Any = None,
    response_ids: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Split new or changed comments into PII-masked mentions; unchanged responses are skipped.

    ``response_ids`` limits the step to those responses (a chunk ingest has just stored).

    With an ``embedder`` (``BackgroundEmbedder``), each chunk's texts are handed to it as soon
    as the chunk is saved, so embedding runs while the next chunks are prepared; the chunks
    follow the order in which a refit samples mentions.
    """
    from verbatim.nlp.prepare import prepare_mentions

    todo = store.responses_to_prepare(response_ids)
    if embedder is not None and len(todo):
        # in the order a refit samples mentions: the mentions the themes are fitted on are
        # embedded first, and the fit need not wait for the rest
        todo = _in_sample_order(todo)
    totals = {"prepared": 0, "added": 0, "removed": 0, "kept": 0}
    size = PREPARE_CHUNK if embedder is None else PREPARE_CHUNK_OVERLAPPED
    # a chunk ingest has just stored is part of the ingest's own progress
    shown = len(todo) if response_ids is None else 0
    with show_progress("Preparing comments", shown, say=say) as advance:
        for start in range(0, len(todo), size):
            chunk = todo.iloc[start : start + size]
            mentions = prepare_mentions(  # lemmas are computed later, on the label sample only
                chunk[["response_id", "comment", "language"]],
                languages=settings.languages,
                lemmatize=False,
            )
            counts = store.save_mentions(
                mentions, chunk[["response_id", "content_hash"]], run_id=run_id
            )
            if embedder is not None:
                embedder.submit(mentions["text"].drop_duplicates().tolist())
            totals["prepared"] += len(chunk)
            for key in ("added", "removed", "kept"):
                totals[key] += counts[key]
            advance(len(chunk))
    if len(todo):
        say(f"prepared {len(todo)} responses")
    if not len(todo) and response_ids is None:
        say(
            "no new or changed comments left to prepare"
            if embedder is not None
            else "no new or changed comments to prepare"
        )
    return totals


def embed_step(
    store: Store,
    settings: Settings,
    *,
    say: Logger = log.info,
    progress: bool = False,
    batch_runner: Callable[[list[str]], Any] | None = None,
    embedder: Any = None,
    defer: bool = False,
) -> dict[str, Any]:
    """Embed the mention texts that have no cached vector for the configured model yet.

    With an ``embedder`` (``BackgroundEmbedder``), what it has not been handed yet goes to it
    and the step waits for it; if it failed, the step says why and embeds the rest here. With
    ``defer`` too, the step does not wait: its counts hold ``pending`` (a ``PendingEmbedding``)
    that the theme step waits on, so the themes are fitted while the last texts embed.
    """
    from verbatim.nlp.embed import cache_key

    mid = cache_key(settings.embedding.model, settings.embedding.document_prompt)
    missing = store.texts_to_embed(mid)
    if (
        embedder is not None
        and settings.embedding.background == "auto"  # True: the process always embeds
        and not embedder.ready
        and len(missing) <= LOCAL_EMBED_MAX
    ):
        embedder.close()  # still loading, and little to do: quicker here than waiting for it
        embedder = None
        say(
            f"{len(missing)} texts to embed: embedding them here (the embedding process was still loading)"
        )
    if embedder is not None:
        from verbatim.pipelines.steps.embedder import EmbedderError

        handed_all = True
        try:
            embedder.submit(missing)  # texts it already has are skipped there
        except EmbedderError:
            handed_all = False  # e.g. finished by an earlier try: embedded here after it
        if defer:
            say(
                f"{len(missing)} more texts handed to the embedding process; the theme step "
                "fits on the first ones while it embeds the rest"
            )
            pending = PendingEmbedding(embedder, handed_all=handed_all)
            return {"handed": len(missing), "model": mid, "pending": pending}
        if len(missing) >= WARM_UP_MIN:  # idle here for a while: load the lemma tables
            from verbatim.nlp.lemmas import warm_up_lookups

            warm_up_lookups(settings.languages)
    return finish_embedding(
        store,
        settings,
        embedder=embedder,
        say=say,
        progress=progress,
        batch_runner=batch_runner,
        handed_all=embedder is not None and handed_all,
    )


POLL_S = 0.5  # how often the theme step looks for the vectors it waits on, at most
POLL_MAX_S = 5.0  # and at least
POLL_TEXTS_PER_S = 4_000  # with n texts missing, it looks again after n / this seconds


class PendingEmbedding:
    """The background process's embedding, still running after the embed step returned.

    ``wait_for`` returns once given texts have vectors (the theme step fits on those first);
    ``finish`` waits for the rest (embedding here what the process could not) and keeps the
    embed step's counts in ``counts``.
    """

    def __init__(self, embedder: Any, *, handed_all: bool = True) -> None:
        self.embedder = embedder
        self.handed_all = handed_all
        self.counts: dict[str, Any] | None = None

    def wait_for(
        self, store: Store, settings: Settings, hashes: Sequence[str], *, say: Logger = log.info
    ) -> None:
        """Block until every hash has a cached vector.

        If the process stops first (done, or failed), ``finish`` runs at once: it embeds here
        whatever the process left, so the hashes have their vectors either way.
        """
        from verbatim.nlp.embed import cache_key

        model_id = cache_key(settings.embedding.model, settings.embedding.document_prompt)
        todo = set(hashes)
        todo -= store.cached_hashes(model_id, todo)
        with show_progress("Embedding (second process)", len(todo), say=say) as advance:
            while todo and not self.embedder.stopped:
                # a look costs a query per 1,000 texts: fewer looks while many are left
                delay = min(POLL_MAX_S, max(POLL_S, len(todo) / POLL_TEXTS_PER_S))
                self.embedder.wait_stopped(delay)  # wakes at once when the process is done
                before = len(todo)
                todo -= store.cached_hashes(model_id, todo)
                advance(before - len(todo))
        if self.embedder.stopped:
            self.finish(store, settings, say=say)

    def finish(self, store: Store, settings: Settings, *, say: Logger = log.info) -> dict:
        """Wait for the process (once); return the embed step's counts."""
        if self.counts is None:
            self.counts = finish_embedding(
                store, settings, embedder=self.embedder, say=say, handed_all=self.handed_all
            )
        return self.counts


def finish_embedding(
    store: Store,
    settings: Settings,
    *,
    embedder: Any = None,
    say: Logger = log.info,
    progress: bool = False,
    batch_runner: Callable[[list[str]], Any] | None = None,
    handed_all: bool = False,
) -> dict[str, Any]:
    """Wait for the background process if any, then embed here (or on Dask) what is missing.

    ``handed_all``: the process was handed every text without a vector, so once it has
    succeeded nothing is missing and the store is not searched for texts to embed (an
    anti-join over every mention: 3.7 s at 1M).
    """
    from verbatim.nlp.embed import cache_embeddings, cache_key, load_encoder

    name = settings.embedding.model
    mid = cache_key(name, settings.embedding.document_prompt)
    background = 0
    missing: list[str] | None = None
    if embedder is not None:
        from verbatim.pipelines.steps.embedder import EmbedderError

        try:
            background = embedder.finish()
            if handed_all:
                missing = []
        except EmbedderError as exc:
            say(f"warning: {exc}; embedding the remaining texts in this process")
    if missing is None:
        missing = store.texts_to_embed(mid)
    if missing and batch_runner is not None:  # e.g. Dask: embed remotely, cache here
        from verbatim.nlp.hashing import text_hash

        vectors = batch_runner(missing)
        store.put_embeddings(mid, {text_hash(t): v for t, v in zip(missing, vectors, strict=True)})
    elif missing:
        with show_progress("Embedding", len(missing), say=say) as advance:
            done = [0]

            def step(finished: int, _total: int) -> None:
                advance(finished - done[0])
                done[0] = finished

            cache_embeddings(  # vectors go to the store batch by batch, none kept in memory
                missing,
                encoder=load_encoder(name),
                cache=store,
                batch_size=settings.embedding.batch_size,
                prompt=settings.embedding.document_prompt,
                progress=progress or step,
            )
    total = int(store.count("embeddings"))
    embedded = background + len(missing)
    stats = {"embedded": embedded, "cached": total - embedded, "model": mid}
    say(
        f"embeddings: {embedded} new texts embedded"
        + (f" ({background} in the background process)" if embedder is not None else "")
        + f", {stats['cached']} already cached (model {mid})"
    )
    return stats


# ------------------------------------------------------------------------------ report
def report_data(analysis: Any, run: dict[str, Any], *, title: str | None = None) -> Any:
    """Turn an Analysis into the report's input (ReportData)."""
    from datetime import UTC, datetime

    import pandas as pd

    from verbatim.pipelines.steps.digest import digest_report
    from verbatim.pipelines.steps.report.data import ReportData

    dates = analysis.responses["responded_at"].dropna()
    period = (
        f"{dates.min():%Y-%m-%d} → {dates.max():%Y-%m-%d}" if len(dates) else "no dated responses"
    )
    themes = analysis.themes.drop(columns=["centroid"], errors="ignore")
    return ReportData(
        title=title or "Verbatim — NPS theme report",
        generated_at=datetime.now(UTC),
        period_label=period,
        headline=analysis.headline,
        nps_by_period=analysis.nps_by_period,
        drivers=analysis.drivers,
        top_detractors=analysis.top("detractor", 10),
        top_promoters=analysis.top("promoter", 10),
        themes=themes,
        segment_heatmap=analysis.segment_heatmap,
        alerts=analysis.alerts if len(analysis.alerts) else pd.DataFrame(),
        run=run,
        parent_detractors=analysis.top("detractor", 10, level="parent"),
        parent_promoters=analysis.top("promoter", 10, level="parent"),
        general=analysis.general,
        theme_note=analysis.theme_note,
        comments=analysis.comments,
        league=analysis.league,
        league_note=analysis.league_note,
        digest=digest_report(analysis.digest),
    )


FOLLOWUP_DAYS = 30


def followup_lists(
    analysis: Any,
    *,
    days: int | None = FOLLOWUP_DAYS,
    store: Store | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Call back detractors, thank promoters, chase non-respondents — of the last ``days`` days.

    The window ends at the newest response, or today if that is earlier (ingest refuses dates
    after the run's day, and a stray future date must not empty the lists), so a list is about
    people who can still be called back; ``days=None`` lists everyone. An analysis made without
    comments reads those of the window from ``store``. With the store, each row names the owners
    of its themes and why (``verbatim.pipelines.steps.owners``: the map in force, the owners file of
    ``settings`` included); with ``settings``, the callback rule picks who gets a call
    (``followups.callback_max_score``/``callback_owner_scores``; default every detractor).
    """
    import pandas as pd

    from verbatim.models import followups

    responses = analysis.responses
    dates = responses["responded_at"]
    if days is not None and dates.notna().any():
        end = min(dates.max(), pd.Timestamp.now()).normalize()
        start = end - pd.Timedelta(days=days - 1)
        responses = responses[(dates >= start) & (dates < end + pd.Timedelta(days=1))]
    if "comment" not in responses:
        if store is None:
            raise ValueError("followup_lists needs the store for an analysis made without comments")
        found = store.comments(responses["response_id"].tolist())
        responses = responses.assign(comment=responses["response_id"].map(found))
    if store is not None and len(responses):
        given = responses.get("language", pd.Series(None, index=responses.index, dtype=object))
        missing = given.isna() & responses["comment"].notna()
        if missing.any():  # no language column in the export: the one detected in the comment
            ids = responses.loc[missing, "response_id"]
            detected = ids.map(store.comment_languages(ids.tolist()))
            responses = responses.assign(language=given.where(~missing, detected))
    args = (responses, analysis.mention_themes, analysis.themes)
    owners, kw, rule = None, {}, None
    if store is not None:
        from verbatim.pipelines.steps.owners import owned_themes, rules

        owners = owned_themes(analysis.themes, rules(store, settings))
    if settings is not None:
        kw = {
            "promoter_min": settings.nps.promoter_min,
            "detractor_max": settings.nps.detractor_max,
        }
        rule = followups.CallbackRule(
            settings.followups.callback_max_score, settings.followups.callback_owner_scores
        )
    return {
        "callback_detractors": followups.callback_list(*args, owners=owners, rule=rule, **kw),
        "thank_promoters": followups.thank_list(*args, owners=owners, **kw),
        "chase_nonrespondents": followups.chase_list(responses),
    }


def report_step(
    store: Store,
    settings: Settings,
    *,
    output_dir: str | Path | None = None,
    run: dict[str, Any] | None = None,
    say: Logger = log.info,
) -> dict[str, Any]:
    """Write the HTML report, the Excel workbook and the follow-up lists; return their paths.

    What they show is computed once per content of the store, settings, code and day: a night
    with nothing new reuses it (``verbatim.pipelines.steps.report.reuse``) and renders only the
    run's own fields anew.
    """
    from dataclasses import replace
    from datetime import UTC, datetime

    from verbatim.pipelines.steps.analysis import keep_ranking
    from verbatim.pipelines.steps.report import reuse
    from verbatim.pipelines.steps.report.html import write_html
    from verbatim.pipelines.steps.report.xlsx import write_xlsx

    out = Path(output_dir or settings.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    settings, owners_problem = _replay_owners(store, settings, say)
    key = reuse.content_key(store, settings, extra=owners_problem)
    kept = reuse.load(key)
    if kept is None:
        kept, paths = _computed_report(store, settings, owners_problem, out)
        reuse.save(key, kept, out)
    else:
        say("nothing the report reads has changed since the last report: its content is reused")
        reuse.restore_files(key, kept, out)
        paths = {f"{Path(n).stem}_{Path(n).suffix[1:]}": out / n for n in kept.files}
        _remove_stale_owner_lists(store, settings, out, set(kept.owner_lists))
    data = replace(kept.data, generated_at=datetime.now(UTC), run=run or {})
    keep_ranking(store, kept.ranking, settings)  # `verbatim top-themes` reads it until a change
    paths = {
        "report_html": write_html(data, out / "report.html"),
        "report_xlsx": write_xlsx(data, out / "report.xlsx"),
    } | paths
    drivers = kept.ranking.drivers
    say(
        f"report: {paths['report_html']}; {len(drivers)} themes, "
        f"{int(drivers['significant'].sum()) if len(drivers) else 0} "
        f"significant, {len(kept.alerts)} alert(s)"
    )
    return {
        "paths": {k: str(v) for k, v in paths.items()},
        "headline": kept.ranking.headline,
        "top_detractors": data.top_detractors,
        "top_promoters": data.top_promoters,
        "alerts": kept.alerts,
    }


def _computed_report(
    store: Store, settings: Settings, owners_problem: str | None, out: Path
) -> tuple[Any, dict[str, Path]]:
    """The report's content computed (owners replayed already), its follow-up files written."""
    from verbatim.pipelines.steps.report.reuse import KeptReport
    from verbatim.pipelines.steps.report.safe import write_table

    analysis, lists, data = _content(store, settings, {}, owners_problem)
    paths: dict[str, Path] = {}
    for name, frame in lists.items():
        paths[f"{name}_csv"] = write_table(frame, out / f"{name}.csv")
        paths[f"{name}_xlsx"] = write_table(frame, out / f"{name}.xlsx")
    owner_paths = _owner_lists(store, settings, lists, out)
    kept = KeptReport(
        data=data,
        lists=lists,
        ranking=analysis.ranking(),
        alerts=analysis.alerts,
        files=[p.name for p in (paths | owner_paths).values()],
        owner_lists=sorted({p.stem for p in owner_paths.values()}),
    )
    return kept, paths | owner_paths


def report_content(
    store: Store, settings: Settings, run: dict[str, Any] | None, *, say: Logger = log.info
) -> tuple[Settings, Any, dict[str, Any], Any]:
    """What the report shows: the analysis, the follow-up lists and the report's data.

    The owners file is replayed first; the follow-up section (owners, outcomes of imported
    calls) is part of the data, so a report re-rendered by ``verbatim report`` after
    ``verbatim followups import`` shows the outcomes as the night's does.

    Returns:
        (settings as used, analysis, follow-up lists by name, report data).
    """
    settings, owners_problem = _replay_owners(store, settings, say)
    analysis, lists, data = _content(store, settings, run or {}, owners_problem)
    return settings, analysis, lists, data


def _content(
    store: Store, settings: Settings, run: dict[str, Any], owners_problem: str | None
) -> tuple[Any, dict[str, Any], Any]:
    """The analysis of the whole store, the follow-up lists and the report's data."""
    from verbatim.pipelines.steps.analysis import analyse

    analysis = analyse(store, settings, comments=False)  # the lists read their own comments
    lists = followup_lists(analysis, store=store, settings=settings)
    data = report_data(analysis, run)
    # the analysis read every response (no filter): the outcomes need no second read
    data = _with_followups(data, store, settings, lists, owners_problem, analysis.responses)
    return analysis, lists, data


def _replay_owners(store: Store, settings: Settings, say: Logger) -> tuple[Settings, str | None]:
    """Replay the owners file (``followups.owners_file``) into the store, as every run does.

    A file that cannot be read does not cost the night's report: the lists keep the owners the
    last replay left, the log and the report say why.
    """
    from verbatim.pipelines.errors import VerbatimError
    from verbatim.pipelines.steps.owners import apply_owners_file

    path = settings.followups.owners_file
    if not path:
        return settings, None
    try:
        say(f"{apply_owners_file(store, path)} owner rule(s) replayed from {path}")
        return settings, None
    except VerbatimError as exc:
        say(f"owners file not read, the owners of the last replay are kept: {exc.message}")
        kept = settings.followups.model_copy(update={"owners_file": None})
        return settings.model_copy(update={"followups": kept}), exc.message


def _with_followups(
    data: Any,
    store: Store,
    settings: Settings,
    lists: dict[str, Any],
    problem: str | None,
    responses: Any = None,
) -> Any:
    """The report's follow-up section: themes without an owner, lists per owner, outcomes."""
    from dataclasses import replace

    from verbatim.pipelines.steps.report.followups import section

    followups = section(store, settings, lists, problem=problem, responses=responses)
    return replace(data, followups=followups)


def _owner_lists(
    store: Store, settings: Settings, lists: dict[str, Any], out: Path
) -> dict[str, Path]:
    """callback_<owner> and thank_<owner> lists beside the others, for owners with rows."""
    from verbatim.pipelines.steps.owners import per_owner_lists
    from verbatim.pipelines.steps.report.safe import write_table

    paths: dict[str, Path] = {}
    if not settings.followups.per_owner_files:
        return paths
    written = per_owner_lists(lists)
    for name, frame in written.items():
        paths[f"{name}_csv"] = write_table(frame, out / f"{name}.csv")
        paths[f"{name}_xlsx"] = write_table(frame, out / f"{name}.xlsx")
    _remove_stale_owner_lists(store, settings, out, set(written))
    return paths


def _remove_stale_owner_lists(store: Store, settings: Settings, out: Path, keep: set[str]) -> None:
    """Delete an earlier run's per-owner lists of owners without rows now (when lists are per owner)."""
    from verbatim.pipelines.steps.owners import remove_stale_owner_lists

    if settings.followups.per_owner_files:
        remove_stale_owner_lists(store, settings, out, keep=keep)
