"""Results as CSV: one row per unit, the totals first, then each domain's points and index,
then the bonus and penalty points (after the set's caps), so that the row adds up:
points = Σ domain points + bonus − penalty (``parcalc verify`` checks it)."""

from __future__ import annotations

import csv
import io
from typing import Any

from parcalc.results import UNIT_COLUMNS, Results

NUMBERS = {"points", "max", "index", "rank", "self_points"}


#: A cell starting with one of these is run as a formula by spreadsheets opening the CSV.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: Any) -> str:
    """Text as text: a leading ' keeps "=HYPERLINK(...)" or "+cmd|..." from being a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _number(value: Any, precision: int, decimal: str = ".") -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.{precision}f}".replace(".", decimal)
    return str(value)


#: Written first in a CSV file so that Excel reads it as UTF-8 (Vietnamese names intact).
BOM = "\ufeff"


def to_csv(results: Results, *, sep: str = ",", decimal: str = ".", bom: bool = False) -> str:
    """One row per unit (:data:`UNIT_COLUMNS`), then ``domain_<id>_points`` and
    ``domain_<id>_index`` per domain, then ``bonus`` and ``penalty``; numbers at the
    criteria's decimals.

    ``sep=";"`` and ``decimal=","`` give what Vietnamese Excel expects; ``bom`` starts the
    text with a byte-order mark (for a file: Excel then reads it as UTF-8).
    """
    domain_ids = [d.id for d in results.domain_list()]
    header = list(UNIT_COLUMNS)
    for d in domain_ids:
        header += [f"domain_{d}_points", f"domain_{d}_index"]
    header += ["bonus", "penalty"]
    out = io.StringIO()
    out.write(BOM if bom else "")
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    units = results.units
    adjustments = zip(units["bonus"].tolist(), units["penalty"].tolist(), strict=True)
    for rec, (bonus, penalty) in zip(results.unit_records(), adjustments, strict=True):
        p = results.criteria[rec["criteria"]].precision
        row = [_number(rec[c], p, decimal) if c in NUMBERS else _text(rec[c])
               for c in UNIT_COLUMNS]
        by_id = {d["id"]: d for d in rec["domains"]}
        for d in domain_ids:
            dom = by_id.get(d, {})
            row += [_number(dom.get("points"), p, decimal),
                    _number(dom.get("index"), p, decimal)]
        row += [_number(bonus, p, decimal), _number(penalty, p, decimal)]
        writer.writerow(row)
    return out.getvalue()
