"""Criterion ids a spreadsheet turned into numbers and so into another id.

Typed into a cell not formatted as text, ``1.10`` is stored as the number 1.1 — the same
cell as ``1.1``. Where a criteria set has both ids, such a cell cannot say which it means:
it is an error of its own (not "a second row for criterion '1.1'", whose advice to delete a
row would delete 1.10's data). Found from the raw cell's type, a number, for every row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np

from parcalc.criteria.model import CriteriaSet
from parcalc.engine.context import RunContext
from parcalc.i18n import msg
from parcalc.values import BoolArray, ObjArray, Values
from parcalc.workbook import Table

_NUMERAL = re.compile(r"^\d+(\.\d+)?$")


def number_ids(ctx: RunContext, sheet: Table, sets: Mapping[str, CriteriaSet],
               row_set: ObjArray, cids: Values) -> BoolArray:
    """Rows whose criterion id cell holds a number that is two ids of the row's set; each
    is reported. Nothing is looked at row by row unless a set has such ids."""
    found = np.zeros(len(cids), dtype=bool)
    for cs_id, cs in sets.items():
        clashes = colliding_ids(cs)
        if not clashes:
            continue
        maybe = (row_set == cs_id) & np.isin(cids.number, list(clashes))
        for i in (int(x) for x in np.flatnonzero(maybe)):
            raw = cids.raw[i]
            if isinstance(raw, bool) or not isinstance(raw, (int, float)):
                continue  # text: the id as typed
            ids = clashes[float(raw)]
            found[i] = True
            ctx.error(msg("engine.id_read_as_number", number=cids.text[i], criteria=cs_id,
                          first=ids[0], second=ids[-1]), sheet.loc("criterion_id", i))
    return found


def colliding_ids(cs: CriteriaSet) -> dict[float, list[str]]:
    """Number → the ids of ``cs`` that are that number written differently (``1.1`` and
    ``1.10``), shortest first; only numbers with two ids or more."""
    by_number: dict[float, list[str]] = {}
    for node, _parents in cs.walk():
        if _NUMERAL.match(node.id):
            by_number.setdefault(float(node.id), []).append(node.id)
    return {k: sorted(v, key=lambda t: (len(t), t)) for k, v in by_number.items()
            if len(v) > 1}
