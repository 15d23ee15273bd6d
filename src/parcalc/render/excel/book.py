"""What every sheet of the ranking workbook shares: styles, typed cells, print setup, sheet
names, and a record of where each sheet wrote its tables (so that a chart points at the cells
a sheet really wrote, never at numbers copied from it)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from parcalc.report import Report

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (≤ 31 characters, no []:*?/\\)."""
    base = _BAD_SHEET_CHARS.sub("-", name).strip("'") or "Sheet"
    candidate = base[:31]
    k = 2
    while candidate.casefold() in taken:
        suffix = f" ({k})"
        candidate = base[: 31 - len(suffix)] + suffix
        k += 1
    taken.add(candidate.casefold())
    return candidate


@dataclass(frozen=True)
class Block:
    """A table a sheet wrote: its sheet, its first and last data rows (0-based), the column
    of each field, and named rows below it (a group mean)."""

    sheet: str
    first: int
    last: int
    columns: dict[str, int]
    rows: dict[str, int] = field(default_factory=dict)

    def column(self, name: str) -> list[Any]:
        """An xlsxwriter range ``[sheet, first, col, last, col]`` of one field's cells."""
        col = self.columns[name]
        return [self.sheet, self.first, col, self.last, col]


class Styles:
    """The cell formats of the report, made once per workbook."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.subtitle = book.add_format({"italic": True, "font_color": "#595959"})
        self.head = book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter",
                                     "align": "center", "bg_color": "#DDEBF7", "border": 1})
        self.text = book.add_format({"border": 1, "valign": "top"})
        self.wrap = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        self.int = book.add_format({"border": 1, "align": "center", "valign": "top"})
        self.bold = book.add_format({"bold": True})
        self.mean = book.add_format({"bold": True, "italic": True, "border": 1,
                                     "bg_color": "#F2F2F2"})
        self._numbers: dict[tuple[int, str | None, bool], Any] = {}

    def number(self, precision: int, fill: str | None = None, bold: bool = False) -> Any:
        key = (precision, fill, bold)
        if key not in self._numbers:
            spec: dict[str, Any] = {"border": 1, "valign": "top",
                                    "num_format": "0." + "0" * precision if precision else "0"}
            if fill:
                spec["bg_color"] = fill
            if bold:
                spec["bold"] = True
            self._numbers[key] = self.book.add_format(spec)
        return self._numbers[key]

    def plain_number(self, precision: int, fill: str | None = None) -> Any:
        """A number format with no border (for the large data sheets)."""
        key = (precision, f"plain {fill}", False)
        if key not in self._numbers:
            spec: dict[str, Any] = {"num_format": "0." + "0" * precision if precision else "0"}
            if fill:
                spec["bg_color"] = fill
            self._numbers[key] = self.book.add_format(spec)
        return self._numbers[key]

    def band(self, colour: str | None) -> Any:
        return self.book.add_format({"border": 1, "align": "center", "valign": "top",
                                     "bold": True, **({"bg_color": colour} if colour else {})})


@dataclass
class Writer:
    """One report being written: the workbook, its styles, the report's data, the sheet
    names taken, and where each sheet wrote its tables (``places``, keyed by
    ``(sheet kind, group name)``)."""

    book: Any
    styles: Styles
    report: Report
    taken: set[str] = field(default_factory=set)
    places: dict[tuple[str, str], Block] = field(default_factory=dict)

    def add_sheet(self, name: str) -> tuple[Any, str]:
        """A new worksheet with a valid, unique name made from ``name``."""
        unique = sheet_name(name, self.taken)
        return self.book.add_worksheet(unique), unique


def rows(ws: Any, first: int, frame: pd.DataFrame, keys: list[str], formats: list[Any],
         lost: Any = None) -> None:
    """``frame[keys]`` from row ``first``: numbers as numbers, text as text (never a formula),
    blank cells written only where they carry a format (borders). A positive "lost" cell gets
    the ``lost`` format."""
    text, number, blank = ws.write_string, ws.write_number, ws.write_blank
    numeric = [pd.api.types.is_numeric_dtype(frame[k]) for k in keys]
    marked = keys.index("lost") if lost is not None and "lost" in keys else -1
    for c, (key, fmt, is_number) in enumerate(zip(keys, formats, numeric, strict=True)):
        for r, value in enumerate(frame[key].tolist(), start=first):
            if value is None or (is_number and value != value):
                if fmt is not None:
                    blank(r, c, None, fmt)
            elif is_number:
                number(r, c, value, lost if c == marked and value > 0 else fmt)
            else:
                text(r, c, value if isinstance(value, str) else str(value), fmt)


def cell(ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    """Numbers as numbers, text always as text (never a formula)."""
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, str(value), fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def print_setup(ws: Any, header_row: int) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
