"""**matrix**: a ``scores`` sheet with criterion ids down the rows and a column per unit
(headed by the unit's id or name). Rows are lenient: subtotals and rows without an id are
skipped."""

from __future__ import annotations

import pandas as pd

from parcalc.errors import Location, Problem
from parcalc.i18n import Msg, msg
from parcalc.workbook.address import column_letter
from parcalc.workbook.layouts.base import BookView, Part, UnitIndex, rows_part
from parcalc.workbook.layouts.long import has_long_columns, no_scores_sheet
from parcalc.workbook.raw import RawSheet
from parcalc.workbook.specs import MATRIX, SCORES
from parcalc.workbook.table import Header, find_header, header_problems


class Matrix:
    name = "matrix"

    def recognise(self, view: BookView) -> Msg | None:
        name = view.find(SCORES)
        if name is None or has_long_columns(view.header(name, SCORES)):
            return None
        return msg("workbook.note_matrix", file=view.name, sheet=name)

    def read(self, view: BookView, problems: list[Problem]) -> list[Part]:
        name = view.find(SCORES)
        if name is None:
            problems.append(no_scores_sheet(view, self.name))
            return []
        if has_long_columns(view.header(name, SCORES)):
            problems.append(Problem(msg("workbook.matrix_is_long", sheet=name),
                                    Location(view.name, sheet=name)))
            return []
        return _matrix(view.sheet(name), view.units, problems)


def _matrix(sheet: RawSheet, units: UnitIndex, problems: list[Problem]) -> list[Part]:
    header = find_header(sheet, MATRIX)
    problems += header_problems(sheet, MATRIX, header)
    if header is None or "criterion_id" not in header.positions:
        return []
    base = rows_part(sheet, Header(header.row, dict(header.positions)), Matrix.name,
                     lenient=True)
    pieces = []
    for text, j in header.others.items():
        unit = units.find(text)
        if unit is None:
            problems.append(Problem(
                msg("workbook.matrix_unknown_unit", column=text, suggestion=units.near(text)),
                Location(sheet.file, sheet=sheet.name, cell=f"{column_letter(j)}{header.row + 1}")))
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
                 Matrix.name)]
