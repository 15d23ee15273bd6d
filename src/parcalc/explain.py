"""One unit's score explained: its criteria tree, where it lost points, and what it needs.

:func:`explain` reads a :class:`~parcalc.results.Results` and builds an :class:`Explanation`,
a plain model that the renderers (:mod:`parcalc.render.explain`) only format.

**Points needed.** For a target index ``T`` (the index of the unit ranked just above, or the
``min`` of the next higher band), the points needed are the appraised points the unit would
have to gain for its *rounded* index to reach ``T``, rounded up at the criteria's
``precision``::

    needed = ceil_p((ceil_p(T) − index) × max ÷ 100)

where ``index`` and ``max`` are the unit's published (rounded) index and max and ``ceil_p``
rounds up to ``precision`` decimals, in exact decimal arithmetic. ``ceil_p(T)`` is ``T``
itself for an index; it only matters for a band ``min`` written with more decimals than the
precision. Gaining that many points always suffices: the unit's exact points are at least
``(index − ½·10⁻ᵖ) × max ÷ 100``, so afterwards its exact index is at least ``T − ½·10⁻ᵖ``,
which rounds (half up) to ``T`` or more. Reaching the index of the unit above ties with it,
and a tie shares the rank (``ties: min`` or ``dense``). The figure assumes the gained points
count in full: it ignores a total clipped at 0 by penalty points.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from parcalc import __version__
from parcalc.errors import Problem, UsageError
from parcalc.i18n import Msg, msg
from parcalc.plan import Plan, improvement_plan
from parcalc.results import Results, _plain
from parcalc.text import fold

if TYPE_CHECKING:
    import pandas as pd

#: How many close unit ids an unknown-unit error suggests.
SUGGESTIONS = 5
#: How alike (difflib ratio) a unit id or name must be to be suggested.
CUTOFF = 0.5


@dataclass
class NextRank:
    """The unit ranked just above, and the points needed to reach its index."""

    unit_id: str
    name: str
    rank: int
    index: float
    points_needed: float


@dataclass
class NextBand:
    """The next higher band, and the points needed to reach its ``min``."""

    label: str
    min: float
    points_needed: float


@dataclass
class ExplainedNode:
    """A node of the unit's criteria tree.

    ``max`` is the max counted for this unit (a not-applicable leaf left out under
    ``not_applicable: exclude`` counts 0); ``criteria_max`` is the max in the criteria file.
    ``lost`` is ``max − points``. The leaf fields (``value`` … ``guide``) are None on inner
    nodes.
    """

    id: str
    title: str
    level: int
    parent: str | None
    leaf: bool
    points: float
    max: float
    criteria_max: float
    index: float | None
    lost: float
    value: str | None = None
    self_value: str | None = None
    self_points: float | None = None
    rule: str | None = None
    rule_text: str | None = None
    status: str | None = None
    evidence: str | None = None
    note: str | None = None
    guide: str | None = None  # the scoring guide as the decision states it (leaves)


@dataclass
class Explanation:
    """Everything ``parcalc explain`` shows about one unit; numbers rounded at ``precision``.

    ``rank`` is within ``group``; ``group_size`` is how many units of the group are ranked.
    ``next_rank`` is None when the unit ranks first or has no index; ``next_band`` is None in
    the top band, without bands, or without an index. ``nodes`` is the whole tree in criteria
    order (depth first); ``lost`` the leaves that lost points, most first (criteria order
    among equals). ``warnings`` are the scoring warnings about this unit or about no unit in
    particular (see :func:`warnings_about`).
    """

    unit_id: str
    name: str
    group: str | None
    criteria: str
    criteria_title: str
    precision: int
    points: float
    max: float
    index: float | None
    rank: int | None
    group_size: int
    band: str | None
    self_points: float | None
    bonus: float
    penalty: float
    bands: list[dict[str, Any]]
    next_rank: NextRank | None
    next_band: NextBand | None
    nodes: list[ExplainedNode]
    lost: list[ExplainedNode] = field(default_factory=list)
    workbook: str = ""
    warnings: list[Problem] = field(default_factory=list)
    #: What to fix first: the leaves its peers get right (:mod:`parcalc.plan`).
    plan: Plan | None = None

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON document (keys may be added, never renamed or dropped)."""
        doc: dict[str, Any] = {"parcalc": __version__, "workbook": self.workbook}
        for key in ("unit_id", "name", "group", "criteria", "criteria_title", "precision",
                    "points", "max", "index", "rank", "group_size", "band", "self_points",
                    "bonus", "penalty", "bands"):
            doc[key] = getattr(self, key)
        doc["next_rank"] = asdict(self.next_rank) if self.next_rank else None
        doc["next_band"] = asdict(self.next_band) if self.next_band else None
        doc["nodes"] = [asdict(n) for n in self.nodes]
        doc["lost"] = [
            {"id": n.id, "title": n.title, "points": n.points, "max": n.max, "lost": n.lost,
             "value": n.value, "rule": n.rule}
            for n in self.lost
        ]
        doc["warnings"] = [str(w) for w in self.warnings]
        doc["plan"] = self.plan.as_dict() if self.plan else None
        return doc


# --- exact arithmetic -------------------------------------------------------------------------

def _dec(value: float | int) -> Decimal:
    """A published number as the decimal it stands for (93.5 → Decimal('93.5'))."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def ceil_at(value: Decimal, precision: int) -> Decimal:
    """``value`` rounded up (towards +∞) to ``precision`` decimals."""
    return value.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_CEILING)


def points_needed(index: float, target: float, maximum: float, precision: int) -> Decimal:
    """``ceil_p((ceil_p(target) − index) × maximum ÷ 100)``, never below 0: see the module."""
    gap = ceil_at(_dec(target), precision) - _dec(index)
    needed = ceil_at(gap * _dec(maximum) / 100, precision)
    return max(needed, Decimal(0))


def _num(value: Decimal, precision: int) -> float:
    return float(value.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values (NaN → None)."""
    return [{str(k): _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


# --- finding the unit -------------------------------------------------------------------------

def find_unit(results: Results, unit: str) -> dict[str, Any]:
    """The units row of ``unit``: an id or a name, ignoring case and Unicode form.

    An id wins over a name. Raises :class:`UsageError` for an unknown unit (with up to five
    close ids) or a name shared by several units.
    """
    key = fold(unit)
    rows = _records(results.units)
    by_id = [r for r in rows if fold(str(r["unit_id"])) == key]
    if by_id:
        return by_id[0]
    by_name = [r for r in rows if r["name"] is not None and fold(str(r["name"])) == key]
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        ids = ", ".join(str(r["unit_id"]) for r in by_name)
        raise UsageError(msg("explain.shared_name", unit=unit, n=len(by_name), ids=ids))
    raise UsageError(_unknown(unit, rows, results.workbook))


def _unknown(unit: str, rows: list[dict[str, Any]], workbook: str) -> Msg:
    keys: dict[str, str] = {}
    for r in rows:
        keys.setdefault(fold(str(r["unit_id"])), str(r["unit_id"]))
        if r["name"] is not None:
            keys.setdefault(fold(str(r["name"])), str(r["unit_id"]))
    query = fold(unit)
    scored = [(difflib.SequenceMatcher(None, query, k).ratio(), i, k)
              for i, k in enumerate(keys)]
    close = sorted((-r, i, k) for r, i, k in scored if r >= CUTOFF)  # best, then sheet order
    ids = list(dict.fromkeys(keys[k] for _, _, k in close))[:SUGGESTIONS]
    where = msg("explain.in_workbook", workbook=workbook) if workbook else ""
    if ids:
        return msg("explain.unknown_unit", unit=unit, where=where, ids=", ".join(ids))
    first = ", ".join(str(r["unit_id"]) for r in rows[:SUGGESTIONS])
    more = ", …" if len(rows) > SUGGESTIONS else ""
    return msg("explain.unknown_unit_list", unit=unit, where=where, ids=first + more)


def warnings_about(warnings: list[Problem], unit_id: str) -> list[Problem]:
    """The ``warnings`` about ``unit_id`` and those about no unit in particular (the
    workbook's, such as a respondent group whose answers carry no weight) — not those about
    other units. A warning is about a unit when its message has a ``unit`` (or ``units``)
    parameter, as the catalogue's messages do; a message still in words names it as
    ``unit 'ID'``."""
    key = fold(unit_id)
    return [w for w in warnings if (named := _units_named(w.msg)) is None or key in named]


def _units_named(message: Msg | str) -> set[str] | None:
    """The units a message is about (folded), or None when it names none."""
    if isinstance(message, str):
        found = re.findall(r"\bunits? '([^']*)'", message)
        return {fold(u) for u in found} if found else None
    named: set[str] | None = None
    for name, value in message.params:
        if name in ("unit", "units"):
            values = value if isinstance(value, tuple) else (value,)
            named = (named or set()) | {fold(str(v)) for v in values}
        elif isinstance(value, Msg) and (inner := _units_named(value)) is not None:
            named = (named or set()) | inner
    return named


# --- the explanation --------------------------------------------------------------------------

def explain(results: Results, unit: str) -> Explanation:
    """Explain ``unit`` (an id or name, any case) of ``results``: see :class:`Explanation`.

    Raises :class:`UsageError` when no unit matches.
    """
    row = find_unit(results, unit)
    cs = results.criteria[str(row["criteria"])]
    p = cs.precision
    uid = str(row["unit_id"])
    nodes = _nodes(results, uid, row)
    lost = sorted((n for n in nodes if n.leaf and n.lost > 0), key=lambda n: -n.lost)
    peers = _peers(results, row)
    index = row["index"]
    next_band = None
    if index is not None and cs.bands:
        higher = [b for b in cs.bands if b.min > index and b.label != row["band"]]
        if higher:
            band = min(higher, key=lambda b: b.min)
            next_band = NextBand(band.label, band.min,
                                 _num(points_needed(index, band.min, row["max"], p), p))
    next_rank = _next_rank(row, peers, p)
    plan = improvement_plan(
        results, uid, band_needed=next_band.points_needed if next_band else None,
        rank_needed=next_rank.points_needed if next_rank else None)
    return Explanation(
        unit_id=uid, name=str(row["name"]), group=row["group"], criteria=cs.id,
        criteria_title=cs.title, precision=p, points=row["points"], max=row["max"],
        index=index, rank=row["rank"], group_size=sum(1 for r in peers if r["rank"] is not None),
        band=row["band"], self_points=row["self_points"],
        bonus=row.get("bonus") or 0.0, penalty=row.get("penalty") or 0.0,
        bands=[{"label": b.label, "min": b.min} for b in cs.bands or []],
        next_rank=next_rank, next_band=next_band,
        nodes=nodes, lost=lost, workbook=results.workbook,
        warnings=warnings_about(results.warnings, uid), plan=plan,
    )


def _peers(results: Results, row: dict[str, Any]) -> list[dict[str, Any]]:
    """The units of ``row``'s group (itself included), in output order."""

    def key(group: Any) -> str | None:
        return None if group is None else fold(str(group))

    mine = key(row["group"])
    return [r for r in _records(results.units) if key(r["group"]) == mine]


def _next_rank(row: dict[str, Any], peers: list[dict[str, Any]],
               precision: int) -> NextRank | None:
    index = row["index"]
    if index is None:
        return None
    above = [r for r in peers if r["index"] is not None and r["index"] > index]
    if not above:
        return None
    target = min(above, key=lambda r: r["index"])  # first in output order among equals
    needed = points_needed(index, target["index"], row["max"], precision)
    return NextRank(str(target["unit_id"]), str(target["name"]), int(target["rank"]),
                    target["index"], _num(needed, precision))


def _nodes(results: Results, uid: str, row: dict[str, Any]) -> list[ExplainedNode]:
    cs = results.criteria[str(row["criteria"])]
    p = cs.precision
    node_rows = _records(results.nodes[results.nodes["unit_id"] == uid])
    detail_rows = iter(_records(results.details[results.details["unit_id"] == uid]))
    out: list[ExplainedNode] = []
    walked = list(cs.walk())
    if len(walked) != len(node_rows):  # pragma: no cover - the engine writes one row per node
        raise AssertionError(f"unit {uid}: {len(node_rows)} node rows for {len(walked)} nodes")
    for (node, parents), r in zip(walked, node_rows, strict=True):
        assert r["id"] == node.id, (r["id"], node.id)
        points, maximum = r["points"], r["max"]
        item = ExplainedNode(
            id=node.id, title=node.title, level=len(parents),
            parent=parents[-1].id if parents else None, leaf=node.is_leaf,
            points=points, max=maximum, criteria_max=_num(node.exact_maximum, p),
            index=r["index"], lost=_num(_dec(maximum) - _dec(points), p),
        )
        if node.is_leaf:
            d = next(detail_rows)
            assert d["criterion_id"] == node.id, (d["criterion_id"], node.id)
            item.value, item.self_value = d["value"], d["self_value"]
            item.self_points = d["self_points"]
            item.rule, item.rule_text = node.leaf_rule.type, str(node.leaf_rule.describe(
                node.maximum))
            item.status, item.evidence, item.note = d["status"], d["evidence"], d["note"]
            item.guide = node.guide
            item.lost = _num(_dec(d["counted_max"]) - _dec(d["points"]), p)
        out.append(item)
    return out
