"""An annex table as a grid of cells, and how to name a cell of it in a message.

Whatever the file (a workbook sheet, a Word table, a CSV file), the table is a rectangle of
raw cells (``cells[r][c]``: row r, column c, both 0-based; numbers stay numbers where the
file has them). A merged range carries its first cell's value into every cell it covers
(:meth:`Grid.value`), which is what header matching wants; :meth:`Grid.fresh` gives None for
the covered cells after the first, which is what the data rows want: a number merged down a
sub-criterion's guide rows names that sub-criterion once, not on every row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from parcalc.errors import Location, ParcalcError
from parcalc.i18n import text
from parcalc.text import cell_text
from parcalc.workbook.address import column_letter

Kind = Literal["sheet", "docx", "csv"]


class AnnexError(ParcalcError):
    """An annex table cannot be imported (exit 1): every problem found, with its cell."""


@dataclass
class Grid:
    """One table: ``file`` as the user named it, ``name`` the sheet (or the table's number
    in a .docx, from 1), and the cells."""

    file: str
    kind: Kind
    name: str
    cells: list[list[Any]]
    #: cells covered by a merged range, other than its first
    covered: set[tuple[int, int]] = field(default_factory=set)
    #: text above the table outside it (a Word table's title paragraphs), one line each
    preamble: list[str] = field(default_factory=list)

    @property
    def height(self) -> int:
        return len(self.cells)

    @property
    def width(self) -> int:
        return max((len(row) for row in self.cells), default=0)

    def value(self, row: int, col: int) -> Any:
        """The raw cell (a merged range's value in every cell it covers); None outside."""
        if 0 <= row < len(self.cells) and 0 <= col < len(self.cells[row]):
            return self.cells[row][col]
        return None

    def text(self, row: int, col: int) -> str | None:
        return cell_text(self.value(row, col))

    def fresh(self, row: int, col: int) -> Any:
        """The raw cell, or None where it only repeats a merged range's first cell."""
        return None if (row, col) in self.covered else self.value(row, col)

    def fresh_text(self, row: int, col: int) -> str | None:
        return cell_text(self.fresh(row, col))

    def where(self, row: int, col: int | None = None) -> Location:
        """The place of a cell (``file › Sheet1!B14``; ``file › table 2, row 14`` in a .docx;
        ``file:14:2`` in a CSV file); a whole row when ``col`` is None."""
        return self.span(row, row, col)

    def span(self, first: int, last: int, col: int | None = None) -> Location:
        """The place of the rows ``first``..``last`` (of column ``col``)."""
        if self.kind == "sheet":
            letter = column_letter(col if col is not None else 0)
            cell = f"{letter}{first + 1}" + (f":{letter}{last + 1}" if last > first else "")
            return Location(self.file, sheet=self.name, cell=cell)
        if self.kind == "docx":
            return Location(self.file, sheet=self.rows_text(first, last))
        return Location(self.file, line=first + 1,
                        column=col + 1 if col is not None and last == first else None)

    def rows_text(self, first: int, last: int) -> str:
        """``table 2, row 14`` / ``table 2, rows 14–16`` in the language in use."""
        if last > first:
            return text("annex.docx_rows", table=self.name, first=first + 1, last=last + 1)
        return text("annex.docx_row", table=self.name, row=first + 1)

    def cited(self, first: int, last: int, col: int, short: bool = False) -> str:
        """The cells ``first``..``last`` of ``col``; without the file's name when ``short``
        (a comment in a file whose header names it)."""
        place = self.span(first, last, col)
        if short and place.sheet is not None:
            return f"{place.sheet}!{place.cell}" if place.cell else place.sheet
        return str(place)

    def short(self, row: int, col: int) -> str:
        """A cell without the file's name: ``Sheet1!B14``, ``table 2, row 14``."""
        return self.cited(row, row, col, short=True)

    def describe(self) -> str:
        """The sheet or table, for the YAML's header comment and the summary."""
        if self.kind == "sheet":
            return f"{self.file} › {self.name}"
        if self.kind == "docx":
            return f"{self.file} › {text('annex.docx_table', table=self.name)}"
        return self.file
