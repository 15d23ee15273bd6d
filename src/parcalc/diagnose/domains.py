"""Domains of a criteria set: how consistently their leaves measure one thing (Cronbach's α),
and how the domains' component indices go together across units (a correlation matrix).

**Cronbach's α** of a domain with k leaves, over the units where none of its leaves is not
applicable: ``α = k ÷ (k − 1) × (1 − Σ var(leaf points) ÷ var(domain points))``, the points
as scored (a blank value counts 0). None with fewer than 2 leaves, fewer than 3 units, or
when every unit has the same domain points (no variance to explain).

The **correlation matrix** holds the Pearson correlation of every two domains' component
indices (points ÷ counted max × 100, exact), over the units that have both; None where a
domain's index is constant or fewer than 2 units have both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from parcalc.diagnose.grid import FloatArray, SetGrid

#: Units an α needs.
ALPHA_UNITS = 3


@dataclass(frozen=True)
class DomainStats:
    id: str
    title: str
    leaves: int
    units: int  # units α was computed over (none of its leaves not applicable)
    alpha: float | None


@dataclass(frozen=True)
class Correlations:
    domains: list[str]
    matrix: list[list[float | None]]


def _members(grid: SetGrid) -> dict[str, list[int]]:
    """Domain id → its leaves' rows in the grid, domains in criteria order."""
    out: dict[str, list[int]] = {d.id: [] for d in grid.criteria.domains}
    for j, leaf in enumerate(grid.leaves):
        out[leaf.domain.id].append(j)
    return out


def domain_stats(grid: SetGrid) -> list[DomainStats]:
    titles = {d.id: d.title for d in grid.criteria.domains}
    out = []
    for domain, rows in _members(grid).items():
        units = ~grid.na[rows].any(axis=0) if rows else np.zeros(grid.n, dtype=bool)
        items = grid.points[rows][:, units].astype(np.float64)
        out.append(DomainStats(domain, titles[domain], len(rows), int(units.sum()),
                               cronbach_alpha(items)))
    return out


def cronbach_alpha(items: FloatArray) -> float | None:
    """α of ``items`` (rows: items, columns: respondents — here leaves × units)."""
    k, n = items.shape
    if k < 2 or n < ALPHA_UNITS:
        return None
    total_var = items.sum(axis=0).var()
    if total_var <= 1e-9 * max(1.0, float(np.abs(items).max()) ** 2):
        return None
    return float(k / (k - 1) * (1 - items.var(axis=1).sum() / total_var))


def correlations(grid: SetGrid) -> Correlations:
    members = _members(grid)
    index = {}
    for domain, rows in members.items():
        points = grid.points[rows].sum(axis=0)
        maximum = grid.counted[rows].sum(axis=0)
        index[domain] = np.where(maximum > 0, points * 100.0 / np.where(maximum > 0, maximum,
                                                                          1), np.nan)
    frame = pd.DataFrame(index, columns=list(members))
    varies = frame.max() - frame.min() > 1e-9
    matrix = frame.corr(min_periods=2).to_numpy()
    ids = list(members)
    out = [[None if np.isnan(matrix[a, b]) or not (varies[ids[a]] and varies[ids[b]])
            else float(np.clip(matrix[a, b], -1.0, 1.0)) for b in range(len(ids))]
           for a in range(len(ids))]
    return Correlations(ids, out)
