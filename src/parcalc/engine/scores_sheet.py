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
from parcalc.fixed import fixed_of, to_fixed
from parcalc.text import fold
from parcalc.values import Values
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
    uids, cids = Values.of(frame["unit_id"]), Values.of(frame["criterion_id"])
    posi = unit_positions(uids, units)
    row_set = np.array([*against.unit_sets, None], dtype=object)[posi]
    node_kinds = _node_kinds(against, row_set, cids)
    lenient = frame[LENIENT].to_numpy(dtype=bool)
    ok = (posi >= 0) & (node_kinds == NodeKind.LEAF)
    _row_errors(ctx, against, uids, cids, posi, row_set, node_kinds, lenient)
    ok &= ~_duplicates(ctx, sheet, uids, cids, posi, ok)
    if sheet.has("max"):
        _max_mismatches(ctx, against, cids.token, posi, ok)
    columns = {"unit": posi[ok], "leaf": cids.token[ok]}
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


def _row_errors(ctx: RunContext, against: _Against, uids: Values, cids: Values, posi: np.ndarray,
                row_set: np.ndarray, node_kinds: np.ndarray, lenient: np.ndarray) -> None:
    sheet = against.sheet
    for i in (int(x) for x in np.flatnonzero(~((posi >= 0) & (node_kinds == NodeKind.LEAF)))):
        if uids.token[i] is None:
            ctx.error("no unit id; fill in the unit_id or delete the row",
                      sheet.loc("unit_id", i))
        elif posi[i] < 0:
            ctx.error(f"unknown unit id {uids.text[i]!r}; add it to the units sheet or fix "
                      "the id", sheet.loc("unit_id", i))
        elif cids.token[i] is None:
            ctx.error("no criterion id; fill in the criterion_id or delete the row",
                      sheet.loc("criterion_id", i))
        elif row_set[i] is None or (lenient[i] and node_kinds[i] is not None):
            continue  # no criteria for the unit (reported), or a form's subtotal/survey row
        elif node_kinds[i] is None:
            ctx.error(f"unknown criterion id {cids.text[i]!r} (not in criteria set "
                      f"{row_set[i]}); fix the id — ids such as 1.10 must be stored as text",
                      sheet.loc("criterion_id", i))
        elif node_kinds[i] is NodeKind.INNER:
            node = against.catalogue[(row_set[i], cids.token[i])][1]
            children = ", ".join(c.id for c in node.criteria or [])
            ctx.error(f"criterion {cids.text[i]!r} has sub-criteria ({children}); enter values "
                      "for those instead", sheet.loc("criterion_id", i))
        else:
            ctx.error(f"criterion {cids.text[i]!r} is scored from the survey sheet; delete this "
                      "row", sheet.loc("criterion_id", i))


def _duplicates(ctx: RunContext, sheet: Table, uids: Values, cids: Values, posi: np.ndarray,
                ok: np.ndarray) -> np.ndarray:
    """Second rows for a (unit, criterion) pair: errors, and a mask to drop them."""
    pairs = pd.DataFrame({"u": posi, "k": cids.token, "i": np.arange(len(posi))})[ok]
    dup = pairs.duplicated(["u", "k"], keep="first")
    drop = np.zeros(len(posi), dtype=bool)
    if dup.any():
        first = pairs.groupby(["u", "k"])["i"].transform("first")
        for i, f in zip(pairs.loc[dup, "i"], first[dup], strict=True):
            ctx.error(f"second row for unit {uids.text[i]!r} and criterion {cids.text[i]!r} "
                      f"(first at {sheet.cell_ref('unit_id', int(f))}); keep one row",
                      sheet.loc("unit_id", int(i)))
            drop[i] = True
    return drop


def _optional(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column in frame.columns:
        return frame[column].to_numpy(dtype=object)
    return np.full(len(frame), None, dtype=object)


def _max_mismatches(ctx: RunContext, against: _Against, keys: np.ndarray, posi: np.ndarray,
                    ok: np.ndarray) -> None:
    """Warn once per criterion whose max on a form differs from the criteria file's."""
    sheet = against.sheet
    shown = Values.of(sheet.frame["max"])
    warned: set[tuple[str, str]] = set()
    for i in np.flatnonzero(ok & ~np.isnan(shown.number)):
        cs_id = against.unit_sets[posi[i]] or ""
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
