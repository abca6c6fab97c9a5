"""Verbatim: NPS survey exports turned into themes, drivers and a report.

Installed, the repository's top-level folders are the sub-packages of this one
(``pyproject.toml``, ``[tool.setuptools] package-dir``): ``nlp/`` is ``verbatim.nlp``,
``models/`` is ``verbatim.models``, ``pipelines/`` is ``verbatim.pipelines``.
"""

from pathlib import Path

__version__ = "0.1.0"  # the one place the version is written: pyproject.toml reads it here

# A source checkout on sys.path without an install (the repository root as the working folder,
# PYTHONPATH, benchmarks/ running another checkout) finds this folder, whose sub-packages sit
# beside it: look for them there, as an install puts them inside it.
if not (Path(__file__).parent / "pipelines").is_dir():
    __path__.append(str(Path(__file__).resolve().parent.parent))
