"""One import package, ``verbatim``: the top-level folders are installed as its sub-packages.

The repository keeps the design card's folders (``nlp/``, ``models/``, ``pipelines/``); installed,
they are ``verbatim.nlp``, ``verbatim.models`` and ``verbatim.pipelines``, and the generic names
are never top-level packages (they would collide with other distributions and users' modules).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import verbatim

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("nlp", "models", "pipelines")
SCANNED = (*FOLDERS, "tests", "benchmarks", "data", "notebooks")
KEEP_MARKER = "pre-namespace"  # a line that names the old layout on purpose (benchmarks/latency.py)


def _sources() -> list[tuple[Path, str]]:
    """Python sources of the tree: .py files and the notebooks' code cells."""
    found = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix == ".py":
                found.append((path, path.read_text(encoding="utf-8")))
            elif path.suffix == ".ipynb" and ".ipynb_checkpoints" not in path.parts:
                cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
                code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
                found.append((path, "\n".join(code)))
    return found


def _modules(folder: str) -> set[str]:
    """Names that follow ``folder.`` in a module path: its modules and sub-packages."""
    base = ROOT / folder
    return {p.stem for p in base.glob("*.py") if p.stem != "__init__"} | {
        p.name for p in base.iterdir() if p.is_dir() and any(p.rglob("*.py"))
    }


def _bare_references(source: str) -> list[tuple[int, str]]:
    """Lines that import, or name as a module path in a string, a folder as a top-level package."""
    folders = "|".join(FOLDERS)
    from_import = re.compile(rf"(?:^|[\s\"';])from\s+(?:{folders})(?:\.\w+)*\s+import\b")
    plain_import = re.compile(rf"(?:^|[\s\"';])import\s+(?:{folders})\b")
    tail_of_from = re.compile(r"\bfrom\s+[\w.]+\s+$")  # from sentence_transformers import models
    dotted = re.compile(
        "|".join(
            rf"[\"'](?:-m\s+)?{folder}\.(?:{'|'.join(sorted(_modules(folder)))})\b"
            for folder in FOLDERS
        )
    )
    found = []
    for number, line in enumerate(source.splitlines(), 1):
        if KEEP_MARKER in line:
            continue
        plain = any(
            not tail_of_from.search(line[: m.start() + 1]) for m in plain_import.finditer(line)
        )
        if from_import.search(line) or plain or dotted.search(line):
            found.append((number, line.strip()))
    return found


def test_namespace_no_bare_imports_of_the_top_level_folders():
    # in the repository root the folders are importable by their bare names too (the working
    # folder is on sys.path): a bare import would load a second copy of a module there, and
    # fail once installed
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line}"
        for path, source in _sources()
        for number, line in _bare_references(source)
    ]
    assert not found, "import these as verbatim.<folder>...:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        # each line says pre-namespace, so that neither this test nor the conversion takes it
        "from pipelines.cli import main",  # pre-namespace
        "import models.drivers  # noqa: F401",  # pre-namespace
        '    "from nlp.embed import embed_texts\\n"',  # pre-namespace
        '[sys.executable, "-m", "pipelines.steps.embedder"]',  # pre-namespace
        'monkeypatch.setattr("pipelines.interfaces.api.analyse", broken)',  # pre-namespace
    ],
)
def test_namespace_bare_reference_check_finds(line):
    assert _bare_references(line) == [(1, line.strip())]


@pytest.mark.parametrize(
    "line",
    [
        "from verbatim.pipelines.interfaces.cli import main",
        "from sentence_transformers import models",
        "self.models.append(x)",
        'config["nlp"]["lang"] = "xx"',
        "nlp.pipe(texts)",
        "# models/drivers.py holds the statistics",
    ],
)
def test_namespace_bare_reference_check_leaves(line):
    assert _bare_references(line) == []


def test_namespace_pyproject_installs_every_sub_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    assert setuptools["package-dir"] == {f"verbatim.{f}": f for f in FOLDERS}
    expected = {"verbatim"} | {
        "verbatim." + ".".join(init.parent.relative_to(ROOT).parts)
        for folder in FOLDERS
        for init in (ROOT / folder).rglob("__init__.py")
    }
    listed = set(setuptools["packages"])
    assert not expected - listed, f"add to [tool.setuptools] packages: {sorted(expected - listed)}"
    assert not listed - expected, f"no such package: {sorted(listed - expected)}"
    assert config["project"]["scripts"]["verbatim"] == "verbatim.pipelines.interfaces.cli:main"
    assert set(setuptools["package-data"]) <= listed
    assert "version" in config["project"]["dynamic"]
    assert setuptools["dynamic"]["version"] == {"attr": "verbatim.__version__"}


def _python(code: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_namespace_installed_imports_only_verbatim(tmp_path):
    try:
        installed = importlib.metadata.version("verbatim")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("verbatim is not installed in this environment (pip install -e .)")
    # one source: pyproject reads the package's (an editable install keeps the version it was
    # installed with: `make` reinstalls when verbatim/__init__.py changes)
    assert installed == verbatim.__version__, "reinstall: pip install -e ."
    ok = _python(
        "import verbatim.models, verbatim.nlp, verbatim.pipelines, verbatim.pipelines.interfaces.cli\n"
        "print(verbatim.__version__)",
        cwd=tmp_path,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == verbatim.__version__
    for folder in FOLDERS:
        bare = _python(f"import importlib; importlib.import_module({folder!r})", cwd=tmp_path)
        assert f"ModuleNotFoundError: No module named '{folder}'" in bare.stderr, bare.stderr


def test_namespace_checkout_on_the_path_without_install(tmp_path):
    # PYTHONPATH=checkout (benchmarks/latency.py --tree): the checkout's folders, not the install's
    # (-S: no site-packages, no install to fall back on; verbatim.nlp.hashing needs the stdlib)
    done = subprocess.run(
        [sys.executable, "-S", "-c", "import verbatim.nlp.hashing as h; print(h.__file__)"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == ROOT / "nlp" / "hashing.py"
