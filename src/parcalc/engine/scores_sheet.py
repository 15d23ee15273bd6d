"""The scores sheet: each row checked against the units and the criteria, vectorised.

A row names a unit and a leaf scored from a value cell; rows naming an unknown unit, an
unknown criterion, an inner criterion or a survey criterion are errors (lenient rows of an
inspection form excepted), and so is a second row for the same unit and criterion.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import partial

import numpy as np
import pandas as pd

from parcalc.criteria.model import CriteriaSet, Node
from parcalc.engine.context import RunContext
from parcalc.engine.frames import object_frame
from parcalc.engine.units import unit_positions
from parcalc.fixed import IntArray, fixed_of, to_fixed
from parcalc.text import fold
from parcalc.values import BoolArray, ObjArray, Values
from parcalc.workbook import IX, LENIENT, Table


class NodeKind(Enum):
    """What a criterion id names in a criteria set, for checking a scores row."""

    LEAF = "leaf"  # a leaf scored from its value cell
    SURVEY = "survey"  # a leaf scored from the survey sheet
    INNER = "inner"  # a criterion with sub-criteria

    @classmethod
    def of(cls, node: Node) -> NodeKind:
        if not node.is_leaf:
            return cls.INNER
        return cls.SURVEY if node.rule is not None and node.rule.is_survey else cls.LEAF


Catalogue = dict[tuple[str, str], tuple[NodeKind, Node]]


def _catalogue(sets: dict[str, CriteriaSet]) -> Catalogue:
    """(set id, folded node id) → (kind, node) for every node of the sets."""
    return {(cs_id, fold(node.id)): (NodeKind.of(node), node)
            for cs_id, cs in sets.items() for node, _parents in cs.walk()}


#: Columns carried from the scores sheet into the grid.
CARRIED = ("value", "self_value", "evidence", "note", "_pct_value", "_pct_self_value", IX)


@dataclass
class _Against:
    """What a scores row is checked against: its sheet, each unit's criteria set id, and
    every node of the sets."""

    sheet: Table
    unit_sets: list[str | None]
    catalogue: Catalogue


@dataclass
class _Rows:
    """The scores sheet's rows as columns: what each row names and what that is."""

    uids: Values  # unit id cells
    cids: Values  # criterion id cells
    posi: IntArray  # each row's unit position (-1: blank or unknown)
    row_set: ObjArray  # the id of its unit's criteria set (None: no unit or no set)
    node_kinds: ObjArray  # its criterion's NodeKind in that set (None: unknown)
    lenient: BoolArray  # a form's row, which may name a subtotal or survey criterion

    @classmethod
    def of(cls, frame: pd.DataFrame, units: pd.DataFrame, against: _Against) -> _Rows:
        uids, cids = Values.of(frame["unit_id"]), Values.of(frame["criterion_id"])
        posi = unit_positions(uids, units)
        row_set = np.array([*against.unit_sets, None], dtype=object)[posi]
        return cls(uids, cids, posi, row_set, _node_kinds(against, row_set, cids),
                   frame[LENIENT].to_numpy(dtype=bool))

    def scored(self) -> BoolArray:
        """Rows naming a unit and a leaf scored from its value cell."""
        scored: BoolArray = (self.posi >= 0) & (self.node_kinds == NodeKind.LEAF)
        return scored


def check_scores(ctx: RunContext, units: pd.DataFrame,
                 sets: dict[str, CriteriaSet]) -> pd.DataFrame:
    """Valid rows of the scores sheet: unit position, folded leaf id, raw cells, IX.

    Vectorised: units and criteria are looked up with ``Series.map``; Python loops run only
    over the rows that are wrong, to word their errors.
    """
    sheet = ctx.workbook.scores
    if sheet is None:
        if any(not lf.is_survey for cs in sets.values() for lf in cs.leaves()):
            ctx.error("no sheet named 'scores' (or 'Điểm') and no inspection form sheets; add "
                      "a scores sheet with unit_id, criterion_id and value columns", ctx.file())
        return pd.DataFrame(columns=["unit", "leaf", *CARRIED])
    frame = sheet.frame
    against = _Against(sheet, units["set"].tolist(), _catalogue(sets))
    rows = _Rows.of(frame, units, against)
    scored = rows.scored()
    _row_errors(ctx, against, rows, scored)
    ok = scored & ~_duplicates(ctx, sheet, rows, scored)
    if sheet.has("max"):
        _max_mismatches(ctx, against, rows, ok)
    columns = {"unit": rows.posi[ok], "leaf": rows.cids.token[ok]}
    for column in CARRIED:
        columns[column] = _optional(frame, column)[ok]
    return object_frame(columns)


def _node_kinds(against: _Against, row_set: np.ndarray, keys: Values) -> np.ndarray:
    """The :class:`NodeKind` of each row's criterion in its unit's set (None: unknown)."""
    node_kinds = np.full(len(keys), None, dtype=object)
    by_set: dict[str, dict[str, NodeKind]] = {}
    for (cs_id, key), (node_kind, _node) in against.catalogue.items():
        by_set.setdefault(cs_id, {})[key] = node_kind
    for cs_id, kind_by_id in by_set.items():
        mask = row_set == cs_id
        if mask.any():
            part = keys if mask.all() else keys.take(mask)
            node_kinds[mask] = part.map_token(partial(_kind_of, kind_by_id))
    return node_kinds


def _kind_of(kind_by_id: dict[str, NodeKind], token: str | None) -> NodeKind | None:
    return kind_by_id.get(token) if token is not None else None


def _row_errors(ctx: RunContext, against: _Against, rows: _Rows, scored: BoolArray) -> None:
    """An error for each row that is not ``scored``, saying why (lenient rows excepted)."""
    sheet, uids, cids = against.sheet, rows.uids, rows.cids
    for i in (int(x) for x in np.flatnonzero(~scored)):
        node_kind = rows.node_kinds[i]
        if uids.token[i] is None:
            ctx.error("no unit id; fill in the unit_id or delete the row",
                      sheet.loc("unit_id", i))
        elif rows.posi[i] < 0:
            ctx.error(f"unknown unit id {uids.text[i]!r}; add it to the units sheet or fix "
                      "the id", sheet.loc("unit_id", i))
        elif cids.token[i] is None:
            ctx.error("no criterion id; fill in the criterion_id or delete the row",
                      sheet.loc("criterion_id", i))
        elif rows.row_set[i] is None or (rows.lenient[i] and node_kind is not None):
            continue  # no criteria for the unit (reported), or a form's subtotal/survey row
        elif node_kind is None:
            ctx.error(f"unknown criterion id {cids.text[i]!r} (not in criteria set "
                      f"{rows.row_set[i]}); fix the id — ids such as 1.10 must be stored as "
                      "text", sheet.loc("criterion_id", i))
        elif node_kind is NodeKind.INNER:
            node = against.catalogue[(rows.row_set[i], cids.token[i])][1]
            children = ", ".join(c.id for c in node.criteria or [])
            ctx.error(f"criterion {cids.text[i]!r} has sub-criteria ({children}); enter values "
                      "for those instead", sheet.loc("criterion_id", i))
        else:
            ctx.error(f"criterion {cids.text[i]!r} is scored from the survey sheet; delete this "
                      "row", sheet.loc("criterion_id", i))


def _duplicates(ctx: RunContext, sheet: Table, rows: _Rows, ok: np.ndarray) -> np.ndarray:
    """Second rows for a (unit, criterion) pair: errors, and a mask to drop them."""
    posi = rows.posi
    pairs = pd.DataFrame({"u": posi, "k": rows.cids.token, "i": np.arange(len(posi))})[ok]
    dup = pairs.duplicated(["u", "k"], keep="first")
    drop = np.zeros(len(posi), dtype=bool)
    if dup.any():
        first = pairs.groupby(["u", "k"])["i"].transform("first")
        for i, f in zip(pairs.loc[dup, "i"], first[dup], strict=True):
            ctx.error(f"second row for unit {rows.uids.text[i]!r} and criterion "
                      f"{rows.cids.text[i]!r} (first at {sheet.cell_ref('unit_id', int(f))}); "
                      "keep one row", sheet.loc("unit_id", int(i)))
            drop[i] = True
    return drop


def _optional(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column in frame.columns:
        return frame[column].to_numpy(dtype=object)
    return np.full(len(frame), None, dtype=object)


def _max_mismatches(ctx: RunContext, against: _Against, rows: _Rows, ok: np.ndarray) -> None:
    """Warn once per criterion whose max on a form differs from the criteria file's."""
    sheet, keys = against.sheet, rows.cids.token
    shown = Values.of(sheet.frame["max"])
    warned: set[tuple[str, str]] = set()
    for i in np.flatnonzero(ok & ~np.isnan(shown.number)):
        cs_id = against.unit_sets[rows.posi[i]] or ""
        key = (cs_id, str(keys[i]))
        if key in warned:
            continue
        node = against.catalogue[key][1]
        if fixed_of(node.exact_maximum) != to_fixed([shown.number[i]])[0]:
            warned.add(key)
            ctx.warn(f"criterion {node.id!r} has max {shown.text[i]} on this form but "
                     f"{node.maximum:g} in criteria set {cs_id}; the form was made from "
                     "another version of the criteria (parcalc uses the criteria file)",
                     sheet.loc("max", int(i)))
