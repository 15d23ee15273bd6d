"""Self-assessment against appraisal, per unit, for the appraisal council.

``over_claim`` is the unit's self-assessed points minus its appraised points (both as
published, after bonus, penalty and the set's caps): how much more the unit gave itself than
the appraisal granted (negative: it under-claimed). ``criteria_changed`` counts the leaves
whose appraised points differ from the points of the unit's self-assessed value. Both are
None when the workbook has no self-assessment. Units come most over-claimed first (ties, and
units without a figure last, in the order of the results: group, then rank).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from parcalc.diagnose.grid import SetGrid
from parcalc.fixed import as_float, fixed_of, round_fixed
from parcalc.results import Results, _plain


@dataclass(frozen=True)
class UnitClaim:
    unit_id: str
    name: str
    group: str | None
    self_points: float | None
    points: float | None
    over_claim: float | None
    criteria_changed: int | None


def unit_claims(results: Results, grid: SetGrid) -> list[UnitClaim]:
    """The set's units, most over-claimed first."""
    p = grid.criteria.precision
    changed = dict(zip(grid.unit_ids, (grid.self_points != grid.points).sum(axis=0).tolist(),
                       strict=True))
    units = results.units
    units = units[units["criteria"] == grid.criteria.id]
    out = []
    for rec in units.to_dict("records"):
        points, self_points = _plain(rec["points"]), _plain(rec["self_points"])
        over = None
        if results.has_self_value and points is not None and self_points is not None:
            diff = round_fixed(np.array([fixed_of(self_points) - fixed_of(points)]), p)
            over = float(as_float(diff, p)[0])
        out.append(UnitClaim(
            unit_id=str(rec["unit_id"]), name=str(rec["name"]), group=_plain(rec["group"]),
            self_points=self_points if results.has_self_value else None, points=points,
            over_claim=over,
            criteria_changed=changed[str(rec["unit_id"])] if results.has_self_value else None))
    return sorted(out, key=lambda u: -u.over_claim if u.over_claim is not None else np.inf)
