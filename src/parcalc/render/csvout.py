"""Results as CSV: one row per unit, the totals first, then each domain's points and index."""

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


def _number(value: Any, precision: int) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.{precision}f}"
    return str(value)


def to_csv(results: Results) -> str:
    domain_ids = [d.id for d in results.domain_list()]
    header = list(UNIT_COLUMNS)
    for d in domain_ids:
        header += [f"domain_{d}_points", f"domain_{d}_index"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for rec in results.unit_records():
        p = results.criteria[rec["criteria"]].precision
        row = [_number(rec[c], p) if c in NUMBERS else _text(rec[c]) for c in UNIT_COLUMNS]
        by_id = {d["id"]: d for d in rec["domains"]}
        for d in domain_ids:
            dom = by_id.get(d, {})
            row += [_number(dom.get("points"), p), _number(dom.get("index"), p)]
        writer.writerow(row)
    return out.getvalue()
