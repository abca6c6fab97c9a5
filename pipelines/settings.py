"""Run settings: defaults, then a YAML file (``verbatim.yaml``), then ``VERBATIM_*`` env vars, then flags.

Each section is a pydantic model that declares its keys, types and limits, so every value is
checked when the settings load, before a run reads a file or starts Prefect. A wrong value is
one line naming the key, the value, where it came from and what is allowed::

    [E302] Invalid value for themes.resolution (from verbatim.yaml): 'high'. Expected a number > 0.

and an unknown key lists the valid keys of its section, naming the closest one. Numbers written as
text (``promoter_min: "9"``, as every environment variable is) are read as numbers; ``"nine"``,
``9.5`` for a whole number and ``true`` for a number are refused.

The layers are merged here rather than by pydantic-settings: it merges its sources before
validating, so it could not say which file or variable gave a wrong value, and the historical
variable names (``VERBATIM_THEMES``, ``VERBATIM_PROMOTER_MIN``) follow no nesting scheme it reads.

Also switches Prefect to local, telemetry-free operation before Prefect is imported.
"""

from __future__ import annotations

import difflib
import os
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

from pipelines.errors import Errors, VerbatimError
from pipelines.prefect_env import (  # noqa: F401 (re-exported)
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
    """An owner name as ``models.owners.check_owner`` reads it (it names a file)."""
    from models.owners import check_owner

    try:
        return check_owner(value)
    except ValueError as exc:
        raise PydanticCustomError("owner", str(exc).split(": ", 1)[-1]) from None


OwnerName = Annotated[str, BeforeValidator(_owner_name)]
Score = Annotated[int, BeforeValidator(_not_bool), Field(ge=0, le=10)]


class FollowupSettings(_Section):
    """Who owns each theme, and which detractors get a call back (``models.followups``)."""

    owners_file: str | None = None  # YAML theme id / label / concept -> owner, replayed every run
    # call detractors up to this score (null: every detractor, as before owners existed)...
    callback_max_score: Score | None = Field(
        None, json_schema_extra=_allowed("a score from 0 to 10, or null for every detractor")
    )
    # ...and up to a higher one when their comment mentions a theme of one of these owners
    callback_owner_scores: dict[OwnerName, Score] = Field(
        default_factory=dict,
        json_schema_extra=_allowed(
            "a mapping of owner to a score from 0 to 10, e.g. {service: 6} (an owner name is "
            "1-32 lowercase letters, digits or underscores, not detractors, promoters or "
            "nonrespondents)"
        ),
    )
    per_owner_files: bool = True  # also write callback_<owner>.csv / thank_<owner>.csv


class Settings(_Section):
    """Everything a run needs; one instance is passed down explicitly, never global."""

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
    column_map: dict[str, str] = Field(
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
        from nlp.language import validate_languages

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
        from pipelines.ingest import FIELDS

        unknown = [k for k in value if k.strip().lower() not in FIELDS]
        if unknown:
            raise PydanticCustomError(
                "column_map", "'{key}' is not a canonical field", {"key": unknown[0]}
            )
        return value

    def as_dict(self) -> dict[str, Any]:
        """Plain dict, for recording a run's parameters."""
        return self.model_dump()


# ------------------------------------------------------------------------------ loading
_ENV = {
    "VERBATIM_DB_URL": "db_url",
    "VERBATIM_OUTPUT_DIR": "output_dir",
    "VERBATIM_LANGUAGES": "languages",
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
_SECTIONS = ("nps", "embedding", "themes", "report", "followups")


def load_settings(config_path: str | Path | None = None, **overrides: Any) -> Settings:
    """Build settings from defaults, the YAML file, env vars, then explicit overrides (CLI flags).

    Overrides use dotted keys with ``__`` (``embedding__model="..."``); None values are ignored.

    Raises:
        VerbatimError: E301 for an unreadable file or an unknown key, E302 for a wrong value;
            the message names the key, the value, its source and what is allowed.
    """
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    path = config_path or os.environ.get(CONFIG_FILE_ENV)
    if path is None and Path("verbatim.yaml").exists():
        path = "verbatim.yaml"
    if path:
        for key, value in _read_yaml(Path(path)).items():
            if key in _SECTIONS and value is None:  # `themes:` with every key commented out
                continue
            if key in _SECTIONS and isinstance(value, dict):
                for sub, item in value.items():
                    _put(values, sources, f"{key}.{sub}", item, str(path))
            else:
                _put(values, sources, str(key), value, str(path))
    for env, dotted in _ENV.items():
        if os.environ.get(env):
            _put(values, sources, dotted, os.environ[env], env)
        elif env in os.environ and dotted == "db_url" and overrides.get("db_url") is None:
            # e.g. VERBATIM_DB_URL="" in a unit file: not silently the default store
            raise VerbatimError(
                Errors.E302,
                option=env,
                value="",
                rule="It is set but empty: give the store's URL (sqlite:///path.db or "
                "postgresql+psycopg://user@host/db), or unset it to use the default store.",
            )
    for key, value in overrides.items():
        if value is not None:
            dotted = key.replace("__", ".")
            _put(values, sources, dotted, value, _FLAGS.get(dotted, f"argument {key}"))
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        raise _setting_error(exc, sources) from None


def _read_yaml(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise VerbatimError(Errors.E301, path=path, detail="file not found")
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
    return values


def _put(
    values: dict[str, Any], sources: dict[str, str], dotted: str, value: Any, src: str
) -> None:
    """Set ``values[a][b] = value`` for ``dotted`` "a.b" and remember where it came from."""
    *parents, last = dotted.split(".")
    node = values
    for name in parents:
        node = node.setdefault(name, {})
        if not isinstance(node, dict):  # the section itself is wrong: pydantic says so
            return
    node[last] = value
    sources[dotted] = src


# ------------------------------------------------------------------------------ errors
def _setting_error(exc: ValidationError, sources: dict[str, str]) -> VerbatimError:
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
        return VerbatimError(Errors.E301, path=_source(dotted, sources), detail=detail)
    ctx = first.get("ctx") or {}
    if first["type"] == "order":  # a rule across keys: blame the one the user set last
        section = ".".join(keys)
        given = {f"{section}.{k}": v for k, v in ctx["keys"].items()}
        names = list(given)
        blamed = max(names, key=lambda n: _LAYERS.index(_layer(n, sources)))
        rest = ", ".join(
            f"{n} is {given[n]!r} ({_source(n, sources)})" for n in names if n != blamed
        )
        rule = f"Expected {' < '.join(names)}; {rest}.{more}"
        return VerbatimError(
            Errors.E302,
            option=f"{blamed} (from {_source(blamed, sources)})",
            value=given[blamed],
            rule=rule,
        )
    info = _field_at(keys)
    allowed = _describe(info) if info is not None else first["msg"]
    value = first["input"]
    detail = f" ({first['msg']})" if first["type"] in ("language", "column_map") else ""
    rule = f"Expected {allowed}{detail}.{more}"
    return VerbatimError(
        Errors.E302, option=f"{dotted} (from {_source(dotted, sources)})", value=value, rule=rule
    )


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc if isinstance(part, str))


def _source(dotted: str, sources: dict[str, str]) -> str:
    """Where the value at ``dotted`` (or its section) came from; 'default' when unset."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        found = sources.get(".".join(parts[:end]))
        if found:
            return found
    return "default"


_LAYERS = ("default", "file", "env", "flag")


def _layer(dotted: str, sources: dict[str, str]) -> str:
    """Which layer set ``dotted``: a later layer overrides an earlier one."""
    source = _source(dotted, sources)
    if source == "default":
        return "default"
    if source.startswith("VERBATIM_"):
        return "env"
    if source.startswith(("--", "argument ")):
        return "flag"
    return "file"


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
