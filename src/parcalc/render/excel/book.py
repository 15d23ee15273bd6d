"""What every sheet of the ranking workbook shares: styles, typed cells, print setup, sheet
names, and a record of where each sheet wrote its tables (so that a chart points at the cells
a sheet really wrote, never at numbers copied from it)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from parcalc.render.page import BOOK_OPTIONS, PageText
from parcalc.render.textfit import MIN_ROW, row_height
from parcalc.report import Report
from parcalc.shorten import unique_name

__all__ = ["BOOK_OPTIONS", "REPORT_OPTIONS", "Block", "Styles", "Writer", "cell",
           "common_height", "header", "id_width", "row_heights", "rows", "set_widths",
           "sheet_name", "title"]

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
#: The report's workbook: every cell wraps its text and sits at the top unless its format
#: says otherwise, so the Details sheet's text cells need no format of their own (a format
#: per cell would cost a fifth more time on a sheet of millions of cells).
REPORT_OPTIONS: dict[str, Any] = {
    **BOOK_OPTIONS, "default_format_properties": {
        **BOOK_OPTIONS["default_format_properties"], "text_wrap": True, "valign": "top"}}


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name: at most 31 characters, cut at a word boundary, no
    []:*?/\\ (each becomes "-")."""
    base = " ".join(_BAD_SHEET_CHARS.sub("-", name).strip("'").split()) or "Sheet"
    return unique_name(base, taken, 31)


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
        self.title = book.add_format({"bold": True, "font_size": TITLE_SIZE, "text_wrap": True,
                                      "align": "center", "valign": "vcenter"})
        self.subtitle = book.add_format({"italic": True, "font_color": "#595959",
                                         "text_wrap": True, "align": "center",
                                         "valign": "top"})
        self.note = book.add_format({"italic": True, "font_color": "#595959",
                                     "text_wrap": True, "valign": "top"})
        self.section = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1,
                                        "valign": "vcenter"})
        self.pair = book.add_format({"text_wrap": True, "valign": "top", "align": "left"})
        self.pair_bold = book.add_format({"text_wrap": True, "valign": "top", "align": "left",
                                          "bold": True})
        self.head = book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter",
                                     "align": "center", "bg_color": "#DDEBF7", "border": 1})
        self.text = book.add_format({"border": 1, "valign": "top"})
        self.top = book.add_format({"valign": "top"})
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
            spec: dict[str, Any] = {"num_format": "0." + "0" * precision if precision else "0",
                                    "valign": "top"}
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
        """A new worksheet with a valid, unique name made from ``name``; rows
        :data:`~parcalc.render.textfit.MIN_ROW` points high unless set."""
        unique = sheet_name(name, self.taken)
        ws = self.book.add_worksheet(unique)
        ws.set_default_row(MIN_ROW)
        return ws, unique

    @property
    def page(self) -> PageText:
        """What the header and footer of every page say."""
        lab = self.report.labels
        return PageText(self.report.footer, lab["page"], self.report.meta.organisation)


#: The size of sheet titles (points).
TITLE_SIZE = 13


def title(ws: Any, row: int, last_col: int, text: str, fmt: Any, widths: Sequence[float],
          size: float = TITLE_SIZE, bold: bool = True) -> float:
    """``text`` merged over columns 0..``last_col`` of ``row``, the row as high as the
    wrapped text needs (capitals with stacked marks included); returns that height."""
    if last_col > 0:
        ws.merge_range(row, 0, row, last_col, text, fmt)
    else:
        ws.write_string(row, 0, text, fmt)
    height = row_height([(text, sum(widths[: last_col + 1]))], size, bold)
    ws.set_row(row, height)
    return height


def header(ws: Any, row: int, first_col: int, texts: list[str], fmt: Any,
           widths: Sequence[float]) -> None:
    """A header row of wrapped ``texts`` from ``first_col``, as high as its tallest cell."""
    ws.write_row(row, first_col, texts, fmt)
    ws.set_row(row, row_height(list(zip(texts, widths[first_col:], strict=False)),
                               bold=True))


def row_heights(ws: Any, first: int, heights: np.ndarray, default: float = MIN_ROW) -> None:
    """Rows from ``first`` set to ``heights`` (points) where they differ from the sheet's
    ``default`` row height."""
    for k in np.flatnonzero(np.abs(heights - default) > 0.01).tolist():
        ws.set_row(first + k, float(heights[k]))


def common_height(ws: Any, heights: np.ndarray) -> float:
    """Make the most common of ``heights`` the sheet's default row height (a data sheet of
    two-line rows then sets only the others); returns it."""
    if not len(heights):
        return MIN_ROW
    values, counts = np.unique(heights, return_counts=True)
    common = float(values[int(np.argmax(counts))])
    ws.set_default_row(common)
    return common


def rows(ws: Any, first: int, frame: pd.DataFrame, keys: list[str], formats: list[Any],
         lost: Any = None) -> None:
    """``frame[keys]`` from row ``first``: numbers as numbers, text as text (never a formula),
    blank cells written only where they carry a format (borders). A positive "lost" cell
    gets the ``lost`` format."""
    text, number, blank = ws.write_string, ws.write_number, ws.write_blank
    numeric = [frame[k].dtype.kind in "iufb" for k in keys]
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


def id_width(report: Report, least: float = 8) -> float:
    """A unit id column as wide as the longest unit id (ids are mostly capitals)."""
    longest = max((len(str(r["unit_id"])) for g in report.groups for r in g.units), default=0)
    return max(least, min(18.0, longest * 1.25 + 1))


def set_widths(ws: Any, widths: Sequence[float]) -> None:
    for j, width in enumerate(widths):
        ws.set_column(j, j, width)
