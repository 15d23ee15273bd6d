"""Cell values as the scoring rules see them: parsed once, vectorised over a column.

A value cell may hold a number, a text number (``0,5``, ``85%``), a yes/no word, a choice
label, a not-applicable token (N/A, NA, KAD, Không áp dụng) or nothing. :class:`Values`
keeps the cleaned text, the folded token used for matching, and the number, side by side.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from parcalc.text import cell_text, fold

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
ObjArray = npt.NDArray[np.object_]

NOT_APPLICABLE = frozenset({"n/a", "na", "kad", "không áp dụng", "k/a/d", "kap"})
YES = frozenset({"yes", "y", "true", "1", "có", "x", "đạt"})
NO = frozenset({"no", "n", "false", "0", "không", "không đạt"})

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)\s*%?$")


def text_number(text: str) -> float | None:
    """``"0,5"`` → 0.5, ``"85%"`` → 85.0, ``"12"`` → 12.0; anything else → None."""
    if not _NUMBER.match(text):
        return None
    return float(text.rstrip("%").strip().replace(",", "."))


def _number(value: object, text: str | None) -> float:
    if isinstance(value, bool) or text is None:
        return math.nan
    if isinstance(value, (int, float)):
        return float(value)
    parsed = text_number(text)
    return math.nan if parsed is None else parsed


def texts(raw: ObjArray) -> ObjArray:
    """:func:`cell_text` of each cell; repeated strings are cleaned once."""
    out = np.empty(len(raw), dtype=object)
    seen: dict[str, str | None] = {}
    for i, value in enumerate(raw):
        kind = type(value)
        if kind is str:
            text = seen.get(value, _MISSING)
            if text is _MISSING:
                text = seen[value] = cell_text(value)
            out[i] = text
        elif value is None or (kind is float and value != value):
            out[i] = None
        else:
            out[i] = cell_text(value)
    return out


_MISSING: Any = object()


@dataclass
class Values:
    """A column of raw cells, with views computed on first use."""

    raw: ObjArray

    @classmethod
    def of(cls, column: pd.Series | list[object]) -> Values:
        return cls(np.asarray(pd.Series(column, dtype=object).to_numpy(), dtype=object))

    def __len__(self) -> int:
        return len(self.raw)

    def percent_as_shown(self, flags: BoolArray) -> Values:
        """Numbers stored as fractions under a percent format, read as shown: 0.85 → 85."""
        if not flags.any():
            return self
        raw = self.raw.copy()
        for i in np.flatnonzero(flags):
            value = raw[i]
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                raw[i] = float(Decimal(repr(float(value))).scaleb(2))
        return Values(raw)

    def take(self, mask: BoolArray) -> Values:
        """The cells where ``mask`` is true, keeping what was already parsed."""
        out = Values(self.raw[mask])
        for name in ("text", "token", "number", "blank", "not_applicable"):
            if name in self.__dict__:
                out.__dict__[name] = self.__dict__[name][mask]
        return out

    @cached_property
    def text(self) -> ObjArray:
        """Cleaned display text; None for a blank cell."""
        return texts(self.raw)

    @cached_property
    def token(self) -> ObjArray:
        """Folded text for matching (case-insensitive); None for a blank cell."""
        return np.array([None if t is None else fold(t) for t in self.text], dtype=object)

    @cached_property
    def number(self) -> FloatArray:
        """The number, or NaN where the cell is not a number."""
        return np.array(
            [_number(v, t) for v, t in zip(self.raw, self.text, strict=True)], dtype=float
        )

    @cached_property
    def blank(self) -> BoolArray:
        return np.array([t is None for t in self.text], dtype=bool)

    @cached_property
    def not_applicable(self) -> BoolArray:
        return np.array([t in NOT_APPLICABLE for t in self.token], dtype=bool)
