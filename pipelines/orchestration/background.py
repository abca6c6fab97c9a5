"""Background embedding of a run: the embedding process, the chunk preparer and what is pending.

The ``nightly`` flow embeds mention texts in a second process while it is still reading and
preparing the exports (``verbatim.pipelines.steps.embedder``). This object holds that plumbing
so that the flow reads as its steps: ``start`` loads the encoder in its own process while the
exports are read, ``preparer`` prepares each chunk ingest stores, ``pending`` is what the themes
step waits for, and leaving the ``with`` block stops the process, however the run ended.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from verbatim.pipelines.io.store import Store
from verbatim.pipelines.settings import Settings
from verbatim.pipelines.steps import jobs


class BackgroundEmbedding:
    """The run's embedding process, when there is one; every attribute is None when there is not.

    Attributes:
        embedder: the ``BackgroundEmbedder`` the prepare and embed steps hand texts to.
        preparer: the ``ChunkPreparer`` ingest calls after each chunk it stores.
        pending: what the embed step left to the process; the themes step waits for it.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        dask_address: str | None,
        run_id: str,
        say: Callable[[str], None],
    ) -> None:
        self.settings = settings
        self.dask_address = dask_address
        self.run_id = run_id
        self.say = say
        self.embedder: Any = None
        self.preparer: Any = None
        self.pending: Any = None

    def __enter__(self) -> BackgroundEmbedding:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.embedder is not None:  # finished, failed or interrupted: never left running
            self.embedder.close()

    def start(
        self,
        store: Store,
        inputs: Sequence[str | Path],
        *,
        column_map: dict[str, str],
        sheet: str | None,
        id_prefix: str | None,
    ) -> None:
        """Start the process, for the exports this run will read (when they are worth it)."""
        # the encoder loads in its own process while the exports are read (those the last
        # run read, unchanged since, are not read again: nothing new comes from them)
        unchanged = jobs.unchanged_inputs(
            store,
            inputs,
            column_map=column_map,
            sheet=sheet,
            id_prefix=id_prefix,
            run_id=self.run_id,
        )
        to_read = [p for p in inputs if p not in unchanged]
        self.embedder = jobs.start_embedder(
            self.settings, dask_address=self.dask_address, inputs=to_read
        )
        # with it, ingest prepares each chunk it stores: the first texts embed meanwhile
        if self.embedder is not None:
            self.preparer = jobs.ChunkPreparer(
                self.settings, self.embedder, run_id=self.run_id, say=self.say
            )

    def prepared(self, counts: dict[str, Any]) -> dict[str, Any]:
        """The prepare step's counts, plus what was prepared during ingest."""
        return counts if self.preparer is None else self.preparer.merged(counts)

    def hand_over(self, counts: dict[str, Any]) -> Any:
        """Take what is still embedding in the background out of the embed step's counts."""
        self.pending = counts.pop("pending", None)
        return self.pending

    def embedded(self, counts: dict[str, Any]) -> dict[str, Any]:
        """The embed counts: the process's final ones once the themes step has waited for it."""
        return counts if self.pending is None else self.pending.counts
