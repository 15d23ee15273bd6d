"""The adjustments sheet: bonus (điểm thưởng) and penalty (điểm trừ) points per unit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from parcalc.engine.context import RunContext
from parcalc.fixed import IntArray, to_fixed
from parcalc.values import Values
from parcalc.workbook import IX

BONUS = frozenset({"bonus", "thưởng", "cộng", "điểm thưởng", "điểm cộng", "+"})
PENALTY = frozenset({"penalty", "trừ", "phạt", "điểm trừ", "-"})

def check_adjustments(ctx: RunContext, units: pd.DataFrame) -> tuple[IntArray, IntArray]:
    n = len(units)
    bonus, penalty = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    sheet = ctx.workbook.adjustments
    if sheet is None:
        return bonus, penalty
    frame = sheet.frame
    unit_pos = {k: i for i, k in enumerate(units["key"])}
    ids, kinds, points = (Values.of(frame[c]) for c in ("unit_id", "kind", "points"))
    for i, row in enumerate(frame[IX].to_numpy()):
        row = int(row)
        pos = unit_pos.get(ids.token[i]) if ids.token[i] is not None else None
        if pos is None:
            ctx.error(f"unknown unit id {ids.text[i]!r}; add it to the units sheet or fix the id",
                      sheet.loc("unit_id", row))
        kind = kinds.token[i]
        if kind not in BONUS and kind not in PENALTY:
            ctx.error(f"kind {kinds.text[i]!r} is neither bonus nor penalty; enter bonus/thưởng/"
                      "cộng or penalty/trừ", sheet.loc("kind", row))
            kind = None
        value = points.number[i]
        if points.text[i] is None:
            ctx.error("no points; enter the points (≥ 0) or delete the row",
                      sheet.loc("points", row))
            continue
        if np.isnan(value):
            ctx.error(f"{points.text[i]!r} is not a number; enter the points (≥ 0)",
                      sheet.loc("points", row))
            continue
        if value < 0:
            ctx.error(f"negative adjustment {points.text[i]}; enter points ≥ 0 and set kind to "
                      "bonus or penalty", sheet.loc("points", row))
            continue
        if value > 1_000_000:
            ctx.error(f"adjustment {points.text[i]} is too large; enter the points (≥ 0)",
                      sheet.loc("points", row))
            continue
        if pos is not None and kind is not None:
            target = bonus if kind in BONUS else penalty
            target[pos] += to_fixed([value])[0]
    return bonus, penalty
