"""What scoring produces: frames of units, domains, nodes and leaf details, plus warnings.

Renderers read a :class:`Results`; they compute nothing. Numbers in the public columns are
already rounded at the criteria's ``precision``; ranks and bands come from those rounded
indices.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from parcalc import __version__
from parcalc.errors import Problem

if TYPE_CHECKING:
    import pandas as pd

    from parcalc.criteria.model import CriteriaSet

#: Public columns of ``Results.units`` in the JSON and CSV, in output order.
UNIT_COLUMNS = ["unit_id", "name", "group", "criteria", "points", "max", "index", "rank",
                "band", "self_points"]
#: Columns of each domain of a unit in the JSON.
DOMAIN_COLUMNS = ["id", "title", "points", "max", "index", "rank"]
#: The columns of each frame of :class:`Results`, in order (see its properties).
FRAME_COLUMNS = {
    "units": [*UNIT_COLUMNS, "bonus", "penalty"],
    "domains": ["unit_id", "id", "title", "points", "max", "index", "criteria", "rank"],
    "nodes": ["unit_id", "id", "title", "level", "parent", "points", "max", "index",
              "criteria"],
    "details": ["unit_id", "criterion_id", "title", "domain", "rule", "value", "self_value",
                "points", "max", "counted_max", "self_points", "status", "evidence", "note",
                "criteria"],
}


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


def _records(frame: pd.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    """The rows of ``frame[columns]`` as dicts of :func:`_plain` values, a column at a time
    (the JSON of 10,600 units × 8 domains without a conversion call per cell)."""
    values = [_plain_list(frame[c]) for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _plain_list(column: pd.Series) -> list[Any]:
    """:func:`_plain` of every value of ``column``."""
    values = column.to_numpy()
    if values.dtype.kind == "f":
        return [None if x != x else x for x in values.tolist()]  # NaN → None
    if values.dtype.kind in "iub":
        return list(values.tolist())
    return [_plain(v) for v in values]


@dataclass(frozen=True)
class DomainColumn:
    """A domain as a column of the result tables: its id, and the title and max it has in
    the first criteria set that has it."""

    id: str
    title: str
    maximum: float


@dataclass(frozen=True)
class Meta:
    """What a report says about the results beyond the numbers: the ``year`` assessed, the
    ``organisation`` that publishes them, and the report's ``title``. Each is None when
    unknown. The engine fills them from the workbook's ``settings`` sheet (``year``,
    ``organisation``, ``title`` rows), the year else from the criteria's ``year``."""

    year: int | None = None
    organisation: str | None = None
    title: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"year": self.year, "organisation": self.organisation, "title": self.title}


@dataclass(frozen=True, eq=False)
class Results:
    """The outcome of :func:`parcalc.score`, unchangeable once scored.

    The frames (``units``, ``domains``, ``nodes``, ``details``) are handed out as copies:
    changing one leaves the Results as they are (pandas copy-on-write makes each copy cost
    microseconds, whatever its size). Every unit is named by its ``unit_id`` (text); numbers
    are rounded at the criteria's precision, NaN where there is nothing to divide by (max 0).
    ``criteria`` maps each criteria set used to the set; ``workbook`` names the workbook (its
    first file, and how many more); ``paths`` are the files scored; ``meta`` the year,
    organisation and title (:class:`Meta`).
    """

    _units: pd.DataFrame
    _domains: pd.DataFrame
    _nodes: pd.DataFrame
    _details: pd.DataFrame
    criteria: Mapping[str, CriteriaSet]
    workbook: str
    _warnings: tuple[Problem, ...]
    has_self_value: bool
    paths: tuple[str, ...]
    meta: Meta = Meta()

    def __post_init__(self) -> None:
        for name, columns in FRAME_COLUMNS.items():
            got = list(getattr(self, f"_{name}").columns)
            if got != columns:
                raise ValueError(f"Results.{name}: columns {got}, not {columns}")

    @property
    def units(self) -> pd.DataFrame:
        """One row per unit, in output order (group, then rank; ties in the units sheet's
        order; units with no index last): ``unit_id``, ``name``, ``group``, ``criteria`` (the
        set's id), ``points``, ``max``, ``index`` (%), ``rank`` (within the group; NA without
        an index), ``band`` (None: no band reached or none defined), ``self_points`` (NaN
        without self-assessment), ``bonus`` and ``penalty`` (after the set's caps)."""
        return self._units.copy(deep=False)

    @property
    def domains(self) -> pd.DataFrame:
        """One row per unit and domain, domains in the criteria file's order: ``unit_id``,
        ``id``, ``title``, ``points``, ``max``, ``index``, ``criteria``, and ``rank``: the
        component rank of the domain's index within the unit's group (NA without an index)."""
        return self._domains.copy(deep=False)

    @property
    def nodes(self) -> pd.DataFrame:
        """One row per unit and node of the tree (domains, criteria, leaves) depth first in
        file order: ``unit_id``, ``id``, ``title``, ``level`` (0: a domain), ``parent`` (its
        id; None for a domain), ``points``, ``max``, ``index``, ``criteria``."""
        return self._nodes.copy(deep=False)

    @property
    def details(self) -> pd.DataFrame:
        """One row per unit and leaf: ``unit_id``, ``criterion_id``, ``title``, ``domain``
        (its id), ``rule`` (its type), ``value`` and ``self_value`` (as written; None when
        blank), ``points``, ``max`` (the leaf's), ``counted_max`` (0 where not applicable and
        left out), ``self_points``, ``status`` (``ok``, ``blank``, ``not_applicable``),
        ``evidence``, ``note``, ``criteria``."""
        return self._details.copy(deep=False)

    @property
    def warnings(self) -> list[Problem]:
        """Problems that did not stop scoring, in order of where they are."""
        return list(self._warnings)

    @property
    def groups(self) -> list[str | None]:
        """Groups in order of first appearance in the units sheet."""
        seen: list[str | None] = []
        for g in self._units["group"]:
            g = _plain(g)
            if g not in seen:
                seen.append(g)
        return seen

    def domain_list(self) -> list[DomainColumn]:
        """The domain columns of the result tables: every domain id once, in criteria order
        (the union over the sets used)."""
        seen: dict[str, DomainColumn] = {}
        for cs in self.criteria.values():
            for d in cs.domains:
                seen.setdefault(d.id, DomainColumn(d.id, d.title, d.maximum))
        return list(seen.values())

    def unit_records(self) -> list[dict[str, Any]]:
        """Units as plain dicts in output order, each with its ``domains`` list (the JSON)."""
        by_unit: dict[str, list[dict[str, Any]]] = {}
        for unit, rec in zip(self._domains["unit_id"], _records(self._domains, DOMAIN_COLUMNS),
                             strict=True):
            by_unit.setdefault(str(unit), []).append(rec)
        records = _records(self._units, UNIT_COLUMNS)
        for rec in records:
            rec["domains"] = by_unit.get(str(rec["unit_id"]), [])
        return records

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON document: ``{"parcalc", "meta", "units", "warnings"}``."""
        return {
            "parcalc": __version__,
            "meta": self.meta.as_dict(),
            "units": self.unit_records(),
            "warnings": [str(w) for w in self._warnings],
        }
