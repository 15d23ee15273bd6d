"""Columns and frames of Python objects: pandas 3 would turn None into NaN in text columns
and spend a pass per column inferring ``str``."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def texts(values: Any) -> pd.Series:
    """A column of text or None, kept as objects (no NaN for None)."""
    return pd.Series(list(values), dtype=object)


def object_frame(columns: dict[str, Any]) -> pd.DataFrame:
    """A frame whose text columns stay objects (None stays None; pandas 3 would infer ``str``
    and spend a pass per column on it)."""
    return pd.DataFrame({k: pd.Series(v, dtype=object) if isinstance(v, np.ndarray)
                         and v.dtype == object else v for k, v in columns.items()})


def repeat(values: list[Any], n: int) -> np.ndarray:
    """Each value ``n`` times, as objects (pointers copied, no new strings)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return np.repeat(out, n)
