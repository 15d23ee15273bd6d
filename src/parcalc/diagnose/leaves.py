"""What each leaf of a criteria set does across the units scored with it, all leaves at once.

- Shares of the units (0–1): ``at_max`` and ``at_zero`` (scored, at the leaf's max / at 0),
  ``not_applicable`` and ``blank`` (no value: scored 0). The four never overlap.
- The **share of max** (points ÷ the leaf's max) over the units where the leaf applies
  (blank counts as 0, as scored): its mean and standard deviation (of the units scored, a
  population: divided by n).
- **Discrimination**: the Pearson correlation, over the units where the leaf applies, of its
  share of max with the unit's index computed without the leaf (exact, before rounding) —
  does doing well here go with doing well elsewhere? None when either side is constant.
- **Rank shift**: every unit re-ranked within its group with the leaf left out (index rounded
  and ties shared as ``score`` does); the mean and the largest absolute change of rank.
- Flags: ``no_discrimination`` (at least 90 % of the units where it applies at its max, or all
  of them with the same share), ``always_na`` (applies to no unit), ``negative``
  (discrimination below 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from parcalc.diagnose.grid import BoolArray, FloatArray, SetGrid, rank_rows

#: A leaf with at least this share of its applicable units at max does not discriminate.
AT_MAX_LIMIT = 0.9
#: Below this spread (of shares 0–1, or of indices 0–100) a series counts as constant.
CONSTANT = 1e-9


@dataclass(frozen=True)
class LeafStats:
    """One leaf's row of ``diagnose``: see the module for what each number means."""

    id: str
    title: str
    domain: str
    max: float
    at_max: float
    at_zero: float
    not_applicable: float
    blank: float
    mean_share: float | None
    sd_share: float | None
    discrimination: float | None
    rank_shift_mean: float | None
    rank_shift_max: int | None
    flags: tuple[str, ...]


def leaf_stats(grid: SetGrid) -> list[LeafStats]:
    """Every leaf of ``grid``, in criteria order."""
    n = max(grid.n, 1)
    applies = ~grid.na
    count = applies.sum(axis=1)
    share = grid.points / np.where(grid.leaf_max > 0, grid.leaf_max, 1)[:, None]
    at_max = grid.ok & (grid.points == grid.leaf_max[:, None])
    at_zero = grid.ok & (grid.points == 0) & ~at_max
    mean, sd, constant = _moments(share, applies, count)
    index, has, exact = grid.index_without()
    disc = _pearson(share, exact[1:], applies & has[1:])
    shift_mean, shift_max = _rank_shifts(grid, index, has)
    full = at_max.sum(axis=1) >= AT_MAX_LIMIT * count
    out = []
    for j, leaf in enumerate(grid.leaves):
        flags = []
        if count[j] and (full[j] or constant[j]):
            flags.append("no_discrimination")
        if not count[j]:
            flags.append("always_na")
        if (d := disc[j]) is not None and d < 0:
            flags.append("negative")
        out.append(LeafStats(
            id=leaf.id, title=leaf.node.title, domain=leaf.domain.id,
            max=float(leaf.node.maximum), at_max=float(at_max[j].sum() / n),
            at_zero=float(at_zero[j].sum() / n), not_applicable=float(grid.na[j].sum() / n),
            blank=float(grid.blank[j].sum() / n), mean_share=mean[j], sd_share=sd[j],
            discrimination=disc[j], rank_shift_mean=shift_mean[j],
            rank_shift_max=shift_max[j], flags=tuple(flags)))
    return out


def _moments(share: FloatArray, applies: BoolArray, count: np.ndarray,
             ) -> tuple[list[float | None], list[float | None], np.ndarray]:
    """Mean and standard deviation (÷ n) of each row over the units where it applies; and
    whether the row is constant there (all its applicable units at the same share)."""
    safe = np.maximum(count, 1)
    mean = np.where(applies, share, 0.0).sum(axis=1) / safe
    dev = np.where(applies, share - mean[:, None], 0.0)
    sd = np.sqrt((dev**2).sum(axis=1) / safe)
    spread = (np.where(applies, share, -np.inf).max(axis=1)
              - np.where(applies, share, np.inf).min(axis=1))
    constant = (count > 0) & (spread <= CONSTANT)
    return _or_none(mean, count > 0), _or_none(sd, count > 0), constant


def _pearson(x: FloatArray, y: FloatArray, use: BoolArray) -> list[float | None]:
    """The correlation of each row of ``x`` with the same row of ``y``, over the units of
    ``use``; None where either is constant (or fewer than 2 units)."""
    count = use.sum(axis=1)
    safe = np.maximum(count, 1)
    y = np.where(use, y, 0.0)
    dx = np.where(use, x - (np.where(use, x, 0.0).sum(axis=1) / safe)[:, None], 0.0)
    dy = np.where(use, y - (y.sum(axis=1) / safe)[:, None], 0.0)
    sxx, syy = (dx**2).sum(axis=1), (dy**2).sum(axis=1)
    defined = (count >= 2) & (sxx > CONSTANT**2 * count) & (syy > CONSTANT**2 * count)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.clip((dx * dy).sum(axis=1) / np.sqrt(sxx * syy), -1.0, 1.0)
    return _or_none(r, defined)


def _rank_shifts(grid: SetGrid, index: np.ndarray, has: BoolArray,
                 ) -> tuple[list[float | None], list[int | None]]:
    """Mean and largest |rank without the leaf − rank as scored| over the units ranked in
    both; None for a leaf where no unit is."""
    ranks = rank_rows(index, has, grid.groups, grid.criteria.ties)
    shift = np.abs(ranks[1:] - ranks[0][None, :])
    both = ~np.isnan(shift)
    count = both.sum(axis=1)
    total = np.where(both, shift, 0.0)
    mean = total.sum(axis=1) / np.maximum(count, 1)
    largest = total.max(axis=1, initial=0.0)
    return _or_none(mean, count > 0), [int(v) if c else None
                                       for v, c in zip(largest, count, strict=True)]


def _or_none(values: np.ndarray, defined: np.ndarray) -> list[float | None]:
    return [float(v) if d else None for v, d in zip(values, defined, strict=True)]
