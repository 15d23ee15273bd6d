"""From the samples' ranks and bands to what an analyst reads: per unit the median rank,
the 5th–95th percentile interval, the band probabilities and the units statistically tied
with it; per group the mean absolute rank shift.

Percentiles use numpy's ``inverted_cdf`` method (the classic empirical quantile: the
smallest rank r such that at least q of the samples rank r or better). So every bound is a
rank that occurred, the median is one too, the interval always contains the median, and
at least 90 % of the samples lie inside it.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from parcalc.fixed import IntArray
from parcalc.results import Results
from parcalc.sensitivity.model import GroupShift, Sensitivity, UnitSensitivity
from parcalc.sensitivity.options import POLICIES, Options
from parcalc.sensitivity.samples import Draws, Plan

#: The percentiles of the interval and of the median.
LOW, MEDIAN, HIGH = 5, 50, 95
PERCENTILE_METHOD: Final = "inverted_cdf"
#: Decimals of the mean absolute rank shift.
SHIFT_DECIMALS = 4


def summarise(plan: Plan, draws: Draws, results: Results, by_policy: dict[str, IntArray],
              options: Options) -> Sensitivity:
    """The :class:`Sensitivity` of ``draws`` (ranks by policy: a rank per unit, 0 none)."""
    units = results.units
    nominal = units["rank"].fillna(0).to_numpy(dtype=np.int64)
    low, median, high = _intervals(draws.ranks, nominal > 0)
    probability = _band_probability(plan, draws, options.samples, nominal > 0)
    tied = _tied(plan, units["unit_id"].tolist(), low, high)
    out = []
    for c, row in enumerate(units.itertuples(index=False)):
        has = nominal[c] > 0
        out.append(UnitSensitivity(
            unit_id=str(row.unit_id), name=str(row.name), group=_text(row.group),
            criteria=str(row.criteria), rank=int(nominal[c]) if has else None,
            band=_text(row.band), rank_median=int(median[c]) if has else None,
            rank_low=int(low[c]) if has else None, rank_high=int(high[c]) if has else None,
            band_probability=MappingProxyType(probability[c]),
            rank_by_policy=MappingProxyType({p: int(by_policy[p][c]) or None
                                             for p in POLICIES}),
            tied_with=tied[c]))
    ranks = draws.ranks
    ranks.flags.writeable = False
    return Sensitivity(options, results, tuple(out), _shifts(plan, ranks, nominal), ranks)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _intervals(ranks: npt.NDArray[np.int32],
               ranked: np.ndarray) -> tuple[IntArray, IntArray, IntArray]:
    """Each unit's 5th, 50th and 95th percentile rank (0 for units without a rank)."""
    out = np.zeros((3, ranks.shape[1]), dtype=np.int64)
    if ranked.any():
        q = np.percentile(ranks[:, ranked], [LOW, MEDIAN, HIGH], axis=0,
                          method=PERCENTILE_METHOD)
        out[:, ranked] = np.rint(q).astype(np.int64)
    return out[0], out[1], out[2]


def _band_probability(plan: Plan, draws: Draws, samples: int,
                      ranked: np.ndarray) -> list[dict[str, float]]:
    """Per ranked unit, the share of samples in each band of its set (none for a unit
    without an index, or a set without bands)."""
    out: list[dict[str, float]] = [{} for _ in range(draws.bands.shape[1])]
    for base in plan.bases:
        labels = [b.label for b in base.criteria.bands or []]
        sub = draws.bands[:, base.columns]
        counts = np.stack([(sub == k).sum(axis=0) for k in range(len(labels))]) \
            if labels else np.zeros((0, len(base.columns)), dtype=np.int64)
        for i, c in enumerate(base.columns):
            if ranked[c]:
                out[int(c)] = {label: int(counts[k, i]) / samples
                               for k, label in enumerate(labels)}
    return out


def _tied(plan: Plan, ids: list[Any], low: IntArray, high: IntArray) -> list[tuple[str, ...]]:
    """Per unit, the other ranked units of its group whose interval overlaps its own."""
    out: list[tuple[str, ...]] = [() for _ in ids]
    for g in plan.groups:
        cols = g.ranked
        for c in cols:
            overlap = (low[cols] <= high[c]) & (high[cols] >= low[c]) & (cols != c)
            out[int(c)] = tuple(str(ids[int(o)]) for o in cols[overlap])
    return out


def _shifts(plan: Plan, ranks: npt.NDArray[np.int32], nominal: IntArray) -> tuple[GroupShift, ...]:
    """Per group, the mean over samples and ranked units of |sample rank − rank|."""
    out = []
    for g in plan.groups:
        shift = None
        if len(g.ranked):
            moved = np.abs(ranks[:, g.ranked].astype(np.int64) - nominal[g.ranked])
            shift = round(float(moved.mean()), SHIFT_DECIMALS)
        out.append(GroupShift(g.name, shift))
    return tuple(out)
