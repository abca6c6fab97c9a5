"""Settings: layered defaults → YAML → env → flags, every wrong value refused in one clear line."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.helpers import verbatim
from verbatim.pipelines.errors import VerbatimError
from verbatim.pipelines.settings import DEFAULT_DB_PATH, Settings, load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    """No VERBATIM_* variable of the caller, and no verbatim.yaml but the test's own."""
    for name in list(os.environ):
        if name.startswith("VERBATIM_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def _yaml(folder: Path, text: str) -> Path:
    path = folder / "verbatim.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text,message",
    [
        (
            "themes: {resolution: high}",
            "[E302] Invalid value for themes.resolution (from verbatim.yaml): 'high'. "
            "Expected a number > 0.",
        ),
        (
            "nps: {promoter_min: nine}",
            "Invalid value for nps.promoter_min (from verbatim.yaml): 'nine'. "
            "Expected a whole number from 0 to 10.",
        ),
        (
            "nps: {promoter_min: 9.5}",
            "nps.promoter_min (from verbatim.yaml): 9.5. Expected a whole",
        ),
        (
            "nps: {promoter_min: true}",
            "nps.promoter_min (from verbatim.yaml): True. Expected a whole",
        ),
        (
            "nps: {detractor_max: -1}",
            "nps.detractor_max (from verbatim.yaml): -1. Expected a whole",
        ),
        (
            "themes: {n_themes: 1}",
            "themes.n_themes (from verbatim.yaml): 1. Expected a whole number >= 2, or null",
        ),
        (
            "themes: {fit_sample: 10}",
            "themes.fit_sample (from verbatim.yaml): 10. Expected a whole",
        ),
        (
            "themes: {polarity_gap: 0}",
            "themes.polarity_gap (from verbatim.yaml): 0. Expected a number > 0, or null",
        ),
        (
            "themes: {refit_unassigned_share: 1.5}",
            "themes.refit_unassigned_share (from verbatim.yaml): 1.5. Expected a number from 0 to 1.",
        ),
        (
            "embedding: {background: sometimes}",
            "embedding.background (from verbatim.yaml): 'sometimes'. Expected true, false or auto.",
        ),
        (
            "embedding: {batch_size: 0}",
            "embedding.batch_size (from verbatim.yaml): 0. Expected a whole number >= 1.",
        ),
        (
            "languages: [fr, xx]",
            "languages (from verbatim.yaml): ['fr', 'xx']. Expected a list of ISO 639-1 codes such as [fr, en] ('xx' is not",
        ),
        ("column_map: {scor: Note}", "('scor' is not a canonical field)"),
        ("themes: 3", "themes (from verbatim.yaml): 3. Expected a mapping with keys n_themes, "),
    ],
)
def test_settings_wrong_yaml_value_names_key_value_source_and_rule(tmp_path, text, message):
    _yaml(tmp_path, text)
    with pytest.raises(VerbatimError) as caught:
        load_settings()
    assert message in caught.value.message


@pytest.mark.parametrize(
    "text,blamed,other",
    [
        (
            "nps: {promoter_min: 5}",
            "nps.promoter_min (from verbatim.yaml): 5.",
            "nps.detractor_max is 6 (default)",
        ),
        (
            "nps: {detractor_max: 9}",
            "nps.detractor_max (from verbatim.yaml): 9.",
            "nps.promoter_min is 9 (default)",
        ),
    ],
)
def test_settings_thresholds_must_be_ordered(tmp_path, text, blamed, other):
    _yaml(tmp_path, text)
    with pytest.raises(VerbatimError) as caught:
        load_settings()
    assert blamed in caught.value.message
    assert "Expected nps.detractor_max < nps.promoter_min" in caught.value.message
    assert other in caught.value.message


@pytest.mark.parametrize(
    "text,message",
    [
        (
            "themes: {resolutoin: 2}",
            "[E301] Invalid configuration in verbatim.yaml: unknown key 'themes.resolutoin' "
            "(did you mean 'resolution'?). Valid keys of themes: n_themes, min_theme_size, "
            "resolution, polarity_gap, concept_anchor, seed, refit_unassigned_share, fit_sample, "
            "edits_file.",
        ),
        (
            "colour: blue",
            "unknown key 'colour'. Valid keys: db_url, languages, output_dir, nps, embedding, "
            "themes, report, followups, column_map.",
        ),
        ("nps: {promoter: 8}", "unknown key 'nps.promoter' (did you mean 'promoter_min'?)"),
        ("Themes: {n_themes: 4}", "unknown key 'Themes' (did you mean 'themes'?)"),
    ],
)
def test_settings_unknown_key_lists_the_valid_ones(tmp_path, text, message):
    _yaml(tmp_path, text)
    with pytest.raises(VerbatimError) as caught:
        load_settings()
    assert message in caught.value.message


@pytest.mark.parametrize(
    "name,value,message",
    [
        ("VERBATIM_PROMOTER_MIN", "nine", "nps.promoter_min (from VERBATIM_PROMOTER_MIN): 'nine'."),
        ("VERBATIM_DETRACTOR_MAX", "9", "nps.detractor_max (from VERBATIM_DETRACTOR_MAX): 9."),
        ("VERBATIM_THEMES", "1", "themes.n_themes (from VERBATIM_THEMES): '1'. Expected a whole"),
        ("VERBATIM_EMBEDDING_BACKGROUND", "maybe", "(from VERBATIM_EMBEDDING_BACKGROUND): 'maybe'"),
        (
            "VERBATIM_EMBEDDING_BATCH_SIZE",
            "big",
            "embedding.batch_size (from VERBATIM_EMBEDDING_BATCH_SIZE)",
        ),
        ("VERBATIM_LANGUAGES", "fr,zz", "'zz' is not a code lingua knows"),
    ],
)
def test_settings_wrong_env_var_is_named(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(VerbatimError) as caught:
        load_settings()
    assert message in caught.value.message


@pytest.mark.parametrize("text", ["nps: {promoter_min: '9', detractor_max: '6'}"])
def test_settings_numbers_written_as_text_are_read_as_numbers(tmp_path, monkeypatch, text):
    _yaml(tmp_path, text + "\nthemes: {resolution: '1.5'}\nlanguages: fr, en")
    monkeypatch.setenv("VERBATIM_THEMES", "12")
    settings = load_settings()
    assert settings.nps.promoter_min == 9 and isinstance(settings.nps.promoter_min, int)
    assert settings.themes.resolution == 1.5
    assert settings.themes.n_themes == 12
    assert settings.languages == ["fr", "en"]


@pytest.mark.parametrize("override", [{"themes__n_themes": 9}])
def test_settings_layers_defaults_yaml_env_flags(tmp_path, monkeypatch, override):
    _yaml(
        tmp_path,
        "output_dir: reports\nnps: {promoter_min: 8}\nthemes: {n_themes: 5, seed: 3}\n"
        "embedding: {background: false}\ncolumn_map: {score: Note globale}",
    )
    monkeypatch.setenv("VERBATIM_THEMES", "7")
    monkeypatch.setenv("VERBATIM_DB_URL", "sqlite:///env.db")
    settings = load_settings(None, **override)
    assert settings.output_dir == "reports"  # YAML over default
    assert settings.nps.promoter_min == 8 and settings.nps.detractor_max == 6
    assert settings.themes.seed == 3 and settings.themes.resolution == 2.0
    assert settings.embedding.background is False
    assert settings.column_map == {"score": "Note globale"}
    assert settings.db_url == "sqlite:///env.db"  # env over default
    assert settings.themes.n_themes == 9  # flag over env over YAML
    assert load_settings(None).themes.n_themes == 7


@pytest.mark.parametrize("kwargs", [{}, {"db_url": ""}])
def test_settings_defaults_are_the_documented_ones(kwargs):
    settings = Settings(**kwargs)
    assert settings.db_url == f"sqlite:///{DEFAULT_DB_PATH}"
    assert settings.languages == ["fr", "en"] and settings.output_dir == "out"
    assert (settings.nps.promoter_min, settings.nps.detractor_max) == (9, 6)
    assert settings.embedding.model == "use-multilingual-v3"
    assert settings.embedding.background == "auto" and settings.embedding.batch_size == 256
    assert settings.themes.n_themes is None and settings.themes.resolution == 2.0
    assert settings.themes.fit_sample == 20_000 and settings.themes.edits_file is None
    assert Settings.model_validate(settings.as_dict()) == settings  # recorded with each run


@pytest.mark.parametrize(
    "files,env,message",
    [
        (
            {"verbatim.yaml": "themes: {resolution: high}"},
            {},
            "themes.resolution (from verbatim.yaml): 'high'",
        ),
        ({}, {"VERBATIM_PROMOTER_MIN": "nine"}, "nps.promoter_min (from VERBATIM_PROMOTER_MIN)"),
        (
            {"other.yaml": "nps: {promotor_min: 8}"},
            {"VERBATIM_CONFIG": "other.yaml"},
            "unknown key 'nps.promotor_min'",
        ),
        (
            {"verbatim.yaml": "followups: {owners_file: owner.yaml}"},
            {},
            "Invalid value for followups.owners_file: ",
        ),
    ],
)
def test_settings_wrong_value_stops_run_before_prefect(tmp_path, sample_path, files, env, message):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    start = time.perf_counter()
    proc = verbatim(
        "run",
        str(sample_path),
        "--db",
        f"sqlite:///{tmp_path / 'v.db'}",
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    elapsed = time.perf_counter() - start
    output = proc.stdout + proc.stderr
    assert proc.returncode == 2, output
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in output and "temporary server" not in output
    assert not (tmp_path / "v.db").exists()  # no store touched
    assert elapsed < 10, elapsed


@pytest.mark.parametrize("command", [["nps"], ["check", "any.csv"], ["themes"]])
def test_settings_every_command_refuses_a_wrong_value(tmp_path, command):
    proc = verbatim(
        *command, cwd=tmp_path, env={"VERBATIM_EMBEDDING_BACKGROUND": "sometimes"}, timeout=120
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "embedding.background (from VERBATIM_EMBEDDING_BACKGROUND): 'sometimes'" in proc.stderr


@pytest.mark.parametrize(
    "name,value,section,key,expected",
    [
        ("VERBATIM_THEMES__RESOLUTION", "1.5", "themes", "resolution", 1.5),
        ("VERBATIM_NPS__PROMOTER_MIN", "8", "nps", "promoter_min", 8),
        ("VERBATIM_EMBEDDING__BACKGROUND", "false", "embedding", "background", False),
        (
            "VERBATIM_FOLLOWUPS__CALLBACK_OWNER_SCORES",
            '{"service": 6}',
            "followups",
            "callback_owner_scores",
            {"service": 6},
        ),
    ],
)
def test_settings_any_key_from_its_nested_variable(
    monkeypatch, name, value, section, key, expected
):
    monkeypatch.setenv(name, value)
    assert getattr(getattr(load_settings(), section), key) == expected


@pytest.mark.parametrize(
    "env,message",
    [
        (
            {"VERBATIM_THEMES__RESOLUTION": "high"},
            "[E302] Invalid value for themes.resolution (from VERBATIM_THEMES__RESOLUTION): "
            "'high'. Expected a number > 0.",
        ),
        (
            {"VERBATIM_THEMES__RESOLUTOIN": "2"},
            "[E301] Invalid configuration in VERBATIM_THEMES__RESOLUTOIN: unknown key "
            "'themes.resolutoin' (did you mean 'resolution'?)",
        ),
        (
            {"VERBATIM_COLUMN_MAP": "score=Note"},
            "column_map (from VERBATIM_COLUMN_MAP): 'score=Note'. Expected a mapping of "
            "canonical fields",
        ),
    ],
)
def test_settings_wrong_nested_variable_is_named(monkeypatch, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(VerbatimError) as caught:
        load_settings()
    assert message in caught.value.message


@pytest.mark.parametrize(
    "env,flag,expected",
    [
        ({}, None, 4),
        ({"VERBATIM_THEMES": "6"}, None, 6),
        ({"VERBATIM_THEMES": "6", "VERBATIM_THEMES__N_THEMES": "5"}, None, 5),
        ({"VERBATIM_THEMES": "6", "VERBATIM_THEMES__N_THEMES": "5"}, 9, 9),
    ],
)
def test_settings_short_and_nested_variables_layer_between_file_and_flags(
    tmp_path, monkeypatch, env, flag, expected
):
    _yaml(tmp_path, "themes: {n_themes: 4}")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert load_settings(None, themes__n_themes=flag).themes.n_themes == expected


@pytest.mark.parametrize("kwargs", [{}, {"output_dir": "elsewhere"}])
def test_settings_in_code_read_neither_file_nor_environment(tmp_path, monkeypatch, kwargs):
    _yaml(tmp_path, "themes: {n_themes: 4}\noutput_dir: reports")
    monkeypatch.setenv("VERBATIM_THEMES", "6")
    monkeypatch.setenv("VERBATIM_DB_URL", "sqlite:///env.db")
    settings = Settings(**kwargs)
    assert settings.themes.n_themes is None
    assert settings.db_url == f"sqlite:///{DEFAULT_DB_PATH}"
    assert settings.output_dir == kwargs.get("output_dir", "out")


@pytest.mark.parametrize(
    "text,env,message",
    [
        (
            "themes:\n  resolution: [1\n",
            {},
            "verbatim.yaml: expected ',' or ']', but got '<stream end>' at line 3, column 1.",
        ),
        ("- fr\n- en\n", {}, "verbatim.yaml: the top level must be a mapping."),
        (
            None,
            {"VERBATIM_CONFIG": "missing.yaml"},
            "[E301] Invalid configuration in missing.yaml: file not found.",
        ),
        (
            "themes: 3",
            {"VERBATIM_THEMES": "6"},
            "themes (from verbatim.yaml): 3. Expected a mapping with keys n_themes",
        ),
    ],
)
def test_settings_file_problems_are_one_line(tmp_path, monkeypatch, text, env, message):
    if text is not None:
        _yaml(tmp_path, text)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(VerbatimError) as caught:
        load_settings()
    assert message in caught.value.message


@pytest.mark.parametrize("text", ["themes:\nnps: {promoter_min: 10}"])
def test_settings_an_empty_section_keeps_its_defaults(tmp_path, text):
    _yaml(tmp_path, text)
    settings = load_settings()
    assert settings.themes.resolution == 2.0 and settings.nps.promoter_min == 10


def test_settings_files_named_in_a_settings_file_are_read_beside_it(tmp_path, monkeypatch):
    """A scheduler starts the run in another folder: the owners file is still the one beside."""
    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "owners.yaml").write_text("concepts: {delivery: partner}\n", encoding="utf-8")
    (tmp_path / "edits.yaml").write_text("edits: []\n", encoding="utf-8")
    config = _yaml(etc, "followups: {owners_file: owners.yaml}\nthemes: {edits_file: edits.yaml}")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    settings = load_settings(config)
    assert settings.followups.owners_file == str((etc / "owners.yaml").resolve())
    assert settings.themes.edits_file == str((etc / "edits.yaml").resolve())  # not there: named
    # a path only found from the folder the command runs in is kept as it was written
    monkeypatch.chdir(tmp_path)
    assert load_settings(config).themes.edits_file == "edits.yaml"
    # a variable or a flag is a path from the current folder, as a shell reads it
    monkeypatch.setenv("VERBATIM_OWNERS_FILE", "owners.yaml")
    assert load_settings(config).followups.owners_file == "owners.yaml"
