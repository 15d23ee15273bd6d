"""What a criteria set measures, from the units scored with it: for its designers.

    >>> from parcalc.diagnose import diagnose_file
    >>> report = diagnose_file("examples/2021.xlsx")
    >>> [s.id for s in report.sets]
    ['hanoi-departments', 'hanoi-districts']

Per criteria set (:class:`SetDiagnosis`): every leaf's shares, spread, discrimination and
rank shift (:mod:`~parcalc.diagnose.leaves`), every domain's Cronbach's α and the correlation
matrix of the domains' component indices (:mod:`~parcalc.diagnose.domains`), and each unit's
over-claim (:mod:`~parcalc.diagnose.claims`). Everything is computed from the engine's exact
grids (:func:`parcalc.engine.score_run`), one numpy operation over all leaves and units at
a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from parcalc import __version__
from parcalc.diagnose.claims import UnitClaim, unit_claims
from parcalc.diagnose.domains import Correlations, DomainStats, correlations, domain_stats
from parcalc.diagnose.grid import SetGrid
from parcalc.diagnose.leaves import LeafStats, leaf_stats
from parcalc.engine import Scoring
from parcalc.results import Results

#: Decimals of the shares, means, correlations and α in the JSON.
DECIMALS = 4
CRITERIA_KEYS = ["id", "title", "max", "at_max", "at_zero", "not_applicable", "blank",
                 "mean_share", "sd_share", "discrimination", "rank_shift_mean",
                 "rank_shift_max", "flags"]
UNIT_KEYS = ["unit_id", "self_points", "points", "over_claim", "criteria_changed"]


@dataclass(frozen=True)
class SetDiagnosis:
    """One criteria set, over the units scored with it."""

    id: str
    title: str
    units_scored: int
    criteria: list[LeafStats]
    domains: list[DomainStats]
    correlations: Correlations
    units: list[UnitClaim]

    def as_dict(self) -> dict[str, Any]:
        """``{"id", "title", "criteria", "domains", "correlations", "units"}`` with the keys
        the JSON promises (see ``docs/commands/diagnose.md``)."""
        return {
            "id": self.id,
            "title": self.title,
            "criteria": [_rounded({k: v for k, v in asdict(c).items() if k in CRITERIA_KEYS})
                         for c in self.criteria],
            "domains": [{"id": d.id, "alpha": _round(d.alpha)} for d in self.domains],
            "correlations": {"domains": self.correlations.domains,
                             "matrix": [[_round(v) for v in row]
                                        for row in self.correlations.matrix]},
            "units": [{k: v for k, v in asdict(u).items() if k in UNIT_KEYS}
                      for u in self.units],
        }


@dataclass(frozen=True)
class Diagnosis:
    """Every criteria set used, in the order the results list them."""

    sets: list[SetDiagnosis]
    results: Results

    def as_dict(self) -> dict[str, Any]:
        """The JSON document: ``{"parcalc": version, "sets": [...]}``."""
        return {"parcalc": __version__, "sets": [s.as_dict() for s in self.sets]}


def diagnose(scored: Scoring) -> Diagnosis:
    """Diagnose every criteria set of ``scored`` (:func:`parcalc.engine.score_run`)."""
    out = []
    for s in scored.scored:
        grid = SetGrid.of(scored, s)
        out.append(SetDiagnosis(
            id=s.criteria.id, title=s.criteria.title, units_scored=grid.n,
            criteria=leaf_stats(grid), domains=domain_stats(grid),
            correlations=correlations(grid), units=unit_claims(scored.results, grid)))
    return Diagnosis(out, scored.results)


def diagnose_file(path: str | Path | Sequence[str | Path], criteria: str | Path | None = None,
                  *, strict: bool = False, layout: str | None = None,
                  allow_outside: bool = False,
                  on_note: Callable[[str], None] | None = None,
                  jobs: int | None = None) -> Diagnosis:
    """Read and score workbooks as :func:`parcalc.api.score_file` does, and diagnose them."""
    from parcalc.api import score_file_run

    return diagnose(score_file_run(path, criteria, strict=strict, layout=layout,
                                   allow_outside=allow_outside, on_note=on_note, jobs=jobs))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, DECIMALS) + 0.0  # no -0.0


def _rounded(record: dict[str, Any]) -> dict[str, Any]:
    floats = {"at_max", "at_zero", "not_applicable", "blank", "mean_share", "sd_share",
              "discrimination", "rank_shift_mean"}
    out = {k: _round(v) if k in floats else v for k, v in record.items()}
    out["flags"] = list(record["flags"])
    return out


__all__ = ["Diagnosis", "DomainStats", "LeafStats", "SetDiagnosis", "UnitClaim", "diagnose",
           "diagnose_file"]
