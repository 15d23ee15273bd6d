"""Cell values as the scoring rules see them: parsed once, vectorised over a column.

A value cell may hold a number, a text number (``0,5``, ``85%``), a yes/no word, a choice
label, a not-applicable token (N/A, NA, KAD, Không áp dụng) or nothing. :class:`Values`
keeps the cleaned text, the folded token used for matching, and the number, side by side.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
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

_ZERO_ONE = frozenset({0, 1})  # == False, True (and 0.0, 1.0): where booleans may hide
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
    """A column of raw cells, with views computed on first use.

    Views are computed once per distinct cell (``pd.factorize``), never per cell. A part of a
    column (:meth:`take`) shares its whole's views: a scores grid is parsed once for all its
    leaves, and each leaf's rule reads its slice.
    """

    raw: ObjArray
    #: (whole, index) when these cells are ``whole.raw[index]``
    parent: tuple[Values, Any] | None = field(default=None, repr=False, compare=False)

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

    def take(self, index: Any) -> Values:
        """The cells at ``index`` (a mask, positions or a slice), sharing this column's views."""
        return Values(self.raw[index], (self, index))

    def map_token(self, fn: Callable[[str | None], Any], dtype: Any = object) -> npt.NDArray[Any]:
        """``fn`` of every cell's token, called once per distinct token among these cells."""
        factors = self.factors
        if factors is None:
            return np.array([fn(t) for t in self.token], dtype=dtype)
        codes = factors[0]
        tokens = self._root()._tokens  # last entry: code -1, a blank cell
        if len(tokens) <= len(codes):  # a whole column: every distinct token once, no sort
            return np.array([fn(t) for t in tokens], dtype=dtype)[codes]
        used, inverse = np.unique(codes, return_inverse=True)  # a slice: its own tokens only
        return np.array([fn(tokens[c]) for c in used], dtype=dtype)[inverse.reshape(-1)]

    def distinct_views(self) -> tuple[ObjArray, ObjArray]:
        """(token, text) of each distinct cell of a whole column, indexed by its code."""
        assert self.parent is None and self.factors is not None
        return self._tokens[:-1], self._texts[:-1]

    def _root(self) -> Values:
        values = self
        while values.parent is not None:
            values = values.parent[0]
        return values

    @cached_property
    def factors(self) -> tuple[npt.NDArray[np.intp], ObjArray] | None:
        """Each distinct cell once (``pd.factorize``, in C); blanks get code -1.

        None when the column holds booleans: ``True == 1`` would merge TRUE with 1.
        """
        if self.parent is not None:
            whole, index = self.parent
            factors = whole.factors
            return None if factors is None else (factors[0][index], factors[1])
        codes, uniques = pd.factorize(pd.Series(self.raw, dtype=object))
        distinct = np.asarray(uniques, dtype=object)
        # FALSE and 0 (TRUE and 1) share a code, so the distinct cells may hold 0 for FALSE:
        # where a 0 or 1 is among them, look at every cell's type
        if not _ZERO_ONE.isdisjoint(distinct) and bool in set(map(type, self.raw)):
            return None
        return np.asarray(codes), distinct

    # Per distinct cell of a whole column (a root), then once more for code -1 (blank).
    @cached_property
    def _texts(self) -> ObjArray:
        factors = self.factors
        assert factors is not None
        return np.array([*(cell_text(u) for u in factors[1]), None], dtype=object)

    @cached_property
    def _tokens(self) -> ObjArray:
        return np.array([None if t is None else fold(t) for t in self._texts], dtype=object)

    def _view(self, name: str, per_distinct: Callable[[Values], npt.NDArray[Any]],
              per_cell: Callable[[object], Any], dtype: Any = object) -> npt.NDArray[Any]:
        if self.parent is not None:
            whole, index = self.parent
            view: npt.NDArray[Any] = getattr(whole, name)[index]
            return view
        factors = self.factors
        if factors is None:
            return np.array([per_cell(v) for v in self.raw], dtype=dtype)
        return per_distinct(self)[factors[0]]  # code -1 picks the last entry

    @cached_property
    def text(self) -> ObjArray:
        """Cleaned display text; None for a blank cell."""
        return self._view("text", lambda v: v._texts, cell_text)

    @cached_property
    def token(self) -> ObjArray:
        """Folded text for matching (case-insensitive); None for a blank cell."""
        return self._view("token", lambda v: v._tokens, _token)

    @cached_property
    def number(self) -> FloatArray:
        """The number, or NaN where the cell is not a number."""
        def per_distinct(v: Values) -> FloatArray:
            assert v.factors is not None
            return np.array([*(_number(u, t) for u, t in zip(v.factors[1], v._texts,
                                                               strict=False)), math.nan],
                            dtype=float)
        return self._view("number", per_distinct, lambda v: _number(v, cell_text(v)), float)

    @cached_property
    def blank(self) -> BoolArray:
        return self._view("blank", lambda v: np.array([t is None for t in v._texts], dtype=bool),
                          lambda v: cell_text(v) is None, bool)

    @cached_property
    def not_applicable(self) -> BoolArray:
        return self._view("not_applicable",
                          lambda v: np.array([t in NOT_APPLICABLE for t in v._tokens],
                                             dtype=bool),
                          lambda v: _token(v) in NOT_APPLICABLE, bool)


def _token(value: object) -> str | None:
    text = cell_text(value)
    return None if text is None else fold(text)
