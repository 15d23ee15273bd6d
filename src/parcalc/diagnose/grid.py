"""One criteria set's exact grids, leaves × units, and the index and rank of every unit with
each leaf left out — all leaves at once.

Points stay integers in millionths (:mod:`parcalc.fixed`), so a total without a leaf is the
engine's exact total minus the leaf's exact points, and its index is rounded at the set's
``precision`` as ``score`` rounds it. Ranks are taken on that rounded index within each
group, ties sharing a rank (the set's ``ties``: min or dense), as the engine ranks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from parcalc.criteria.model import CriteriaSet, Leaf
from parcalc.engine import STATUS_BLANK, STATUS_NA, STATUS_OK, Scoring
from parcalc.engine.scoring import SetScores
from parcalc.fixed import IntArray, fixed_of, ratio_percent

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class SetGrid:
    """A criteria set's units and leaves: ``points``, ``counted`` (the max counted for the
    unit: 0 where not applicable and left out) and ``self_points``, shape (leaves, units),
    in millionths; the status masks; each unit's exact adjustment (bonus − penalty after the
    set's caps) and its group (folded; None without one)."""

    criteria: CriteriaSet
    leaves: list[Leaf]
    unit_ids: list[str]
    groups: list[str | None]
    points: IntArray
    counted: IntArray
    self_points: IntArray
    leaf_max: IntArray  # (leaves,) the max in the criteria file
    ok: BoolArray
    blank: BoolArray
    na: BoolArray
    adjustment: IntArray  # (units,)

    @classmethod
    def of(cls, scored: Scoring, s: SetScores) -> SetGrid:
        units = scored.units.iloc[s.positions]
        caps = s.criteria.adjustments
        bonus, penalty = scored.bonus[s.positions], scored.penalty[s.positions]
        if caps is not None and caps.bonus_max is not None:  # as engine.totals caps them
            bonus = np.minimum(bonus, fixed_of(caps.bonus_max))
        if caps is not None and caps.penalty_max is not None:
            penalty = np.minimum(penalty, fixed_of(caps.penalty_max))
        return cls(
            criteria=s.criteria, leaves=list(s.leaves),
            unit_ids=[str(u) for u in units["unit_id"]],
            groups=[g if isinstance(g, str) else None for g in units["group_key"]],
            points=s.points, counted=s.maximum, self_points=s.self_points,
            leaf_max=np.array([fixed_of(lf.node.exact_maximum) for lf in s.leaves],
                              dtype=np.int64),
            ok=np.asarray(s.status == STATUS_OK, dtype=bool),
            blank=np.asarray(s.status == STATUS_BLANK, dtype=bool),
            na=np.asarray(s.status == STATUS_NA, dtype=bool),
            adjustment=np.asarray(bonus - penalty, dtype=np.int64),
        )

    @property
    def m(self) -> int:
        return len(self.leaves)

    @property
    def n(self) -> int:
        return len(self.unit_ids)

    def index_without(self) -> tuple[IntArray, BoolArray, FloatArray]:
        """Row 0: every unit's rounded index (× 10^precision) as scored; row 1 + j: with leaf
        j left out. Also whether the unit has an index there (a max above 0), and the exact
        index as a float (for correlations)."""
        raw = self.points.sum(axis=0) + self.adjustment  # before clipping, as the engine
        maximum = self.counted.sum(axis=0)
        raw_rows = np.vstack([raw[None, :], raw[None, :] - self.points])
        max_rows = np.vstack([maximum[None, :], maximum[None, :] - self.counted])
        total = np.clip(raw_rows, 0, max_rows)
        has = max_rows > 0
        exact = np.where(has, total * 100.0 / np.where(has, max_rows, 1), np.nan)
        return ratio_percent(total, max_rows, self.criteria.precision), has, exact


def rank_rows(index: IntArray, has: BoolArray, groups: list[str | None],
              ties: Literal["min", "dense"]) -> FloatArray:
    """Ranks of each row of ``index`` (rows × units) within each group, highest first, ties
    sharing a rank (``ties``: pandas' ``min`` or ``dense``); NaN where a unit has no index."""
    values = np.where(has, index.astype(np.float64), np.nan)
    ranks = np.full(values.shape, np.nan)
    codes, _ = pd.factorize(pd.Series(groups, dtype=object), use_na_sentinel=False)
    for code in np.unique(codes):
        cols = np.flatnonzero(codes == code)
        part = pd.DataFrame(values[:, cols]).rank(axis=1, method=ties, ascending=False)
        ranks[:, cols] = part.to_numpy(dtype=np.float64)
    return ranks
