"""Declared parameter limits of the project's estimators, checked in ``fit`` (scikit-learn style).

scikit-learn's own ``Interval`` and ``validate_params`` live in a private module
(``sklearn.utils._param_validation``) that may change in any release; this is the small
part the project uses, with the same messages ("The 'C' parameter of PolarityModel must be a
float in the range (0.0, inf). Got -1 instead.").
"""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator


class Interval:
    """A numeric range constraint, printed the way scikit-learn prints it."""

    def __init__(self, kind: type, left: float | None, right: float | None, closed: str) -> None:
        self.kind, self.left, self.right, self.closed = kind, left, right, closed

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` is of the kind and within the range."""
        if isinstance(value, bool) or not isinstance(value, self.kind):
            return False
        if self.kind is Real and not np.isfinite(value):
            return False
        lo_ok = self.left is None or (
            value >= self.left if self.closed in ("left", "both") else value > self.left
        )
        hi_ok = self.right is None or (
            value <= self.right if self.closed in ("right", "both") else value < self.right
        )
        return lo_ok and hi_ok

    def __str__(self) -> str:
        name = "an int" if self.kind is Integral else "a float"
        lb = "[" if self.closed in ("left", "both") else "("
        rb = "]" if self.closed in ("right", "both") else ")"
        lo = "-inf" if self.left is None else self.left
        hi = "inf" if self.right is None else self.right
        if self.kind is Real:
            lo = lo if self.left is None else float(lo)
            hi = hi if self.right is None else float(hi)
        return f"{name} in the range {lb}{lo}, {hi}{rb}"


class Boolean:
    """A true/false constraint (``True``, ``False`` or a NumPy bool; not 0 or 1)."""

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` is a bool."""
        return isinstance(value, (bool, np.bool_))

    def __str__(self) -> str:
        return "an instance of 'bool'"


def validate_params(estimator: BaseEstimator) -> None:
    """Check ``estimator.get_params()`` against ``_parameter_constraints`` (sklearn messages)."""
    name = type(estimator).__name__
    for param, value in estimator.get_params(deep=False).items():
        rules = estimator._parameter_constraints.get(param, [])
        if any(r is None and value is None or r is not None and r.accepts(value) for r in rules):
            continue
        texts = [str(r) for r in rules if r is not None] + ["None" for r in rules if r is None]
        rule = texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " or " + texts[-1]
        raise ValueError(
            f"The '{param}' parameter of {name} must be {rule}. Got {value!r} instead."
        )


def from_state_params(cls: type, state: dict, version: int) -> BaseEstimator:
    """An unfitted ``cls`` made from a saved state's ``params``, validated.

    The first step of every model's ``from_state``: a ValueError names a state of another
    version, a parameter this version does not have, or a value out of its bounds.
    """
    name = cls.__name__
    if state.get("version") != version:
        raise ValueError(
            f"{name} state version {state.get('version')!r} is not one this version "
            f"reads ({version})."
        )
    try:
        model = cls(**state["params"])
    except TypeError as exc:  # a parameter this version does not have
        raise ValueError(f"{name} state has parameters this version lacks: {exc}") from None
    validate_params(model)
    return model
