"""The scores rows of one criteria set laid out leaf-major: cell ``leaf * n + unit``.

Each column of the scores sheet (value, self value, evidence, note, percent flags, sheet row)
becomes one flat object array over the set's leaves × units; a leaf's cells are a slice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from parcalc.criteria.model import Leaf
from parcalc.engine.scores_sheet import CARRIED
from parcalc.fixed import IntArray
from parcalc.text import fold
from parcalc.values import ObjArray, Values
from parcalc.workbook import IX


class Grid:
    """The raw cells of one criteria set's leaves (``m``) × units (``n``)."""

    def __init__(self, leaves: list[Leaf], n: int) -> None:
        self.leaves, self.m, self.n = leaves, len(leaves), n
        self.cells = {c: np.full(self.m * n, None, dtype=object) for c in CARRIED}
        #: columns parsed so far (value, self_value), for every leaf at once
        self.parsed: dict[str, Values] = {}

    def fill(self, score_rows: pd.DataFrame, local: IntArray) -> None:
        """Place the checked scores-sheet rows (unit position, folded leaf id, cells) of this
        set's units; ``local`` maps a unit position to its grid column (-1: another set)."""
        positions = score_rows["unit"].to_numpy(dtype=np.int64) if len(score_rows) else None
        unit_local = local[positions] if positions is not None else np.zeros(0)
        mine = score_rows[unit_local >= 0]
        if not len(mine):
            return
        leaf_index = {fold(lf.id): j for j, lf in enumerate(self.leaves)}
        codes, keys = pd.factorize(mine["leaf"].to_numpy(dtype=object))
        leaf_of = np.array([leaf_index[k] for k in keys], dtype=np.int64)
        at = leaf_of[codes] * self.n + unit_local[unit_local >= 0]
        for column in CARRIED:
            self.cells[column][at] = mine[column].to_numpy(dtype=object)

    def values(self, column: str, j: int) -> Values:
        """The cells of leaf ``j``; percent-formatted numbers as shown (0.85 → 85) where the
        leaf's rule takes a percentage. Cells are parsed once per column, for all leaves."""
        if column not in self.parsed:
            self.parsed[column] = Values(self.cells[column])
        part = self._slice(j)
        values = self.parsed[column].take(part)
        if self.leaves[j].rule.takes_percent:
            flags = self.cells[f"_pct_{column}"][part]
            return values.percent_as_shown(np.array([f is True for f in flags], dtype=bool))
        return values

    def sheet_rows(self, j: int) -> ObjArray:
        """The scores-sheet row of each unit's cell of leaf ``j`` (None: no row)."""
        return self.cells[IX][self._slice(j)]

    def column(self, name: str) -> ObjArray:
        """A carried column as a (leaves, units) grid."""
        return self.cells[name].reshape((self.m, self.n))

    def _slice(self, j: int) -> slice:
        return slice(j * self.n, (j + 1) * self.n)
