"""**matrix**: a ``scores`` sheet with criterion ids down the rows and a column per unit
(headed by the unit's id or name). Rows are lenient: subtotals and rows without an id are
skipped."""

from __future__ import annotations

import numpy as np

from parcalc.errors import Location, Problem
from parcalc.i18n import Msg, msg
from parcalc.workbook.address import column_letter
from parcalc.workbook.layouts.base import BookView, Part, UnitIndex, rows_part
from parcalc.workbook.layouts.long import looks_long, no_scores_sheet
from parcalc.workbook.raw import RawSheet
from parcalc.workbook.specs import MATRIX, SCORES
from parcalc.workbook.table import Header, find_header, header_problems


class Matrix:
    name = "matrix"

    def recognise(self, view: BookView) -> Msg | None:
        name = view.find(SCORES)
        if name is None or looks_long(view, name):
            return None
        return msg("workbook.note_matrix", file=view.name, sheet=name)

    def read(self, view: BookView, problems: list[Problem]) -> list[Part]:
        name = view.find(SCORES)
        if name is None:
            problems.append(no_scores_sheet(view, self.name))
            return []
        if looks_long(view, name):
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
    start, n = header.row + 1, len(base)
    columns: list[tuple[str, int]] = []  # (unit id, sheet column) of each unit column
    for text, j in header.others.items():
        unit = units.find(text)
        if unit is None:
            problems.append(Problem(
                msg("workbook.matrix_unknown_unit", column=text, suggestion=units.near(text)),
                Location(sheet.file, sheet=sheet.name, cell=f"{column_letter(j)}{header.row + 1}")))
            continue
        columns.append((unit, j))
    if not columns:
        return []
    return [Part(sheet, Header(header.row, {**header.positions, "value": -1}),
                 _unit_columns(sheet, base.columns, columns, start, n), Matrix.name)]


def _unit_columns(sheet: RawSheet, base: dict[str, np.ndarray], columns: list[tuple[str, int]],
                  start: int, n: int) -> dict[str, np.ndarray]:
    """The rows of ``base`` once per unit column, with that column's unit, value and letter
    (a unit's rows, then the next unit's)."""
    k = len(columns)
    out = {c: np.tile(v, k) for c, v in base.items()}
    letters = np.array([column_letter(j) for _, j in columns], dtype=object)
    out["unit_id"] = np.repeat(np.array([u for u, _ in columns], dtype=object), n)
    out["value"] = np.concatenate([sheet.column(j, start) for _, j in columns]) if n else \
        np.empty(0, dtype=object)
    out["_letter_value"] = out["_letter_unit_id"] = np.repeat(letters, n)
    percent = {c for _, c in sheet.meta.percent}
    if any(j in percent for _, j in columns):
        flags = np.full(k * n, np.nan, dtype=object)  # NaN where a column has none
        for i, (_, j) in enumerate(columns):
            if j in percent:
                cells = {r for r, c in sheet.meta.percent if c == j}
                flags[i * n:(i + 1) * n] = [start + r in cells for r in range(n)]
        out["_pct_value"] = flags
    return out
