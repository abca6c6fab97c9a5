"""Small frame helpers shared by the models."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def isin(values: pd.Series | pd.Index, allowed: Iterable) -> np.ndarray:
    """Boolean mask of ``values`` found in ``allowed``, like ``Series.isin``.

    pandas' own ``isin`` on Arrow-backed strings turns every allowed value into a scalar
    one by one (0.65 s for 100k ids); Arrow's hash lookup does it in ~0.05 s.
    """
    allowed = allowed if isinstance(allowed, (pd.Series, pd.Index, np.ndarray)) else list(allowed)
    left = pa.array(np.asarray(values, dtype=object), from_pandas=True)
    right = pa.array(np.asarray(allowed, dtype=object), from_pandas=True)
    if len(left) == 0 or len(right) == 0:
        return np.zeros(len(left), dtype=bool)
    if left.type != right.type:  # mixed kinds: keep pandas' semantics ("1" is not 1)
        return pd.Series(np.asarray(values, dtype=object)).isin(allowed).to_numpy()
    return pc.is_in(left, value_set=right).to_numpy(zero_copy_only=False).astype(bool)
