"""A results table as a grid of cells: from a workbook (.xlsx, .xlsm, .xls, .ods, read by the
guarded calamine reader) or a CSV file (any encoding and separator Excel writes).

A cell is a :class:`Number` (its exact decimal value and the decimals it is written with),
text, or None. A CSV is shown with the cell names a spreadsheet gives it when opened: the
sheet is named after the file (``table.csv › table!E7``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from parcalc.errors import Location, ParcalcError, Problem
from parcalc.i18n import msg
from parcalc.text import clean, number_text
from parcalc.values import text_number
from parcalc.workbook.address import column_letter

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
#: Decimals kept from a number that is not rounded (a float from a formula): beyond these,
#: half a unit of the last decimal is negligible.
MAX_DECIMALS = 6


@dataclass(frozen=True)
class Number:
    """A number as the table shows it: its exact value and its decimals (``94.10`` → 2)."""

    value: Decimal
    decimals: int


Cell = Number | str | None


@dataclass
class Grid:
    """One sheet: ``rows[r][c]`` is Excel row r + 1, column c (0: A)."""

    file: str
    sheet: str
    rows: list[list[Cell]]
    percent: set[tuple[int, int]] = field(default_factory=set)

    def cell(self, r: int, c: int) -> Cell:
        row = self.rows[r] if 0 <= r < len(self.rows) else []
        return row[c] if 0 <= c < len(row) else None

    def where(self, r: int | None = None, c: int | None = None) -> Location:
        ref = None if r is None or c is None else f"{column_letter(c)}{r + 1}"
        return Location(self.file, sheet=self.sheet, cell=ref)


def number_of(value: Any) -> Number | None:
    """A cell's number (text numbers too: ``95,61``, ``95.61%``); None if it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return _number(number_text(float(value)))
    text = clean(str(value))
    if text_number(text) is None:
        return None
    return _number(text.rstrip("%").strip().replace(",", "."))


def _number(text: str) -> Number | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return Number(value, min(decimals, MAX_DECIMALS))


def _cell(value: Any) -> Cell:
    if value is None:
        return None
    number = number_of(value)
    if number is not None:
        return number
    text = clean(str(value))
    return text or None


def read_grids(path: Path) -> list[Grid]:
    """Every sheet of the table file (a CSV is one sheet). Not a table: ParcalcError."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ParcalcError(Problem(msg("verify.not_a_table", suffix=suffix or "?"),
                                   Location(str(path))))
    if suffix == ".csv":
        from parcalc.csvread import read_rows

        rows = [[_cell(v) for v in row] for row in read_rows(path)]
        return [Grid(str(path), path.stem, rows)]
    from parcalc.workbook.raw import Book

    book = Book(path)
    try:
        grids = []
        for name in book.sheet_names:
            raw = book.sheet(name)
            rows = [[_cell(v) for v in row] for row in raw.rows.tolist()]
            grids.append(Grid(str(path), name, rows, set(raw.meta.percent)))
        return grids
    finally:
        book.close()
