"""Embed mention texts in a second process while the run is still reading and preparing them.

The default encoder runs on one BLAS thread (see ``verbatim.nlp.embed.UseEncoder``), so on a CPU server
the serial run leaves a core idle while it embeds, and the embedding waits for the whole
prepare step. The nightly run therefore starts one embedding process before ingest (it loads
the encoder meanwhile), hands it the texts of each prepared chunk, and the embed step hands
over whatever is still missing and waits. The process writes vectors to the store itself,
batch by batch, through the same cache the serial path fills: a run killed at any point
leaves whole batches only, and the next run embeds what is missing. If the process fails,
the embed step says so and embeds what is left in the run's own process.

The process is ``python -m verbatim.pipelines.steps.embedder`` fed through a pipe, not ``multiprocessing``:
a spawned ``multiprocessing`` child re-runs the caller's main script, which a user's own
script calling the flow without an ``if __name__ == "__main__"`` guard does not survive.
"""

from __future__ import annotations

import json
import os
import queue
import struct
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

import verbatim

_HEADER = struct.Struct(">Q")  # length of each JSON frame
_DONE = "done"  # the frame that ends a session (end of input without it: the run died)
# the folder holding the verbatim package, for a child started from a checkout that is not
# installed (site-packages when installed: never the package's own folder, whose sub-packages
# would be importable as top-level packages there)
_ROOT = Path(verbatim.__file__).resolve().parent.parent


class EmbedderError(RuntimeError):
    """The background embedding process failed or died."""


class BackgroundEmbedder:
    """A process that embeds submitted texts into the store's embedding cache.

    Example::

        embedder = BackgroundEmbedder(store.url, "use-multilingual-v3")
        embedder.submit(texts)          # returns at once
        embedded = embedder.finish()    # waits; number of texts encoded
    """

    def __init__(
        self,
        db_url: str,
        model: str,
        *,
        prompt: str | None = None,
        batch_size: int = 256,
    ) -> None:
        config = {"db_url": db_url, "model": model, "prompt": prompt, "batch_size": batch_size}
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_ROOT), env.get("PYTHONPATH")) if p)
        self._stderr = tempfile.TemporaryFile()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "verbatim.pipelines.steps.embedder", json.dumps(config)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=env,
        )
        self._pending: queue.Queue[Any] = queue.Queue()
        self._feeder = threading.Thread(target=self._feed, name="verbatim-embedder-feed")
        self._feeder.daemon = True
        self._feeder.start()
        self._ready = threading.Event()
        self._answered = threading.Event()
        self._answer: dict[str, Any] | None = None
        self._reader = threading.Thread(target=self._read, name="verbatim-embedder-read")
        self._reader.daemon = True
        self._reader.start()
        self._finished = False  # finish() was called: no more texts
        self.submitted = 0

    @property
    def ready(self) -> bool:
        """True once the process has loaded the encoder and opened the store."""
        return self._ready.is_set()

    @property
    def stopped(self) -> bool:
        """True once the process has given its answer (done or failed) or died."""
        return self._answered.is_set()

    def wait_stopped(self, timeout: float) -> bool:
        """Sleep until the process stops or ``timeout`` seconds pass; return ``stopped``."""
        return self._answered.wait(timeout)

    def _read(self) -> None:
        """Collect the process's messages: ``ready`` after loading, then the final answer."""
        stdout = self._process.stdout
        assert stdout is not None
        for line in stdout:
            message = self._parse(line)
            if message.get("status") == "ready":
                self._ready.set()
                continue
            self._answer = message
            break
        else:
            self._process.wait()
            self._answer = self._parse(b"")
        self._answered.set()

    def _feed(self) -> None:
        """Write queued lists to the process (a full pipe blocks this thread, not the run)."""
        stdin = self._process.stdin
        assert stdin is not None
        try:
            while True:
                item = self._pending.get()
                _write_frame(stdin, _DONE if item is None else item)
                if item is None:
                    break
            stdin.close()
        except (BrokenPipeError, OSError, ValueError):
            pass  # the process is gone: finish() reports why

    def submit(self, texts: Sequence[str]) -> None:
        """Queue texts to embed (texts already in the cache are skipped by the process)."""
        if self._finished:
            raise EmbedderError("the background embedder has already finished")
        texts = list(texts)
        if texts:
            self._pending.put(texts)
            self.submitted += len(texts)

    def finish(self) -> int:
        """Wait until every submitted text is embedded; return how many texts were encoded.

        Raises:
            EmbedderError: the process failed (its error is in the message) or died.
        """
        if not self._finished:
            self._finished = True
            self._pending.put(None)
            # not communicate(): it would close the pipe under the feeder thread; and the answer
            # is read as soon as it is written, not after the interpreter's exit
            self._feeder.join()
        self._answered.wait()
        assert self._answer is not None
        if self._answer.get("status") != "done":
            raise EmbedderError(f"background embedding failed: {self._answer.get('message')}")
        return int(self._answer["embedded"])

    def _parse(self, line: bytes) -> dict[str, Any]:
        try:
            return json.loads(line.decode("utf-8", "replace"))
        except json.JSONDecodeError:
            try:
                self._stderr.seek(0)
                tail = self._stderr.read().decode("utf-8", "replace").strip().splitlines()[-1:]
            except ValueError:  # closed: the run stopped the process itself
                tail = []
            why = tail[0] if tail else "no message"
            return {
                "status": "error",
                "message": f"the embedding process exited with code "
                f"{self._process.returncode} ({why})",
            }

    def close(self) -> None:
        """Stop the process if it still runs (a failed or interrupted run)."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait(timeout=10)
        self._pending.put(None)  # lets the feeder thread end
        self._stderr.close()

    def __enter__(self) -> BackgroundEmbedder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _write_frame(stream: BinaryIO, item: list[str] | str) -> None:
    """A list of texts (or the closing marker) as one length-prefixed JSON frame.

    JSON, not pickle: the frames carry only strings, and nothing read is ever turned into code.
    """
    data = json.dumps(item, ensure_ascii=False).encode("utf-8", "surrogatepass")
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read_frame(stream: BinaryIO) -> list[str] | str | None:
    """The next frame, or None at the end of the input."""
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        return None
    return json.loads(stream.read(_HEADER.unpack(head)[0]).decode("utf-8", "surrogatepass"))


def serve(config: dict[str, Any], stdin: BinaryIO, stdout: Any) -> int:
    """The embedding process: encode each list read from ``stdin`` into the store.

    Writes one JSON line, ``{"status": "done", "embedded": N}`` or ``{"status": "error",
    "message": ...}``. Stops at once, without a word, when the run that started it is gone.
    """
    parent = os.getppid()

    def check_parent(_done: int, _total: int) -> None:
        if os.getppid() != parent:  # re-parented: the run was killed; stop between batches
            raise SystemExit(0)

    store = None
    try:
        from verbatim.nlp.embed import cache_embeddings, load_encoder
        from verbatim.pipelines.io.store import Store

        encoder = load_encoder(config["model"])
        store = Store(config["db_url"], migrate=False)
        stdout.write(json.dumps({"status": "ready"}) + "\n")
        stdout.flush()
        embedded = 0
        while True:
            texts = _read_frame(stdin)
            if texts is None:  # end of input without the closing frame: the run died
                return 0
            if texts == _DONE:
                break
            check_parent(0, 0)
            embedded += cache_embeddings(
                texts,
                encoder=encoder,
                cache=store,
                batch_size=int(config["batch_size"]),
                prompt=config.get("prompt"),
                progress=check_parent,
            )
        result: dict[str, Any] = {"status": "done", "embedded": embedded}
    except SystemExit:
        return 0
    except Exception as exc:  # noqa: BLE001 - reported to the run, which embeds the rest
        detail = str(exc).splitlines()[0] if str(exc) else ""
        result = {"status": "error", "message": f"{type(exc).__name__}: {detail}"}
    finally:
        if store is not None:
            store.dispose()
    stdout.write(json.dumps(result) + "\n")
    stdout.flush()
    return 0


if __name__ == "__main__":
    code = serve(json.loads(sys.argv[1]), sys.stdin.buffer, sys.stdout)
    os._exit(code)  # the answer is out; skip the interpreter's teardown of torch (about 1 s)
