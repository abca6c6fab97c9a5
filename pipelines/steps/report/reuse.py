"""A night with nothing new reuses the report content of the last night instead of computing it again.

The report step's content (the analysis' drivers, alerts, league, digest; the follow-up lists and
the report's follow-up section) is a function of the store's content, the settings, the code and
the day; at 100k responses it costs 5-6 s of an idle night (analysis ~3 s, follow-up files
~1.4 s, follow-up section ~1 s, lists ~0.5 s). It is kept after each computation under a key of
everything it depends on, and served again while the key is the same:

- the store's content whichever run wrote it (``Store.content_fingerprint``: responses, mentions
  and their themes, theme rows, edits, owner rules, imported outcomes);
- every setting (the database's address included: two stores never share an entry) and what the
  owners file's replay said;
- the code: ``verbatim.__version__``, ``FORMAT``, the source of every module of
  ``verbatim.models`` and ``verbatim.pipelines`` and the PII masker's version (``nlp``'s source
  and its spaCy data), and the versions of the libraries that compute and write it;
- today's date (the headline's last complete period, the follow-up lists' window).

Only the run's own fields (its id, counts, the time the report was made) are rendered anew;
the follow-up files are copied from the entry. The entry is JSON in the user's own data folder
(``data_home()/cache/report``, made private to the user), never in the store: data only, read
back into DataFrames, dates and the two dataclasses it names, never code (no pickle). What would
not read back equal (checked when it is written: a MultiIndex, an ordered category, a type this
codec does not know) is not kept, and the next night computes again. One entry is kept; an
entry that cannot be read is computed again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import sys
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = 1  # bump when what is kept changes
# libraries whose version can change what is computed or written (and how the entry reads back)
LIBRARIES = ("pandas", "numpy", "scipy", "statsmodels", "openpyxl", "xlsxwriter", "jinja2")
_ENTRY = "content.json"
_TAG = "__verbatim__"  # marks an encoded value that JSON has no type for


@dataclass
class KeptReport:
    """What the report step computed for one key, less the run's own fields."""

    data: Any  # ReportData, with an empty run
    lists: dict[str, Any]  # follow-up lists by name
    ranking: Any  # analysis.ranking(): what `verbatim top-themes` reads
    alerts: Any  # analysis.alerts
    files: list[str] = field(default_factory=list)  # follow-up files, names in the output folder
    owner_lists: list[str] = field(default_factory=list)  # per-owner lists written (no suffix)


def cache_folder() -> Path:
    """Where the kept report lives: the user's data folder (``VERBATIM_HOME``)."""
    from verbatim.pipelines.prefect_env import data_home

    return data_home() / "cache" / "report"


@functools.cache
def code_version() -> str:
    """A hash of the analysis and report code, the masker's version and the libraries' versions."""
    from verbatim import __version__
    from verbatim.nlp.masker import masker_version

    root = Path(__file__).resolve().parents[3]  # the folder holding models/ and pipelines/
    digest = hashlib.sha256(f"{__version__}\0{FORMAT}\0{masker_version()}\0".encode())
    for package in ("models", "pipelines"):
        folder = root / package
        for path in sorted(p for p in folder.rglob("*") if p.suffix in (".py", ".j2", ".css")):
            if "__pycache__" in path.parts:
                continue
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=absent\0".encode())
    digest.update(f"python={sys.version_info[:3]}".encode())
    return digest.hexdigest()[:32]


def content_key(store: Any, settings: Any, *, today: date | None = None, extra: Any = None) -> str:
    """The key of what a report of ``store`` under ``settings`` shows on ``today`` (default: now).

    ``extra``: anything else the content depends on (what the owners file's replay said).
    """
    import pandas as pd

    today = today or pd.Timestamp.now().date()
    parts = {
        "code": code_version(),
        "store": store.content_fingerprint(),
        "settings": settings.as_dict(),
        "today": today.isoformat(),
        "extra": extra,
    }
    blob = json.dumps(parts, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:32]


def load(key: str, *, folder: Path | None = None) -> KeptReport | None:
    """The report content kept under ``key``, or None (none kept, another key, unreadable)."""
    entry = (folder or cache_folder()) / key
    try:
        kept = _decode_kept(json.loads((entry / _ENTRY).read_text(encoding="utf-8")))
    except Exception:  # noqa: BLE001 - missing, partial, from other code: computed again
        return None
    if not all((entry / n).is_file() for n in kept.files):
        return None
    return kept


def save(key: str, kept: KeptReport, out: Path, *, folder: Path | None = None) -> None:
    """Keep ``kept`` under ``key`` with copies of its follow-up files from ``out``; drop older entries.

    Written beside and renamed into place, so a reader sees a whole entry or none; a folder
    that cannot be written, or content that would not read back equal, leaves the night's
    outputs as they are (the next night computes).
    """
    folder = folder or cache_folder()
    try:
        text = json.dumps(_encode_kept(kept), allow_nan=True)
        if not _same(_decode_kept(json.loads(text)), replace(kept, lists={})):
            return
    except (TypeError, ValueError):
        return
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder.parent, 0o700)
        staging = folder / f".{key}.{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(mode=0o700)
        for name in kept.files:
            shutil.copyfile(out / name, staging / name)
        (staging / _ENTRY).write_text(text, encoding="utf-8")
        for old in folder.iterdir():
            if old != staging:
                shutil.rmtree(old, ignore_errors=True)
        staging.rename(folder / key)
    except OSError:
        shutil.rmtree(folder / f".{key}.{os.getpid()}", ignore_errors=True)


def _classes() -> dict[str, type]:
    """The only classes an entry may name: the report's data and the driver ranking."""
    from verbatim.pipelines.steps.analysis import Ranking
    from verbatim.pipelines.steps.report.data import ReportData

    return {"ReportData": ReportData, "Ranking": Ranking}


def _encode_kept(kept: KeptReport) -> dict[str, Any]:
    return {
        "data": _encode(kept.data),
        "ranking": _encode(kept.ranking),
        "alerts": _encode(kept.alerts),
        "files": list(kept.files),
        "owner_lists": list(kept.owner_lists),
    }


def _decode_kept(doc: dict[str, Any]) -> KeptReport:
    return KeptReport(
        data=_decode(doc["data"]),
        lists={},  # not read on a night that reuses: its files are copied
        ranking=_decode(doc["ranking"]),
        alerts=_decode(doc["alerts"]),
        files=[str(n) for n in doc["files"]],
        owner_lists=[str(n) for n in doc["owner_lists"]],
    )


def _encode(value: Any) -> Any:
    """``value`` as JSON values; a TypeError for what this codec does not keep."""
    import dataclasses

    import numpy as np
    import pandas as pd

    if value is None or isinstance(value, (bool, str, int, float)):
        return value
    if isinstance(value, (np.bool_, np.integer, np.floating)):  # as bool, int or float
        return value.item()
    if value is pd.NaT:
        return {_TAG: "nat"}
    if value is pd.NA:
        return {_TAG: "na"}
    if isinstance(value, pd.Timestamp):
        return {_TAG: "timestamp", "v": value.isoformat()}
    if isinstance(value, datetime):
        return {_TAG: "datetime", "v": value.isoformat()}
    if isinstance(value, date):
        return {_TAG: "date", "v": value.isoformat()}
    if isinstance(value, pd.MultiIndex):
        raise TypeError("a MultiIndex is not kept")
    if isinstance(value, pd.Index):
        return {
            _TAG: "index",
            "dtype": str(value.dtype),
            "name": _encode(value.name),
            "v": [_encode(x) for x in value.tolist()],
        }
    if isinstance(value, pd.Series):
        return {
            _TAG: "series",
            "dtype": str(value.dtype),
            "name": _encode(value.name),
            "index": _encode(value.index),
            "v": [_encode(x) for x in value.to_numpy(dtype=object).tolist()],
        }
    if isinstance(value, pd.DataFrame):
        return {
            _TAG: "frame",
            "columns": _encode(value.columns),
            "dtypes": [str(t) for t in value.dtypes],
            "index": _encode(value.index),
            "v": [[_encode(x) for x in row] for row in value.to_numpy(dtype=object).tolist()],
        }
    if isinstance(value, np.ndarray):
        return {_TAG: "array", "dtype": str(value.dtype), "v": _encode(value.tolist())}
    if isinstance(value, tuple):
        return {_TAG: "tuple", "v": [_encode(x) for x in value]}
    if isinstance(value, list):
        return [_encode(x) for x in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value) and _TAG not in value:
            return {k: _encode(v) for k, v in value.items()}
        return {_TAG: "dict", "v": [[_encode(k), _encode(v)] for k, v in value.items()]}
    name = type(value).__name__
    if dataclasses.is_dataclass(value) and _classes().get(name) is type(value):
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {_TAG: "dataclass", "name": name, "v": fields}
    raise TypeError(f"{name} is not kept")


def _decode(value: Any) -> Any:
    """The value ``_encode`` was given (builds data and the two known dataclasses only)."""
    import numpy as np
    import pandas as pd

    if isinstance(value, list):
        return [_decode(x) for x in value]
    if not isinstance(value, dict):
        return value
    tag = value.get(_TAG)
    if tag is None:
        return {k: _decode(v) for k, v in value.items()}
    if tag == "nat":
        return pd.NaT
    if tag == "na":
        return pd.NA
    if tag == "timestamp":
        return pd.Timestamp(value["v"])
    if tag == "datetime":
        return datetime.fromisoformat(value["v"])
    if tag == "date":
        return date.fromisoformat(value["v"])
    if tag == "index":
        return pd.Index(
            [_decode(x) for x in value["v"]], dtype=value["dtype"], name=_decode(value["name"])
        )
    if tag == "series":
        return pd.Series(
            [_decode(x) for x in value["v"]],
            index=_decode(value["index"]),
            dtype=object,
            name=_decode(value["name"]),
        ).astype(value["dtype"])
    if tag == "frame":
        columns = _decode(value["columns"])
        frame = pd.DataFrame(
            [[_decode(x) for x in row] for row in value["v"]],
            columns=columns,
            index=_decode(value["index"]),
            dtype=object,
        )
        return frame.astype(dict(zip(columns, value["dtypes"], strict=True)))
    if tag == "array":
        return np.asarray(_decode(value["v"]), dtype=value["dtype"])
    if tag == "tuple":
        return tuple(_decode(x) for x in value["v"])
    if tag == "dict":
        return {_decode(k): _decode(v) for k, v in value["v"]}
    if tag == "dataclass":
        cls = _classes()[value["name"]]  # a KeyError for any other name: the entry is not read
        return cls(**{k: _decode(v) for k, v in value["v"].items()})
    raise ValueError(f"unknown kept value {tag!r}")


def _same(a: Any, b: Any) -> bool:
    """Whether a decoded value equals the original (frames with their dtypes and index)."""
    import dataclasses

    import numpy as np
    import pandas as pd

    if isinstance(b, pd.DataFrame) or isinstance(b, pd.Series):
        if type(a) is not type(b):
            return False
        try:
            (
                pd.testing.assert_frame_equal
                if isinstance(b, pd.DataFrame)
                else pd.testing.assert_series_equal
            )(a, b)
        except AssertionError:
            return False
        return True
    if isinstance(b, pd.Index):
        return isinstance(a, pd.Index) and a.equals(b) and a.dtype == b.dtype and a.name == b.name
    if dataclasses.is_dataclass(b):
        return type(a) is type(b) and all(
            _same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(b)
        )
    if isinstance(b, dict):
        return isinstance(a, dict) and list(a) == list(b) and all(_same(a[k], b[k]) for k in b)
    if isinstance(b, (list, tuple)):
        return (
            type(a) is type(b)
            and len(a) == len(b)
            and all(_same(x, y) for x, y in zip(a, b, strict=True))
        )
    if isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and a.dtype == b.dtype
            and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
        )
    if isinstance(b, float) and isinstance(a, float) and b != b:
        return a != a
    if b is pd.NaT or b is pd.NA:
        return a is b
    return type(a) is type(b) and a == b


def restore_files(key: str, kept: KeptReport, out: Path, *, folder: Path | None = None) -> None:
    """Copy the kept follow-up files into ``out`` (each replaced whole, as ``write_table`` does)."""
    entry = (folder or cache_folder()) / key
    for name in kept.files:
        tmp = out / f".{name}.tmp"
        shutil.copyfile(entry / name, tmp)
        os.replace(tmp, out / name)
