"""One criteria set's units as a re-scoring needs them: each domain's points and counted
max per unit (exact, in millionths), the capped bonus and penalty, and how the set turns
points into an index — the engine's own functions, so a re-scored unit is ranked exactly as
``score`` ranks it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from parcalc.criteria.model import CriteriaSet
from parcalc.engine.scoring import STATUS_NA, SetScores
from parcalc.engine.totals import capped_adjustments, unit_index
from parcalc.fixed import IntArray, fixed_of
from parcalc.values import BoolArray

#: The index (× 10^precision) of a unit that has none (its max is 0).
NO_INDEX = -1


@dataclass(frozen=True)
class SetBase:
    """The units of one criteria set (``n``), its domains (``D``) and leaves (``m``).

    ``columns`` places each unit in the analysis' order of units; ``domain_of`` is each
    leaf's domain row; ``points`` and ``maximum`` are (D, n) sums of the leaves' points and
    counted max, as scored; ``bonus`` and ``penalty`` are after the set's caps.
    """

    scores: SetScores
    columns: IntArray
    domain_of: IntArray
    points: IntArray
    maximum: IntArray
    bonus: IntArray
    penalty: IntArray

    @classmethod
    def of(cls, scores: SetScores, bonus: IntArray, penalty: IntArray,
           columns: IntArray) -> SetBase:
        cs = scores.criteria
        row = {d.id: k for k, d in enumerate(cs.domains)}
        domain_of = np.array([row[lf.domain.id] for lf in scores.leaves], dtype=np.int64)
        b, pen = capped_adjustments(cs, bonus[scores.positions], penalty[scores.positions])
        return cls(scores, columns, domain_of,
                   domain_sums(domain_of, len(cs.domains), scores.points),
                   domain_sums(domain_of, len(cs.domains), scores.maximum), b, pen)

    @property
    def criteria(self) -> CriteriaSet:
        return self.scores.criteria

    def by_domain(self, grid: IntArray) -> IntArray:
        """(m, …) leaf rows → (D, …) sums per domain, exactly."""
        return domain_sums(self.domain_of, len(self.criteria.domains), grid)

    def index(self, points: IntArray, maximum: IntArray) -> IntArray:
        """Each unit's index × 10^precision from its points and max before adjustments
        (arrays ending in the ``n`` units), as ``score`` rounds it; :data:`NO_INDEX` where
        the max is 0."""
        _, index_int = unit_index(points, maximum, self.bonus, self.penalty,
                                  self.criteria.precision)
        return np.where(maximum > 0, index_int, NO_INDEX)

    def policy_index(self, policy: str) -> IntArray:
        """Each unit's index had the set's ``not_applicable`` policy been ``policy``: a
        not-applicable leaf left out of the max (exclude), scored 0 (zero) or given its max
        (full); every other leaf as scored."""
        s = self.scores
        na: BoolArray = s.status == STATUS_NA
        leaf_max = np.array([fixed_of(lf.node.exact_maximum) for lf in s.leaves],
                            dtype=np.int64)[:, None]
        full = np.broadcast_to(leaf_max, s.points.shape)
        points = np.where(na, full if policy == "full" else 0, s.points)
        maximum = np.where(na, 0 if policy == "exclude" else full, s.maximum)
        return self.index(self.by_domain(points).sum(axis=0),
                          self.by_domain(maximum).sum(axis=0))


def domain_sums(domain_of: IntArray, domains: int, grid: IntArray) -> IntArray:
    """Rows of ``grid`` (one per leaf) summed into one row per domain."""
    out = np.zeros((domains, *grid.shape[1:]), dtype=np.int64)
    np.add.at(out, domain_of, grid)
    return out
