"""The product reaches other packages through their public APIs only (issue 13).

These names are what pinned SQLAlchemy below 2.1 and Prefect below 3.9: SQLAlchemy's compiled
statement internals (``positiontup``, ``binds``, ``escaped_bind_names``) in the store's bulk
writes, and ``prefect._internal`` in cron validation.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("pipelines", "models", "nlp")


def _hits(needle: str) -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if needle in line:
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


@pytest.mark.parametrize("needle", ["positiontup", ".binds", "escaped_bind_names", "_internal"])
def test_public_apis_no_private_internals_of_other_packages(needle):
    assert _hits(needle) == []
