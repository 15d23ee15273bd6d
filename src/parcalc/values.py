"""Cell values as the scoring rules see them: parsed once, vectorised over a column.

A value cell may hold a number, a text number (``0,5``, ``85%``), a yes/no word, a choice
label, a not-applicable token (N/A, NA, KAD, Không áp dụng) or nothing. :class:`Values`
keeps the cleaned text, the folded token used for matching, and the number, side by side.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
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
        factors = self.__dict__.get("_factors")
        if factors is not None:
            out.__dict__["_factors"] = (factors[0][mask], factors[1])
        return out

    @cached_property
    def _factors(self) -> tuple[npt.NDArray[np.intp], ObjArray] | None:
        """Each distinct cell once (``pd.factorize``, in C); blanks get code -1.

        None when the column holds booleans: ``True == 1`` would merge TRUE with 1.
        """
        codes, uniques = pd.factorize(pd.Series(self.raw, dtype=object))
        distinct = np.asarray(uniques, dtype=object)
        if any(type(u) is bool for u in distinct):
            return None
        return np.asarray(codes), distinct

    def _each(self, fn: Callable[[object], Any], dtype: Any = object) -> npt.NDArray[Any]:
        """``fn`` of every cell, computed once per distinct cell."""
        factors = self._factors
        if factors is None:
            return np.array([fn(v) for v in self.raw], dtype=dtype)
        codes, distinct = factors
        mapped = np.array([*(fn(u) for u in distinct), fn(None)], dtype=dtype)
        return mapped[codes]  # code -1 picks fn(None), the last

    @cached_property
    def text(self) -> ObjArray:
        """Cleaned display text; None for a blank cell."""
        return self._each(cell_text)

    @cached_property
    def token(self) -> ObjArray:
        """Folded text for matching (case-insensitive); None for a blank cell."""
        return self._each(_token)

    @cached_property
    def number(self) -> FloatArray:
        """The number, or NaN where the cell is not a number."""
        return self._each(lambda v: _number(v, cell_text(v)), dtype=float)

    @cached_property
    def blank(self) -> BoolArray:
        return self._each(lambda v: cell_text(v) is None, dtype=bool)

    @cached_property
    def not_applicable(self) -> BoolArray:
        return self._each(lambda v: _token(v) in NOT_APPLICABLE, dtype=bool)


def _token(value: object) -> str | None:
    text = cell_text(value)
    return None if text is None else fold(text)
