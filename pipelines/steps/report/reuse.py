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
the follow-up files are copied from the entry. The entry is a pickle in the user's own data
folder (``data_home()/cache/report``, made private to the user), never in the store: a store read
by many must hold no code to run. One entry is kept; an entry that cannot be read is computed
again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = 1  # bump when what is kept changes
# libraries whose version can change what is computed or written (and how a pickle reads back)
LIBRARIES = ("pandas", "numpy", "scipy", "statsmodels", "openpyxl", "xlsxwriter", "jinja2")
_ENTRY = "content.pickle"


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
        with (entry / _ENTRY).open("rb") as handle:
            kept = pickle.load(handle)  # noqa: S301 - our own file, in the user's private folder
    except Exception:  # noqa: BLE001 - missing, partial, from other code: computed again
        return None
    if not isinstance(kept, KeptReport) or not all((entry / n).is_file() for n in kept.files):
        return None
    return kept


def save(key: str, kept: KeptReport, out: Path, *, folder: Path | None = None) -> None:
    """Keep ``kept`` under ``key`` with copies of its follow-up files from ``out``; drop older entries.

    Written beside and renamed into place, so a reader sees a whole entry or none; a folder
    that cannot be written leaves the night's outputs as they are (the next night computes).
    """
    folder = folder or cache_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder.parent, 0o700)
        staging = folder / f".{key}.{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(mode=0o700)
        for name in kept.files:
            shutil.copyfile(out / name, staging / name)
        with (staging / _ENTRY).open("wb") as handle:
            pickle.dump(kept, handle, protocol=pickle.HIGHEST_PROTOCOL)
        for old in folder.iterdir():
            if old != staging:
                shutil.rmtree(old, ignore_errors=True)
        staging.rename(folder / key)
    except OSError:
        shutil.rmtree(folder / f".{key}.{os.getpid()}", ignore_errors=True)


def restore_files(key: str, kept: KeptReport, out: Path, *, folder: Path | None = None) -> None:
    """Copy the kept follow-up files into ``out`` (each replaced whole, as ``write_table`` does)."""
    entry = (folder or cache_folder()) / key
    for name in kept.files:
        tmp = out / f".{name}.tmp"
        shutil.copyfile(entry / name, tmp)
        os.replace(tmp, out / name)
