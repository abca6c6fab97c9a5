"""Scale-out: embed the cache misses of a run on an existing Dask cluster through prefect-dask.

``dask_batch_runner(address, model_name=...)`` returns the ``batch_runner`` that
``verbatim.pipelines.steps.jobs.embed_step`` accepts. Each call splits the texts into batches of thousands
(a Prefect task costs ~75 ms, so small batches would waste the cluster), runs one
``embed-batch`` task per batch in a short ``embed-on-dask`` sub-flow whose task runner is
``DaskTaskRunner(address=...)``, and returns the vectors in the order of the texts.

Why a sub-flow with ``DaskTaskRunner`` rather than a bare ``distributed.Client``: the batches
show up as task runs of the nightly run in Prefect (timings, failures, retries), and the
connection is opened and closed with the sub-flow. The texts are captured by the sub-flow,
not passed as flow parameters, so they are never written to Prefect's database.

The workers must be able to import this project (``pip install`` it on them) and load the
embedding model offline; the scheduler address is checked before any work is sent.
"""

from __future__ import annotations

import asyncio
import contextvars
import re
import socket
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from verbatim.pipelines.settings import configure_prefect_env

configure_prefect_env()

from prefect import flow, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

BatchRunner = Callable[[list[str]], np.ndarray]

DEFAULT_PORT = 8786
_ADDRESS = re.compile(
    r"^(?P<scheme>tcp|tls)://(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)"
    r":(?P<port>[0-9]{1,5})$"
)


class ClusterUnreachableError(ConnectionError):
    """The Dask scheduler at the given address does not answer, or has no workers."""

    def __init__(self, address: str, message: str) -> None:
        self.address = address
        super().__init__(message)


def _unreachable(address: str, detail: str, timeout: float) -> ClusterUnreachableError:
    return ClusterUnreachableError(
        address,
        f"Cannot reach the Dask scheduler at {address} within {timeout:g} s ({detail}). "
        "Check that `dask scheduler` runs there and the port is open from this machine, "
        "or run without --dask-address to embed locally.",
    )


def validate_address(address: str) -> str:
    """Check a Dask scheduler address of the form ``tcp://HOST:PORT``.

    Raises:
        ValueError: the address is not ``tcp://HOST:PORT`` (or ``tls://HOST:PORT``).
    """
    hint = (
        f"Use tcp://HOST:PORT, e.g. tcp://10.0.0.5:{DEFAULT_PORT} (the `dask scheduler` address)."
    )
    if not isinstance(address, str) or not address.strip():
        raise ValueError(f"Invalid Dask scheduler address {address!r}: it is empty. {hint}")
    address = address.strip()
    match = _ADDRESS.match(address)
    if match is None:
        if "://" not in address:
            detail = "the scheme is missing"
        elif not address.startswith(("tcp://", "tls://")):
            detail = f"the scheme '{address.split('://', 1)[0]}' is not tcp or tls"
        elif not re.search(r":[0-9]+$", address.split("://", 1)[1]):
            detail = "the port is missing"
        else:
            detail = "the host is not a name or an IP address"
        raise ValueError(f"Invalid Dask scheduler address '{address}': {detail}. {hint}")
    port = int(match["port"])
    if not 1 <= port <= 65535:
        raise ValueError(
            f"Invalid Dask scheduler address '{address}': port {port} is not in 1-65535. {hint}"
        )
    return address


def check_reachable(address: str, *, timeout: float = 10.0) -> int:
    """Ask the scheduler who it is and how many workers it has, failing fast and clearly.

    A plain TCP connection catches a closed port at once; the Dask handshake is then bounded
    here because ``distributed`` waits forever on a port that accepts but never answers.

    Returns:
        The number of workers connected to the scheduler.

    Raises:
        ClusterUnreachableError: nothing answers as a Dask scheduler within ``timeout``, or
            the scheduler has no workers (the batches would wait forever).
    """
    match = _ADDRESS.match(validate_address(address))
    assert match is not None
    host = match["host"].strip("[]")
    try:
        with socket.create_connection((host, int(match["port"])), timeout=timeout):
            pass
    except TimeoutError:
        raise _unreachable(address, "timed out", timeout) from None
    except OSError as exc:
        raise _unreachable(address, exc.strerror or str(exc), timeout) from None
    with ThreadPoolExecutor(1) as pool:  # a fresh event loop, whatever the caller runs in
        try:
            identity = pool.submit(asyncio.run, _identity(address, timeout)).result()
        except TimeoutError:
            raise _unreachable(
                address,
                "the port accepts connections but does not answer as a Dask scheduler",
                timeout,
            ) from None
        except OSError as exc:
            raise _unreachable(address, str(exc) or type(exc).__name__, timeout) from None
    if identity.get("type") != "Scheduler":
        raise _unreachable(
            address,
            f"it answers as a Dask {identity.get('type', 'unknown')}, not a scheduler",
            timeout,
        )
    workers = len(identity.get("workers") or {})
    if workers == 0:
        raise ClusterUnreachableError(
            address,
            f"The Dask scheduler at {address} has no workers, so the embedding batches would "
            f"wait forever. Start some with `dask worker {address}` on machines where Verbatim "
            "is installed.",
        )
    return workers


async def _identity(address: str, timeout: float) -> dict:
    from distributed.core import rpc

    async def ask() -> dict:
        async with rpc(address, timeout=timeout) as scheduler:
            return await scheduler.identity()

    return await asyncio.wait_for(ask(), timeout)


@task(
    name="embed-batch",
    cache_policy=NO_CACHE,
    persist_result=False,
    retries=1,
    retry_delay_seconds=5,
)
def embed_batch_task(
    texts: list[str], model_name: str, encode_batch_size: int, prompt: str | None
) -> np.ndarray:
    """Embed one batch on a worker (the worker loads the model once and keeps it)."""
    from verbatim.nlp.embed import embed_batch

    return embed_batch(texts, model_name, encode_batch_size, prompt=prompt)


def _check_int(name: str, value: object, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(
            f"The '{name}' parameter of dask_batch_runner must be an int in the range "
            f"[{low}, inf). Got {value!r} instead."
        )
    return value


def split_batches(texts: list[str], batch_size: int) -> list[list[str]]:
    """Consecutive slices of at most ``batch_size`` texts."""
    return [texts[i : i + batch_size] for i in range(0, len(texts), batch_size)]


def dask_batch_runner(
    address: str,
    *,
    model_name: str,
    batch_size: int = 2000,
    encode_batch_size: int = 256,
    prompt: str | None = None,
    connect_timeout: float = 10.0,
) -> BatchRunner:
    """A ``batch_runner`` for ``embed_step`` that embeds texts on the Dask cluster at ``address``.

    Args:
        address: the scheduler, ``tcp://HOST:PORT``.
        model_name: embedding model the workers load (same name as ``embedding.model``).
        batch_size: texts per Dask task; thousands, since each task costs ~75 ms.
        encode_batch_size: texts per encoder call on the worker.
        prompt: document prompt prepended by the encoder (models such as e5).
        connect_timeout: seconds to wait for the scheduler before giving up.

    Returns:
        ``run(texts) -> np.ndarray``: L2-normalised float32 rows in the order of ``texts``.

    Raises:
        ValueError: malformed address or parameters (at once, before any connection).
    """
    address = validate_address(address)
    _check_int("batch_size", batch_size, 1)
    _check_int("encode_batch_size", encode_batch_size, 1)
    if not isinstance(model_name, str) or not model_name.strip():
        raise ValueError(
            f"The 'model_name' parameter of dask_batch_runner is empty: {model_name!r}."
        )
    if not connect_timeout > 0:
        raise ValueError(
            f"The 'connect_timeout' parameter of dask_batch_runner must be > 0. Got "
            f"{connect_timeout!r} instead."
        )

    def run(texts: list[str]) -> np.ndarray:
        texts = list(texts)
        bad = next((i for i, t in enumerate(texts) if not isinstance(t, str)), None)
        if bad is not None:
            raise TypeError(f"Texts to embed must be strings; item {bad} is {texts[bad]!r}.")
        if not texts:
            return np.empty((0, 0), dtype=np.float32)
        check_reachable(address, timeout=connect_timeout)
        return _run_on_dask(
            address,
            split_batches(texts, batch_size),
            model_name=model_name,
            encode_batch_size=encode_batch_size,
            prompt=prompt,
            connect_timeout=connect_timeout,
        )

    return run


def _run_on_dask(
    address: str,
    batches: list[list[str]],
    *,
    model_name: str,
    encode_batch_size: int,
    prompt: str | None,
    connect_timeout: float,
) -> np.ndarray:
    from prefect_dask import DaskTaskRunner

    runner = DaskTaskRunner(address=address, client_kwargs={"timeout": f"{connect_timeout}s"})

    # The batches are closed over, not flow parameters: Prefect stores flow parameters.
    @flow(name="embed-on-dask", task_runner=runner, log_prints=True, persist_result=False)
    def embed_on_dask(n_texts: int, n_batches: int) -> list[np.ndarray]:
        """Submit one embed-batch task per batch to the Dask cluster and gather them in order."""
        futures = [
            embed_batch_task.submit(batch, model_name, encode_batch_size, prompt)
            for batch in batches
        ]
        return [future.result() for future in futures]

    from prefect.context import FlowRunContext

    parent = FlowRunContext.get()
    name = f"{parent.flow_run.name}-embed" if parent and parent.flow_run else None
    flow_call = embed_on_dask.with_options(flow_run_name=name) if name else embed_on_dask
    # Run the sub-flow in an empty context: called from inside a task (as embed_step is in the
    # nightly flow), prefect-dask would otherwise pickle that outer task, with its closure and
    # parameters, into every batch sent to the workers, and fail on anything unpicklable.
    try:
        with ThreadPoolExecutor(1, thread_name_prefix="verbatim-dask") as pool:
            parts = pool.submit(
                contextvars.Context().run, flow_call, sum(len(b) for b in batches), len(batches)
            ).result()
    except OSError as exc:  # the scheduler went away between the check and the connection
        raise _unreachable(address, str(exc) or type(exc).__name__, connect_timeout) from exc
    vectors = np.concatenate([np.asarray(p, dtype=np.float32) for p in parts], axis=0)
    expected = sum(len(b) for b in batches)
    if vectors.shape[0] != expected:  # pragma: no cover - a worker bug, never silent
        raise RuntimeError(f"Dask returned {vectors.shape[0]} vectors for {expected} texts.")
    return vectors
