"""What scoring produces: frames of units, domains, nodes and leaf details, plus warnings.

Renderers read a :class:`Results`; they compute nothing. Numbers in the public columns are
already rounded at the criteria's ``precision``; ranks and bands come from those rounded
indices.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from parcalc import __version__
from parcalc.errors import Problem

if TYPE_CHECKING:
    import pandas as pd

    from parcalc.criteria.model import CriteriaSet

#: Public columns of ``Results.units``, in output order.
UNIT_COLUMNS = ["unit_id", "name", "group", "criteria", "points", "max", "index", "rank",
                "band", "self_points"]
DOMAIN_COLUMNS = ["id", "title", "points", "max", "index", "rank"]


def _plain(value: Any) -> Any:
    """pandas/numpy scalars → JSON-able Python values (NaN/NA → None)."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        import pandas as pd

        if value is pd.NA:
            return None
    except ImportError:  # pragma: no cover
        pass
    return value


@dataclass
class Results:
    """The outcome of :func:`parcalc.score`.

    - ``units``: one row per unit, in output order (group, then rank; ties in the units
      sheet's order; units with no index last), columns :data:`UNIT_COLUMNS`;
    - ``domains``: one row per unit and domain (``unit_id``, ``id``, ``title``, ``points``,
      ``max``, ``index``, and ``rank``: the component rank of the domain's index within the
      unit's group), domains in the criteria file's order;
    - ``nodes``: the same for every node of the tree (domains, criteria, leaves), with
      ``level`` and ``parent``;
    - ``details``: one row per unit and leaf: the value and self value as written, rule,
      points, max, status (``ok``, ``blank``, ``not_applicable``), evidence, note;
    - ``warnings``: problems that did not stop scoring.
    """

    units: pd.DataFrame
    domains: pd.DataFrame
    nodes: pd.DataFrame
    details: pd.DataFrame
    criteria: dict[str, CriteriaSet]
    workbook: str
    warnings: list[Problem] = field(default_factory=list)
    has_self_value: bool = False
    #: The workbook files scored.
    paths: list[str] = field(default_factory=list)

    @property
    def groups(self) -> list[str | None]:
        """Groups in order of first appearance in the units sheet."""
        seen: list[str | None] = []
        for g in self.units["group"]:
            g = _plain(g)
            if g not in seen:
                seen.append(g)
        return seen

    def domain_ids(self) -> list[str]:
        """Every domain id, in criteria order (the union over the sets used)."""
        out: list[str] = []
        for cs in self.criteria.values():
            for d in cs.domains:
                if d.id not in out:
                    out.append(d.id)
        return out

    def unit_records(self) -> list[dict[str, Any]]:
        """Units as plain dicts in output order, each with its ``domains`` list (the JSON)."""
        by_unit: dict[str, list[dict[str, Any]]] = {}
        for row in self.domains.itertuples(index=False):
            by_unit.setdefault(str(row.unit_id), []).append(
                {k: _plain(getattr(row, k)) for k in DOMAIN_COLUMNS})
        records = []
        for row in self.units[UNIT_COLUMNS].itertuples(index=False):
            rec = {k: _plain(v) for k, v in zip(UNIT_COLUMNS, row, strict=True)}
            rec["domains"] = by_unit.get(str(rec["unit_id"]), [])
            records.append(rec)
        return records

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON document: ``{"parcalc", "units", "warnings"}``."""
        return {
            "parcalc": __version__,
            "units": self.unit_records(),
            "warnings": [str(w) for w in self.warnings],
        }
