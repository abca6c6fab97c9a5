"""Run settings: defaults, overridden by a YAML file (``verbatim.yaml``), then by ``VERBATIM_*`` env vars.

Also switches Prefect to local, telemetry-free operation before Prefect is imported.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

import yaml

from pipelines.errors import Errors, VerbatimError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "local" / "verbatim.db"
CONFIG_FILE_ENV = "VERBATIM_CONFIG"


def configure_prefect_env() -> None:
    """Keep Prefect local and silent: no telemetry, a project-local home, no server needed."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_HOME", str(PROJECT_ROOT / ".prefect"))
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


@dataclass
class NpsSettings:
    """Category thresholds: promoter if score >= promoter_min, detractor if <= detractor_max."""

    promoter_min: int = 9
    detractor_max: int = 6


@dataclass
class EmbeddingSettings:
    """Which sentence encoder to use and how to batch it."""

    model: str = "use-multilingual-v3"
    batch_size: int = 256
    # embed in a second process while the run reads and prepares comments: True, False, or
    # "auto" (only for exports of 4 MB or more, where it pays for its start-up)
    background: bool | str = "auto"
    query_prompt: str | None = None
    document_prompt: str | None = None


@dataclass
class ThemeSettings:
    """Theme model knobs; ``n_themes`` None means automatic granularity."""

    n_themes: int | None = None
    min_theme_size: int = 8
    # finer than the model's default: NPS comments are narrow topics; 2.0 against 1.0 raised the
    # homogeneity of themes against real review categories from 0.36 to 0.42 on average
    # (benchmarks/theme_quality.py) with translation pairs as often in one theme (84-89%)
    resolution: float = 2.0
    polarity_gap: float | None = 2.0  # split a topic into pain and praise (see ThemeModel)
    seed: int = 0
    refit_unassigned_share: float = 0.2
    # a refit clusters at most this many mentions (a random sample drawn by response id); the
    # others are assigned to its themes as new mentions are (nearest prototype)
    fit_sample: int = 20_000
    edits_file: str | None = None  # YAML of analyst edits replayed on every run


@dataclass
class Settings:
    """Everything a run needs; one instance is passed down explicitly, never global."""

    db_url: str = ""
    languages: list[str] = field(default_factory=lambda: ["fr", "en"])
    output_dir: str = "out"
    nps: NpsSettings = field(default_factory=NpsSettings)
    embedding: EmbeddingSettings = field(default_factory=EmbeddingSettings)
    themes: ThemeSettings = field(default_factory=ThemeSettings)
    column_map: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.db_url:
            self.db_url = f"sqlite:///{DEFAULT_DB_PATH}"

    def as_dict(self) -> dict[str, Any]:
        """Plain dict, for recording a run's parameters."""
        return asdict(self)


def _apply(obj: Any, values: dict[str, Any], source: str) -> None:
    known = {f.name: f for f in fields(obj)}
    for key, value in values.items():
        if key not in known:
            raise VerbatimError(
                Errors.E301, path=source, detail=f"unknown key '{key}' (known: {', '.join(known)})"
            )
        current = getattr(obj, key)
        if is_dataclass(current):
            if not isinstance(value, dict):
                raise VerbatimError(Errors.E301, path=source, detail=f"'{key}' must be a mapping")
            _apply(current, value, source)
        else:
            setattr(obj, key, value)


_ENV = {
    "VERBATIM_DB_URL": ("db_url", str),
    "VERBATIM_OUTPUT_DIR": ("output_dir", str),
    "VERBATIM_LANGUAGES": ("languages", lambda v: [x.strip() for x in v.split(",") if x.strip()]),
    "VERBATIM_EMBEDDING_MODEL": ("embedding.model", str),
    "VERBATIM_EMBEDDING_BATCH_SIZE": ("embedding.batch_size", int),
    "VERBATIM_EMBEDDING_BACKGROUND": ("embedding.background", lambda v: _background(v)),
    "VERBATIM_PROMOTER_MIN": ("nps.promoter_min", int),
    "VERBATIM_DETRACTOR_MAX": ("nps.detractor_max", int),
    "VERBATIM_THEMES": ("themes.n_themes", int),
}


def _background(value: Any) -> bool | str:
    """``embedding.background`` from YAML or the environment: True, False or "auto"."""
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    if text == "auto":
        return "auto"
    raise VerbatimError(
        Errors.E302,
        option="embedding.background",
        value=value,
        rule="Use true, false or auto.",
    )


def load_settings(config_path: str | Path | None = None, **overrides: Any) -> Settings:
    """Build settings from defaults, the YAML file, env vars, then explicit overrides (CLI flags).

    Overrides use dotted keys with ``__`` (``embedding__model="..."``); None values are ignored.
    """
    settings = Settings()
    path = config_path or os.environ.get(CONFIG_FILE_ENV)
    if path is None and Path("verbatim.yaml").exists():
        path = "verbatim.yaml"
    if path:
        path = Path(path)
        if not path.exists():
            raise VerbatimError(Errors.E301, path=path, detail="file not found")
        try:
            values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise VerbatimError(Errors.E301, path=path, detail=str(exc).splitlines()[0]) from None
        if not isinstance(values, dict):
            raise VerbatimError(Errors.E301, path=path, detail="top level must be a mapping")
        _apply(settings, values, str(path))
    for env, (dotted, cast) in _ENV.items():
        if os.environ.get(env):
            _set_dotted(settings, dotted, cast(os.environ[env]), env)
    for key, value in overrides.items():
        if value is not None:
            _set_dotted(settings, key.replace("__", "."), value, f"--{key}")
    _validate(settings)
    return settings


def _set_dotted(settings: Settings, dotted: str, value: Any, source: str) -> None:
    target: Any = settings
    *parents, last = dotted.split(".")
    for name in parents:
        target = getattr(target, name)
    if not hasattr(target, last):
        raise VerbatimError(Errors.E301, path=source, detail=f"unknown setting '{dotted}'")
    setattr(target, last, value)


def _validate(s: Settings) -> None:
    if not (0 <= s.nps.detractor_max < s.nps.promoter_min <= 10):
        raise VerbatimError(
            Errors.E302,
            option="nps thresholds",
            value=(s.nps.detractor_max, s.nps.promoter_min),
            rule="Need 0 <= detractor_max < promoter_min <= 10.",
        )
    if s.themes.n_themes is not None and int(s.themes.n_themes) < 2:
        raise VerbatimError(
            Errors.E302, option="--themes", value=s.themes.n_themes, rule="Use at least 2."
        )
    if not isinstance(s.themes.fit_sample, int) or s.themes.fit_sample < 1000:
        raise VerbatimError(
            Errors.E302,
            option="themes.fit_sample",
            value=s.themes.fit_sample,
            rule="Use a whole number of at least 1000 mentions.",
        )
    s.embedding.background = _background(s.embedding.background)
    if not s.languages:
        raise VerbatimError(
            Errors.E302, option="languages", value=s.languages, rule="Give at least one."
        )
