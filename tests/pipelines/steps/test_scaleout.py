"""Scale-out: Dask scheduler addresses, and embedding batches on a real local Dask cluster."""

from __future__ import annotations

import socket
import time

import numpy as np
import pytest

from verbatim.pipelines.steps.scaleout import (
    ClusterUnreachableError,
    check_reachable,
    dask_batch_runner,
    split_batches,
    validate_address,
)

MODEL = "use-multilingual-v3"


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("127.0.0.1:8786", "the scheme is missing"),
        ("http://10.0.0.5:8786", "the scheme 'http' is not tcp or tls"),
        ("tcp://10.0.0.5", "the port is missing"),
        ("tcp://10.0.0.5:99999", "port 99999 is not in 1-65535"),
        ("tcp://bad host:8786", "the host is not a name or an IP address"),
        ("", "it is empty"),
    ],
)
def test_scaleout_invalid_address_is_refused(address: str, message: str) -> None:
    with pytest.raises(ValueError, match="Invalid Dask scheduler address") as info:
        dask_batch_runner(address, model_name=MODEL)
    assert message in str(info.value)
    assert "Use tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786" in str(info.value)


@pytest.mark.parametrize(
    "address", ["tcp://127.0.0.1:8786", "tcp://dask-scheduler.internal:8786", "tls://[::1]:8786"]
)
def test_scaleout_valid_address_is_accepted(address: str) -> None:
    assert validate_address(f" {address} ") == address


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "batch_size",
            0,
            "'batch_size' parameter of dask_batch_runner must be an int in the range [1, inf). Got 0",
        ),
        (
            "encode_batch_size",
            2.5,
            "'encode_batch_size' parameter of dask_batch_runner must be an int",
        ),
        ("connect_timeout", 0, "'connect_timeout' parameter of dask_batch_runner must be > 0"),
        ("model_name", " ", "'model_name' parameter of dask_batch_runner is empty"),
    ],
)
def test_scaleout_invalid_options_are_refused(option: str, value: object, message: str) -> None:
    kwargs = {"model_name": MODEL, option: value}
    with pytest.raises(ValueError, match="dask_batch_runner") as info:
        dask_batch_runner("tcp://127.0.0.1:8786", **kwargs)
    assert message in str(info.value)


@pytest.mark.parametrize(("n", "size", "lengths"), [(5, 2, [2, 2, 1]), (4, 4, [4]), (0, 3, [])])
def test_scaleout_split_batches_keeps_order(n: int, size: int, lengths: list[int]) -> None:
    texts = [f"t{i}" for i in range(n)]
    batches = split_batches(texts, size)
    assert [len(b) for b in batches] == lengths
    assert [t for b in batches for t in b] == texts


def test_scaleout_unreachable_address_names_it_at_once() -> None:
    run = dask_batch_runner("tcp://127.0.0.1:1", model_name=MODEL)
    started = time.monotonic()
    with pytest.raises(
        ClusterUnreachableError,
        match=r"Cannot reach the Dask scheduler at "
        r"tcp://127\.0\.0\.1:1 within 10 s \(Connection refused\)",
    ):
        run(["bonjour"])
    assert time.monotonic() - started < 5


def test_scaleout_empty_batch_needs_no_cluster() -> None:
    run = dask_batch_runner("tcp://127.0.0.1:1", model_name=MODEL)
    assert run([]).shape[0] == 0


def test_scaleout_silent_port_fails_within_the_timeout() -> None:
    # a port that accepts TCP connections but never speaks Dask (distributed alone would hang)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        address = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
        run = dask_batch_runner(address, model_name=MODEL, connect_timeout=1)
        started = time.monotonic()
        with pytest.raises(
            ClusterUnreachableError,
            match=f"Cannot reach the Dask scheduler at "
            f"{address} within 1 s .the port accepts connections but does not "
            "answer as a Dask scheduler",
        ):
            run(["bonjour"])
    assert time.monotonic() - started < 5


def test_scaleout_scheduler_without_workers_is_refused() -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=0, processes=False, protocol="tcp://", host="127.0.0.1", dashboard_address=None
    ) as empty:
        address = empty.scheduler_address
        with pytest.raises(
            ClusterUnreachableError,
            match=f"The Dask scheduler at {address} has no workers.*Start some with `dask worker",
        ):
            check_reachable(address, timeout=5)


# ------------------------------------------------------------------- real Dask cluster
@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as local:
        yield local


def _texts(n: int) -> list[str]:
    subjects = ["la livraison", "the delivery", "le service client", "the app", "le prix"]
    verdicts = ["était lente", "was fast", "est très aimable", "keeps crashing", "reste trop élevé"]
    return [f"{subjects[i % 5]} {verdicts[(i // 5) % 5]} ({i})" for i in range(n)]


@pytest.mark.slow
def test_scaleout_dask_vectors_match_local_ones(cluster) -> None:
    from verbatim.nlp.embed import embed_batch

    texts = _texts(300)
    run = dask_batch_runner(cluster.scheduler_address, model_name=MODEL, batch_size=120)
    started = time.monotonic()
    remote = run(texts)
    first = time.monotonic() - started
    started = time.monotonic()
    again = run(texts)
    second = time.monotonic() - started
    local = embed_batch(texts, MODEL)
    assert remote.shape == (300, 512) and remote.dtype == np.float32
    assert np.allclose(remote, local, atol=1e-5)
    assert np.allclose(again, local, atol=1e-5)
    assert np.allclose(np.linalg.norm(remote, axis=1), 1.0, atol=1e-4)
    print(
        f"\n300 texts on Dask in 3 tasks: first call {first:.1f} s (worker start-up), "
        f"second {second:.1f} s"
    )


@pytest.mark.slow
def test_scaleout_embed_step_inside_a_flow_task_fills_the_cache(cluster, tmp_path) -> None:
    # the way the nightly flow uses it: embed_step in a task, the Dask sub-flow inside it
    from prefect import flow, task

    from verbatim.nlp.embed import embed_batch, model_id
    from verbatim.nlp.hashing import text_hash
    from verbatim.pipelines.io.store import Store
    from verbatim.pipelines.settings import Settings
    from verbatim.pipelines.steps import jobs

    export = tmp_path / "export.csv"
    export.write_text(
        "id,score,comment,date\n"
        "r1,2,La livraison était très lente,2026-10-01\n"
        "r2,10,The app is great,2026-10-02\n"
        "r3,7,Prix correct,2026-10-03\n",
        encoding="utf-8",
    )
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'v.db'}")
    store = Store(settings.db_url)
    jobs.ingest_step(store, [export])
    jobs.prepare_step(store, settings)
    runner = dask_batch_runner(
        cluster.scheduler_address, model_name=settings.embedding.model, batch_size=2
    )

    @task
    def embed() -> dict:
        return jobs.embed_step(store, settings, batch_runner=runner)

    @flow
    def outer() -> dict:
        return embed()

    stats = outer()
    texts = list(dict.fromkeys(store.mentions()["text"]))
    assert stats["embedded"] == len(texts) >= 3
    cached = store.get_embeddings(model_id(settings.embedding.model), [text_hash(t) for t in texts])
    local = embed_batch(texts, settings.embedding.model)
    stored = np.stack([cached[text_hash(t)] for t in texts]).astype(np.float32)
    assert np.allclose(stored, local, atol=2e-3)  # the cache keeps float16
    store.dispose()
