"""The adjustments sheet: bonus (điểm thưởng) and penalty (điểm trừ) points per unit."""

from __future__ import annotations

from enum import Enum

import numpy as np
import pandas as pd

from parcalc.engine.context import RunContext
from parcalc.fixed import IntArray, to_fixed
from parcalc.values import Values
from parcalc.workbook import IX, Table

BONUS = frozenset({"bonus", "thưởng", "cộng", "điểm thưởng", "điểm cộng", "+"})
PENALTY = frozenset({"penalty", "trừ", "phạt", "điểm trừ", "-"})

#: Largest number of points one adjustment row may carry.
MAX_ADJUSTMENT = 1_000_000


class Adjustment(Enum):
    """What a row of the adjustments sheet does to a unit's points."""

    BONUS = "bonus"
    PENALTY = "penalty"


#: Each folded spelling of the ``kind`` column → its adjustment.
SPELLINGS = {**dict.fromkeys(BONUS, Adjustment.BONUS), **dict.fromkeys(PENALTY, Adjustment.PENALTY)}


def check_adjustments(ctx: RunContext, units: pd.DataFrame) -> tuple[IntArray, IntArray]:
    """Each unit's bonus and penalty points (millionths), summed over its rows; every bad row
    is an error and adds nothing."""
    n = len(units)
    bonus, penalty = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    sheet = ctx.workbook.adjustments
    if sheet is None:
        return bonus, penalty
    frame = sheet.frame
    unit_pos = {k: i for i, k in enumerate(units["key"])}
    ids, kind_cells, points = (Values.of(frame[c]) for c in ("unit_id", "kind", "points"))
    for i, row in enumerate(frame[IX].to_numpy()):
        row = int(row)
        pos = unit_pos.get(ids.token[i]) if ids.token[i] is not None else None
        if pos is None:
            ctx.error(f"unknown unit id {ids.text[i]!r}; add it to the units sheet or fix the id",
                      sheet.loc("unit_id", row))
        adjustment = SPELLINGS.get(kind_cells.token[i])
        if adjustment is None:
            ctx.error(f"kind {kind_cells.text[i]!r} is neither bonus nor penalty; enter bonus/"
                      "thưởng/cộng or penalty/trừ", sheet.loc("kind", row))
        value = _points(ctx, sheet, points, i, row)
        if pos is not None and adjustment is not None and value is not None:
            target = bonus if adjustment is Adjustment.BONUS else penalty
            target[pos] += to_fixed([value])[0]
    return bonus, penalty


def _points(ctx: RunContext, sheet: Table, points: Values, i: int, row: int) -> float | None:
    """The points of row ``i``, or None after reporting why they cannot be used."""
    value = float(points.number[i])
    if points.text[i] is None:
        ctx.error("no points; enter the points (≥ 0) or delete the row",
                  sheet.loc("points", row))
    elif np.isnan(value):
        ctx.error(f"{points.text[i]!r} is not a number; enter the points (≥ 0)",
                  sheet.loc("points", row))
    elif value < 0:
        ctx.error(f"negative adjustment {points.text[i]}; enter points ≥ 0 and set kind to "
                  "bonus or penalty", sheet.loc("points", row))
    elif value > MAX_ADJUSTMENT:
        ctx.error(f"adjustment {points.text[i]} is too large; enter the points (≥ 0)",
                  sheet.loc("points", row))
    else:
        return value
    return None
