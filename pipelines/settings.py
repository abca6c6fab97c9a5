"""Run settings: defaults, then a YAML file (``verbatim.yaml``), then ``VERBATIM_*`` env vars, then flags.

Each section is a pydantic model that declares its keys, types and limits, so every value is
checked when the settings load, before a run reads a file or starts Prefect. A wrong value is
one line naming the key, the value, where it came from and what is allowed::

    [E302] Invalid value for themes.resolution (from verbatim.yaml): 'high'. Expected a number > 0.

and an unknown key lists the valid keys of its section, naming the closest one. Numbers written as
text (``promoter_min: "9"``, as every environment variable is) are read as numbers; ``"nine"``,
``9.5`` for a whole number and ``true`` for a number are refused.

pydantic-settings does the layering: ``Settings`` is a ``BaseSettings`` whose sources, highest
first, are the flags (init keyword arguments), the environment (``VERBATIM_DB_URL``, any key as
``VERBATIM_SECTION__KEY`` such as ``VERBATIM_THEMES__RESOLUTION``, and the documented short
names below), the YAML file and the defaults; it merges them and pydantic validates the result.
``Settings(...)`` in code reads no file and no variable: only ``load_settings`` turns the
sources on (``settings_customise_sources``), so a test or a benchmark gets exactly the values it
passes, as before.

Three parts stay hand-written, each because pydantic-settings cannot do it:

- naming the source of a wrong value: the library merges its sources before validating, so a
  validation error carries the key but not the file or variable it came from. Each source is
  wrapped (``_Traced``) to keep what it returned, and the key of the error is looked up there;
- the short names (``VERBATIM_THEMES`` for ``themes.n_themes``, ``VERBATIM_PROMOTER_MIN``,
  ``VERBATIM_EMBEDDING_MODEL``…) follow no prefix-and-delimiter scheme, and ``VERBATIM_THEMES``
  would otherwise be read as the whole ``themes`` section: one small source maps them, and the
  environment source ignores a bare section name;
- reading the YAML file (``yaml.safe_load``, handed to the library as a mapping):
  ``YamlConfigSettingsSource`` skips a file that does not exist and merges the file's top level
  with ``dict.update``, so a list such as ``[fr, en]`` became ``{f: r, e: n}`` instead of an
  error, and it matches top-level keys without regard to case (``Themes:`` would pass); here a
  missing file, a syntax error (with its line and column) or a top level that is not a mapping
  is one line, and keys are taken as written.

Also switches Prefect to local, telemetry-free operation before Prefect is imported.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types as at
import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from verbatim.pipelines.errors import Errors, VerbatimError
from verbatim.pipelines.prefect_env import (  # noqa: F401 (re-exported)
    PROJECT_ROOT,
    configure_prefect_env,
    data_home,
)

DEFAULT_DB_PATH = data_home() / "verbatim.db"
CONFIG_FILE_ENV = "VERBATIM_CONFIG"


# ------------------------------------------------------------------------------ value types
def _not_bool(value: Any) -> Any:
    """Refuse ``true``/``false`` where a number is expected (pydantic would read them as 1/0)."""
    if isinstance(value, bool):
        raise PydanticCustomError("not_a_number", "a boolean is not a number")
    return value


def _background(value: Any) -> bool | str:
    """``embedding.background`` from YAML or the environment: True, False or "auto"."""
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    if text == "auto":
        return "auto"
    raise PydanticCustomError("background", "not true, false or auto")


def _languages(value: Any) -> Any:
    """A comma-separated string (``VERBATIM_LANGUAGES=fr,en``) as a list of codes."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _json_object(value: Any) -> Any:
    """A mapping given as text, as an environment variable gives it: a JSON object."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        raise PydanticCustomError("json", "not a JSON object") from None


Int = Annotated[int, BeforeValidator(_not_bool)]
Float = Annotated[float, BeforeValidator(_not_bool)]


def _allowed(text: str) -> Any:
    """What a key accepts, in words, for fields whose type and limits do not say it."""
    return {"allowed": text}


class _Section(BaseModel):
    """A settings section: unknown keys are refused, numbers given as text are read."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


# ------------------------------------------------------------------------------ sections
class NpsSettings(_Section):
    """Category thresholds: promoter if score >= promoter_min, detractor if <= detractor_max."""

    promoter_min: Int = Field(9, ge=0, le=10)
    detractor_max: Int = Field(6, ge=0, le=10)

    @model_validator(mode="after")
    def _ordered(self) -> NpsSettings:
        if self.detractor_max >= self.promoter_min:
            raise PydanticCustomError(
                "order",
                "detractor_max must be below promoter_min",
                {"keys": {"detractor_max": self.detractor_max, "promoter_min": self.promoter_min}},
            )
        return self


class EmbeddingSettings(_Section):
    """Which sentence encoder to use and how to batch it."""

    model: str = Field("use-multilingual-v3", min_length=1)
    batch_size: Int = Field(256, ge=1)
    # embed in a second process while the run reads and prepares comments: True, False, or
    # "auto" (only for exports of 4 MB or more, where it pays for its start-up)
    background: Annotated[bool | Literal["auto"], BeforeValidator(_background)] = Field(
        "auto", json_schema_extra=_allowed("true, false or auto")
    )
    query_prompt: str | None = None
    document_prompt: str | None = None


class ThemeSettings(_Section):
    """Theme model knobs; ``n_themes`` None means automatic granularity."""

    n_themes: Int | None = Field(
        None, ge=2, json_schema_extra=_allowed("a whole number >= 2, or null for automatic")
    )
    min_theme_size: Int = Field(8, ge=2)
    # finer than the model's default: NPS comments are narrow topics; 2.0 against 1.0 raised the
    # homogeneity of themes against real review categories from 0.36 to 0.42 on average
    # (benchmarks/theme_quality.py) with translation pairs as often in one theme (84-89%)
    resolution: Float = Field(2.0, gt=0)
    # split a topic into pain and praise (see ThemeModel); null: never split
    polarity_gap: Float | None = Field(2.0, gt=0)
    # pull each mention toward the glossary concepts it names before clustering
    # (models/anchoring.py); 0: cluster the embeddings as they are. 0.3 against 0 raised the
    # themes' homogeneity against real review categories by 0.032 on average (every set up, pairs
    # unchanged; benchmarks/theme_quality.py). A saved model fitted with another value is refitted.
    concept_anchor: Float = Field(0.3, ge=0)
    seed: Int = Field(0, ge=0)
    refit_unassigned_share: Float = Field(0.2, ge=0, le=1)
    # a refit clusters at most this many mentions (a random sample drawn by response id); the
    # others are assigned to its themes as new mentions are (nearest prototype)
    fit_sample: Int = Field(
        20_000, ge=1000, json_schema_extra=_allowed("a whole number of at least 1000 mentions")
    )
    edits_file: str | None = None  # YAML of analyst edits replayed on every run


class ReportSettings(_Section):
    """What the report adds: the segment of its league table (null: the first with 3-50 values)."""

    league_segment: str | None = Field(
        None, json_schema_extra=_allowed("a segment column of the export (e.g. Agence), or null")
    )


def _owner_name(value: Any) -> Any:
    """An owner name as ``verbatim.models.owners.check_owner`` reads it (it names a file)."""
    from verbatim.models.owners import check_owner

    try:
        return check_owner(value)
    except ValueError as exc:
        raise PydanticCustomError("owner", str(exc).split(": ", 1)[-1]) from None


OwnerName = Annotated[str, BeforeValidator(_owner_name)]
Score = Annotated[int, BeforeValidator(_not_bool), Field(ge=0, le=10)]


class FollowupSettings(_Section):
    """Who owns each theme, and which detractors get a call back (``verbatim.models.followups``)."""

    owners_file: str | None = None  # YAML theme id / label / concept -> owner, replayed every run
    # call detractors up to this score (null: every detractor, as before owners existed)...
    callback_max_score: Score | None = Field(
        None, json_schema_extra=_allowed("a score from 0 to 10, or null for every detractor")
    )
    # ...and up to a higher one when their comment mentions a theme of one of these owners
    callback_owner_scores: Annotated[dict[OwnerName, Score], BeforeValidator(_json_object)] = Field(
        default_factory=dict,
        json_schema_extra=_allowed(
            "a mapping of owner to a score from 0 to 10, e.g. {service: 6} (an owner name is "
            "1-32 lowercase letters, digits or underscores, not detractors, promoters or "
            "nonrespondents)"
        ),
    )
    per_owner_files: bool = True  # also write callback_<owner>.csv / thank_<owner>.csv


class Settings(BaseSettings):
    """Everything a run needs; one instance is passed down explicitly, never global.

    ``Settings(**values)`` holds ``values`` over the defaults; ``load_settings`` adds the file,
    the environment and the flags.
    """

    model_config = SettingsConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        validate_default=False,  # as a plain model: defaults are right by construction
        env_prefix="VERBATIM_",
        env_nested_delimiter="__",
        env_ignore_empty=True,  # VERBATIM_OUTPUT_DIR= means unset (VERBATIM_DB_URL= is refused)
        enable_decoding=False,  # lists and mappings from text are read by their validators
    )

    db_url: str = Field(default_factory=lambda: f"sqlite:///{DEFAULT_DB_PATH}")
    languages: Annotated[list[str], BeforeValidator(_languages)] = Field(
        default_factory=lambda: ["fr", "en"],
        json_schema_extra=_allowed("a list of ISO 639-1 codes such as [fr, en]"),
    )
    output_dir: str = Field("out", min_length=1)
    nps: NpsSettings = Field(default_factory=NpsSettings)
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    themes: ThemeSettings = Field(default_factory=ThemeSettings)
    report: ReportSettings = Field(default_factory=ReportSettings)
    followups: FollowupSettings = Field(default_factory=FollowupSettings)
    column_map: Annotated[dict[str, str], BeforeValidator(_json_object)] = Field(
        default_factory=dict,
        json_schema_extra=_allowed(
            "a mapping of canonical fields (score, comment, responded_at, response_id, "
            'language, customer_id, value, retention) to headers, e.g. {score: "Note globale"}'
        ),
    )

    @field_validator("db_url", mode="after")
    @classmethod
    def _default_db(cls, value: str) -> str:
        return value or f"sqlite:///{DEFAULT_DB_PATH}"

    @field_validator("languages", mode="after")
    @classmethod
    def _known_languages(cls, value: list[str]) -> list[str]:
        from verbatim.nlp.language import validate_languages

        if not value:
            raise PydanticCustomError("language", "no language given")
        for code in value:
            try:
                validate_languages([code])
            except ValueError:
                raise PydanticCustomError(
                    "language", "'{code}' is not a code lingua knows", {"code": code}
                ) from None
        return list(validate_languages(value))

    @field_validator("column_map", mode="after")
    @classmethod
    def _canonical_keys(cls, value: dict[str, str]) -> dict[str, str]:
        from verbatim.pipelines.io.ingest import FIELDS

        unknown = [k for k in value if k.strip().lower() not in FIELDS]
        if unknown:
            raise PydanticCustomError(
                "column_map", "'{key}' is not a canonical field", {"key": unknown[0]}
            )
        return value

    def as_dict(self) -> dict[str, Any]:
        """Plain dict, for recording a run's parameters."""
        return self.model_dump()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Flags, environment, YAML file, highest first, inside ``load_settings``; else flags only."""
        trace = _TRACE.get()
        if trace is None:
            return (init_settings,)
        sources: list[PydanticBaseSettingsSource] = [
            _Traced(init_settings, trace, "flag", trace.flag_name),
            _Traced(_Env(settings_cls), trace, "env", _env_name),
            _Traced(_ShortEnv(settings_cls), trace, "env", _short_env_name),
        ]
        if trace.path:
            label = str(trace.path)
            yaml_source = _yaml_source(settings_cls, Path(trace.path))
            sources.append(_Traced(yaml_source, trace, "file", lambda _: label))
        return tuple(sources)


# ------------------------------------------------------------------------------ sources
_SECTIONS = ("nps", "embedding", "themes", "report", "followups")
# documented variables whose names are not VERBATIM_<KEY> or VERBATIM_<SECTION>__<KEY>
_SHORT_ENV = {
    "VERBATIM_EMBEDDING_MODEL": "embedding.model",
    "VERBATIM_EMBEDDING_BATCH_SIZE": "embedding.batch_size",
    "VERBATIM_EMBEDDING_BACKGROUND": "embedding.background",
    "VERBATIM_PROMOTER_MIN": "nps.promoter_min",
    "VERBATIM_DETRACTOR_MAX": "nps.detractor_max",
    "VERBATIM_THEMES": "themes.n_themes",
    "VERBATIM_OWNERS_FILE": "followups.owners_file",
}
# the command-line flags that feed an override, to name them in errors
_FLAGS = {"db_url": "--db", "output_dir": "--output", "themes.n_themes": "--themes"}
_LAYERS = ("default", "file", "env", "flag")


class _Trace:
    """What each source of one ``load_settings`` call gave, highest priority first."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = path
        self.given: list[tuple[str, Callable[[list[str]], str], dict[str, Any]]] = []

    @staticmethod
    def flag_name(keys: list[str]) -> str:
        dotted = ".".join(keys)
        return _FLAGS.get(dotted, f"argument {'__'.join(keys)}")

    def _find(self, dotted: str) -> tuple[str, str]:
        """(layer, source) of the value at ``dotted``, or of the section that holds it."""
        keys = dotted.split(".") if dotted else []
        for layer, name, data in self.given:
            node: Any = data
            for depth, key in enumerate(keys):
                if not isinstance(node, dict) or key not in node:
                    break
                node = node[key]
                if depth == len(keys) - 1 or not isinstance(node, dict):
                    return layer, name(keys[: depth + 1])
        return "default", "default"

    def source(self, dotted: str) -> str:
        """Where the value at ``dotted`` came from: a file, a variable, a flag or 'default'."""
        return self._find(dotted)[1]

    def layer(self, dotted: str) -> str:
        """Which layer set ``dotted``: a later layer overrides an earlier one."""
        return self._find(dotted)[0]


_TRACE: ContextVar[_Trace | None] = ContextVar("verbatim_settings_trace", default=None)


class _Traced(PydanticBaseSettingsSource):
    """A source that keeps what it gave, to name it when a value it gave is wrong."""

    def __init__(
        self,
        inner: PydanticBaseSettingsSource,
        trace: _Trace,
        layer: str,
        name: Callable[[list[str]], str],
    ) -> None:
        super().__init__(inner.settings_cls)
        self.inner, self.trace, self.layer, self.name = inner, trace, layer, name
        self.__name__ = f"{layer}:{type(inner).__name__}"  # pydantic-settings keys states by it

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        """Unused: ``__call__`` returns the inner source's values."""
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        """The inner source's values; empty sections (``themes:`` alone in YAML) left out.

        A section that is not a mapping is refused here: merged under another source's keys
        of that section it would be dropped without a word.
        """
        data = {}
        for key, value in self.inner().items():
            if key in _SECTIONS and value is None:
                continue
            if key in _SECTIONS and not isinstance(value, dict):
                allowed = _describe(Settings.model_fields[key])
                raise VerbatimError(
                    Errors.E302,
                    option=f"{key} (from {self.name([key])})",
                    value=value,
                    rule=f"Expected {allowed}.",
                )
            data[key] = value
        self.trace.given.append((self.layer, self.name, data))
        return data


class _Env(EnvSettingsSource):
    """``VERBATIM_<KEY>`` and ``VERBATIM_<SECTION>__<KEY>``; a bare section name is not read.

    ``VERBATIM_THEMES`` is the short name of ``themes.n_themes`` (``_ShortEnv``), not the section.
    """

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        """The variable of ``field_name``, none for a section (its keys come one by one)."""
        value, key, is_complex = super().get_field_value(field, field_name)
        return (None if field_name in _SECTIONS else value), key, is_complex


class _ShortEnv(PydanticBaseSettingsSource):
    """The documented short names (``VERBATIM_THEMES``, ``VERBATIM_PROMOTER_MIN``…)."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        """Unused: ``__call__`` reads the variables by name."""
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        """The set, non-empty short variables as nested values."""
        data: dict[str, Any] = {}
        for env, dotted in _SHORT_ENV.items():
            if os.environ.get(env):
                section, key = dotted.split(".")
                data.setdefault(section, {})[key] = os.environ[env]
        return data


def _env_name(keys: list[str]) -> str:
    """The variable that gave ``keys`` (or the mapping that holds them), as it is set."""
    wanted = {name.upper(): name for name in os.environ}
    for end in range(len(keys), 0, -1):
        name = "VERBATIM_" + "__".join(keys[:end]).upper()
        if name in wanted:
            return wanted[name]
    return "VERBATIM_" + "__".join(keys).upper()


def _short_env_name(keys: list[str]) -> str:
    dotted = ".".join(keys)
    return next((env for env, key in _SHORT_ENV.items() if key == dotted), _env_name(keys))


# ------------------------------------------------------------------------------ loading
def load_settings(config_path: str | Path | None = None, **overrides: Any) -> Settings:
    """Build settings from defaults, the YAML file, env vars, then explicit overrides (CLI flags).

    Overrides use dotted keys with ``__`` (``embedding__model="..."``); None values are ignored.

    Raises:
        VerbatimError: E301 for an unreadable file or an unknown key, E302 for a wrong value;
            the message names the key, the value, its source and what is allowed.
    """
    path = config_path or os.environ.get(CONFIG_FILE_ENV)
    if path is None and Path("verbatim.yaml").exists():
        path = "verbatim.yaml"
    if path and not Path(path).exists():
        raise VerbatimError(Errors.E301, path=path, detail="file not found")
    if "VERBATIM_DB_URL" in os.environ and not os.environ["VERBATIM_DB_URL"]:
        if overrides.get("db_url") is None:
            # e.g. VERBATIM_DB_URL="" in a unit file: not silently the default store
            raise VerbatimError(
                Errors.E302,
                option="VERBATIM_DB_URL",
                value="",
                rule="It is set but empty: give the store's URL (sqlite:///path.db or "
                "postgresql+psycopg://user@host/db), or unset it to use the default store.",
            )
    flags: dict[str, Any] = {}
    for key, value in overrides.items():
        if value is not None:
            *parents, last = key.split("__")
            node = flags
            for name in parents:
                node = node.setdefault(name, {})
            node[last] = value
    trace = _Trace(path)
    token = _TRACE.set(trace)
    try:
        settings = Settings(**flags)
    except ValidationError as exc:
        raise _setting_error(exc, trace) from None
    finally:
        _TRACE.reset(token)
    return _files_beside(settings, trace)


# settings that name a file the run reads: relative in a settings file, they are read beside it
_FILE_KEYS = ("followups.owners_file", "themes.edits_file")


def _files_beside(settings: Settings, trace: _Trace) -> Settings:
    """``settings`` with the relative files its settings file names read from that file's folder.

    ``owners_file: owners.yaml`` in ``/etc/verbatim/verbatim.yaml`` is
    ``/etc/verbatim/owners.yaml`` wherever the run starts (a scheduler's working folder is not
    the one the file was written in). A path that is only there relative to the current folder
    (as the sample's settings name theirs, from the repository root) is kept as it was.
    """
    if not trace.path:
        return settings
    folder = Path(trace.path).resolve().parent
    for dotted in _FILE_KEYS:
        section, key = dotted.split(".")
        value = getattr(getattr(settings, section), key)
        if not value or Path(value).is_absolute() or trace.layer(dotted) != "file":
            continue
        beside = folder / value
        if beside.exists() or not Path(value).exists():
            part = getattr(settings, section).model_copy(update={key: str(beside)})
            settings = settings.model_copy(update={section: part})
    return settings


class _Given(PydanticBaseSettingsSource):
    """A mapping read elsewhere (the YAML file), its keys as written: ``Themes`` stays unknown.

    ``InitSettingsSource`` would match top-level keys without regard to case, as the
    environment is matched.
    """

    def __init__(self, settings_cls: type[BaseSettings], values: dict[str, Any]) -> None:
        super().__init__(settings_cls)
        self.values = values

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        """Unused: ``__call__`` returns the mapping."""
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        """The mapping as read."""
        return self.values


def _yaml_source(settings_cls: type[BaseSettings], path: Path) -> _Given:
    """The YAML file's mapping as a source; the file's own problems as one E301 line.

    Read here rather than by ``YamlConfigSettingsSource``, which merges the file's top level
    into a dict with ``dict.update``: a list such as ``[fr, en]`` is read as ``{f: r, e: n}``
    instead of being refused, and a file that does not exist is skipped without a word.
    """
    try:
        values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise VerbatimError(Errors.E301, path=path, detail=f"{problem}{where}") from None
    except (UnicodeDecodeError, OSError) as exc:
        raise VerbatimError(Errors.E301, path=path, detail=str(exc).splitlines()[0]) from None
    if not isinstance(values, dict):
        raise VerbatimError(Errors.E301, path=path, detail="the top level must be a mapping")
    return _Given(settings_cls, values)


# ------------------------------------------------------------------------------ errors
def _setting_error(exc: ValidationError, trace: _Trace) -> VerbatimError:
    """The first of pydantic's errors as one ``VerbatimError`` a user can act on."""
    errors = exc.errors()
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    others = [_dotted(e["loc"]) for e in errors if e is not first]
    more = f" ({len(others)} more: {', '.join(others)})" if others else ""
    keys = [str(part) for part in first["loc"] if isinstance(part, str)]
    dotted = ".".join(keys)
    if first["type"] == "extra_forbidden":
        section = ".".join(keys[:-1])
        valid = list(_model_at(keys[:-1]).model_fields)
        close = difflib.get_close_matches(keys[-1], valid, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        detail = (
            f"unknown key '{dotted}'{hint}. Valid keys"
            f"{' of ' + section if section else ''}: {', '.join(valid)}{more}"
        )
        return VerbatimError(Errors.E301, path=trace.source(dotted), detail=detail)
    ctx = first.get("ctx") or {}
    if first["type"] == "order":  # a rule across keys: blame the one the user set last
        section = ".".join(keys)
        given = {f"{section}.{k}": v for k, v in ctx["keys"].items()}
        names = list(given)
        blamed = max(names, key=lambda n: _LAYERS.index(trace.layer(n)))
        rest = ", ".join(f"{n} is {given[n]!r} ({trace.source(n)})" for n in names if n != blamed)
        rule = f"Expected {' < '.join(names)}; {rest}.{more}"
        return VerbatimError(
            Errors.E302,
            option=f"{blamed} (from {trace.source(blamed)})",
            value=given[blamed],
            rule=rule,
        )
    info = _field_at(keys)
    allowed = _describe(info) if info is not None else first["msg"]
    value = first["input"]
    detail = f" ({first['msg']})" if first["type"] in ("language", "column_map", "json") else ""
    rule = f"Expected {allowed}{detail}.{more}"
    return VerbatimError(
        Errors.E302, option=f"{dotted} (from {trace.source(dotted)})", value=value, rule=rule
    )


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc if isinstance(part, str))


def _model_at(keys: list[str]) -> type[BaseModel]:
    model: type[BaseModel] = Settings
    for key in keys:
        model = model.model_fields[key].annotation  # type: ignore[assignment]
    return model


def _field_at(keys: list[str]) -> FieldInfo | None:
    model: Any = Settings
    info = None
    for key in keys:
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return info
        info = model.model_fields.get(key)
        if info is None:
            return None
        model = info.annotation
    return info


def _describe(info: FieldInfo) -> str:
    """What a field accepts, in words: from its ``allowed`` note, else its type and limits."""
    extra = info.json_schema_extra
    if isinstance(extra, dict) and "allowed" in extra:
        return str(extra["allowed"])
    annotation = info.annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"a mapping with keys {', '.join(annotation.model_fields)}"
    optional = get_origin(annotation) in (Union, UnionType) and type(None) in get_args(annotation)
    base = next(a for a in get_args(annotation) if a is not type(None)) if optional else annotation
    if get_origin(base) is Annotated:
        base = get_args(base)[0]
    kind = {int: "a whole number", float: "a number", str: "text"}.get(base, str(base))
    limits = {type(m): m for m in info.metadata}
    if at.MinLen in limits:
        text = f"non-empty {kind}"
    elif at.Ge in limits and at.Le in limits:
        text = f"{kind} from {limits[at.Ge].ge} to {limits[at.Le].le}"
    else:
        bounds = [
            f"{sign} {getattr(limits[kind_], attr)}"
            for kind_, sign, attr in ((at.Ge, ">=", "ge"), (at.Gt, ">", "gt"), (at.Le, "<=", "le"))
            if kind_ in limits
        ]
        text = " ".join([kind, " and ".join(bounds)]).strip()
    return text + (", or null" if optional else "")
