"""The units sheet: one row per unit, and the criteria set each unit is scored with."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from parcalc.criteria.model import CriteriaSet
from parcalc.engine.context import RunContext
from parcalc.engine.frames import texts
from parcalc.text import fold
from parcalc.values import Values
from parcalc.workbook import IX

CriteriaChoice = CriteriaSet | Mapping[str | None, CriteriaSet]


def check_units(ctx: RunContext) -> pd.DataFrame:
    """The units, duplicates reported and dropped: ``unit_id``, ``key`` (folded id),
    ``name``, ``group``, ``row`` (in the units sheet) and ``group_key`` (folded group)."""
    sheet = ctx.workbook.units
    frame = sheet.frame
    ids = Values.of(frame["unit_id"])
    names = Values.of(frame["name"]).text if sheet.has("name") else ids.text
    groups = Values.of(frame["group"]).text if sheet.has("group") else [None] * len(frame)
    shown = [n if n is not None else i for n, i in zip(names, ids.text, strict=True)]
    units = pd.DataFrame({  # object columns: pandas 3 would turn None into NaN in strings
        "unit_id": texts(ids.text), "key": texts(ids.token), "name": texts(shown),
        "group": texts(groups), "row": frame[IX].to_numpy(),
    })
    units["group_key"] = texts([fold(g) if isinstance(g, str) else None
                                for g in units["group"]])
    first: dict[str, int] = {}
    keep = []
    for key, uid, row in zip(units["key"], units["unit_id"], units["row"], strict=True):
        if key in first:
            ctx.error(f"duplicate unit id {uid!r} (first at "
                      f"{sheet.cell_ref('unit_id', first[key])}); each unit is listed once",
                      sheet.loc("unit_id", int(row)))
            keep.append(False)
        else:
            first[key] = int(row)
            keep.append(True)
    return units[np.array(keep, dtype=bool)].reset_index(drop=True)


def assign_sets(ctx: RunContext, units: pd.DataFrame,
                criteria: CriteriaChoice) -> dict[str, CriteriaSet]:
    """Each unit's criteria set id in ``units["set"]`` (None: no set for its group, reported);
    the sets used, by id."""
    if isinstance(criteria, CriteriaSet):
        units["set"] = criteria.id
        return {criteria.id: criteria}
    by_group = {None if k is None else fold(k): v for k, v in criteria.items()}
    chosen: list[str | None] = []
    sets: dict[str, CriteriaSet] = {}
    reported: set[str | None] = set()
    for group, gkey, row in zip(units["group"], units["group_key"], units["row"], strict=True):
        cs = by_group.get(gkey) or by_group.get(None)
        if cs is None:
            if gkey not in reported:
                reported.add(gkey)
                what = f"group {group!r}" if group else "units without a group"
                ctx.error(f"no criteria set for {what}; add a settings row "
                          f"'criteria:{group or ''}' or 'criteria', or pass --criteria",
                          ctx.workbook.units.loc("group" if group else "unit_id", int(row)))
            chosen.append(None)
            continue
        sets.setdefault(cs.id, cs)
        chosen.append(cs.id)
    units["set"] = texts(chosen)
    return sets


def unit_positions(ids: Values, units: pd.DataFrame) -> np.ndarray:
    """Each cell's unit position in ``units`` (-1: blank or not a unit), one look-up per
    distinct id."""
    position = {k: i for i, k in enumerate(units["key"])}
    return ids.map_token(lambda t: position.get(t, -1) if t is not None else -1, np.int64)
