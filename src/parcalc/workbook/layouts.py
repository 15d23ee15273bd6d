"""The three ways inspection scores arrive, each turned into the canonical long table.

- **long**: a ``scores`` sheet with one row per unit and criterion;
- **matrix**: a ``scores`` sheet with criterion ids down the rows and a column per unit;
- **per-unit**: a sheet per unit, as an inspection team fills the form (STT / Mã tiêu chí,
  Tiêu chí, Điểm tối đa, Điểm tự đánh giá, Điểm thẩm định, Tài liệu kiểm chứng, Ghi chú),
  the unit named by the units sheet's ``sheet`` column, the sheet's name, or a cell above
  the header ("Đơn vị: Sở Nội vụ").

Rows read from a form or a matrix are *lenient*: rows for inner nodes (subtotals), survey
criteria and rows without an id are skipped, not errors, since a printed form has them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from parcalc.errors import Location, Problem
from parcalc.text import cell_text, fold, header_key
from parcalc.workbook.address import column_letter
from parcalc.workbook.raw import Book, RawSheet
from parcalc.workbook.specs import FORM, MATRIX, SCORES, SheetSpec
from parcalc.workbook.table import Header, find_header, header_problems

LAYOUTS = ("long", "matrix", "per-unit")
LENIENT = "_lenient"


@dataclass
class UnitIndex:
    """Units by folded id and by folded name, with the sheet named for each (if any)."""

    by_key: dict[str, str]  # folded id or name → unit id as written
    by_sheet: dict[str, str]  # folded sheet name → unit id

    def find(self, text: str | None) -> str | None:
        return None if text is None else self.by_key.get(fold(text))


@dataclass
class Part:
    """Scores rows from one sheet, as canonical columns, with where each came from."""

    sheet: RawSheet
    header: Header
    frame: pd.DataFrame  # canonical columns + "_row" (+ "_letter_value" for a matrix)
    layout: str


def find_sheet(spec: SheetSpec, names: list[str]) -> str | None:
    return next((n for n in names if header_key(n) in spec.keys), None)


def detect(book: Book, units: UnitIndex, forced: str | None, used: set[str],
           problems: list[Problem]) -> tuple[list[Part], str]:
    """The scores of one file, in whichever layout it has; and a line explaining it."""
    scores_name = find_sheet(SCORES, book.sheet_names)
    if scores_name is not None and forced in (None, "long", "matrix"):
        sheet = book.sheet(scores_name)
        long_header = find_header(sheet, SCORES)
        # A matrix has no unit_id or value column: one of them means a long sheet.
        is_long = long_header is not None and bool(
            {"unit_id", "value"} & set(long_header.positions))
        if forced == "matrix" and is_long:
            problems.append(Problem(
                f"sheet '{scores_name}' has unit_id/value columns: it is a long scores sheet, "
                "not a matrix; drop --layout matrix", Location(book.name, sheet=scores_name)))
            return [], f"{book.name}: not a matrix"
        if forced == "long" or (forced is None and is_long):
            problems += header_problems(sheet, SCORES, long_header)
            if long_header is None or problems:
                return [], f"{book.name}: layout long (sheet '{scores_name}')"
            return ([_part(sheet, long_header, "long")],
                    f"{book.name}: layout long — sheet '{scores_name}' has unit_id, "
                    "criterion_id and value columns")
        return _matrix(sheet, units, problems), (
            f"{book.name}: layout matrix — sheet '{scores_name}' has criterion ids down the "
            "rows and a column per unit")
    if forced in ("long", "matrix"):
        problems.append(Problem(f"no sheet named 'scores' for layout {forced}; add one or "
                                "drop --layout", Location(book.name)))
        return [], f"{book.name}: no scores sheet"
    if scores_name is not None:  # forced per-unit: the scores sheet is not a form
        used = used | {scores_name}
    parts = _forms(book, units, used, problems)
    if not parts:
        if forced == "per-unit" and scores_name is not None:
            problems.append(Problem(
                f"no inspection form sheets for --layout per-unit (sheet '{scores_name}' "
                "holds the scores in another layout); drop --layout", Location(book.name)))
        return [], f"{book.name}: no scores (units, survey, adjustments or settings only)"
    names = ", ".join(p.sheet.name for p in parts[:5]) + (" …" if len(parts) > 5 else "")
    return parts, (f"{book.name}: layout per-unit — {len(parts)} sheet(s) read as inspection "
                   f"forms: {names}")


def _part(sheet: RawSheet, header: Header, layout: str,
          unit_id: str | None = None) -> Part:
    start = header.row + 1
    body_rows = max(sheet.rows.shape[0] - start, 0)
    data: dict[str, Any] = {}
    for col, j in header.positions.items():
        data[col] = sheet.column(j, start)
        pct = {r for r, c in sheet.meta.percent if c == j}
        if pct:
            data[f"_pct_{col}"] = [start + k in pct for k in range(body_rows)]
    frame = pd.DataFrame(data, dtype=object)
    frame["_row"] = range(header.row + 2, header.row + 2 + body_rows)
    if unit_id is not None:
        frame["unit_id"] = unit_id
    frame[LENIENT] = layout != "long"
    return Part(sheet, header, frame, layout)


def _matrix(sheet: RawSheet, units: UnitIndex, problems: list[Problem]) -> list[Part]:
    header = find_header(sheet, MATRIX)
    problems += header_problems(sheet, MATRIX, header)
    if header is None or "criterion_id" not in header.positions:
        return []
    base = _part(sheet, Header(header.row, dict(header.positions)), "matrix")
    pieces = []
    for text, j in header.others.items():
        unit = units.find(text)
        if unit is None:
            problems.append(Problem(
                f"column '{text}' is not a unit id or name from the units sheet; fix the "
                "header or add the unit", Location(sheet.file, sheet=sheet.name,
                                                   cell=f"{column_letter(j)}{header.row + 1}")))
            continue
        piece = base.frame.copy()
        start = header.row + 1
        piece["unit_id"] = unit
        piece["value"] = sheet.column(j, start)
        piece["_letter_value"] = column_letter(j)
        piece["_letter_unit_id"] = column_letter(j)
        pct = {r for r, c in sheet.meta.percent if c == j}
        if pct:
            piece["_pct_value"] = [start + k in pct for k in range(len(piece))]
        pieces.append(piece)
    if not pieces:
        return []
    frame = pd.concat(pieces, ignore_index=True)
    return [Part(sheet, Header(header.row, {**header.positions, "value": -1}), frame,
                 "matrix")]


def _forms(book: Book, units: UnitIndex, used: set[str],
           problems: list[Problem]) -> list[Part]:
    parts = []
    for name in book.sheet_names:
        if name in used:
            continue
        sheet = book.sheet(name)
        header = find_header(sheet, FORM)
        if header is None or "criterion_id" not in header.positions or not (
                {"value", "self_value"} & set(header.positions)):
            continue
        unit = units.by_sheet.get(fold(name)) or units.find(name) or _unit_above(
            sheet, header, units)
        if unit is None:
            problems.append(Problem(
                f"sheet '{name}' looks like an inspection form but names no unit; name the "
                "sheet after the unit id, add a 'sheet' column to the units sheet, or write "
                "'Đơn vị: <name>' above the header", Location(book.name, sheet=name, cell="A1")))
            continue
        if "value" not in header.positions:
            problems += header_problems(sheet, FORM, header)
            problems.append(Problem(
                f"missing column 'value' in sheet '{name}' (Vietnamese: Điểm thẩm định); add "
                "it to the header row", Location(book.name, sheet=name,
                                                 cell=f"A{header.row + 1}")))
            continue
        parts.append(_part(sheet, header, "per-unit", unit))
    return parts


def _unit_above(sheet: RawSheet, header: Header, units: UnitIndex) -> str | None:
    """A unit named in the cells above the header: "Đơn vị: Sở Nội vụ" or just "SNV"."""
    for i in range(header.row):
        for value in sheet.rows[i]:
            text = cell_text(value)
            if not text:
                continue
            for candidate in (text, text.split(":", 1)[-1]):
                unit = units.find(candidate.strip())
                if unit is not None:
                    return unit
    return None
