"""Placing charts on a printed sheet so that none crosses a page break.

The sheet is a grid of equal columns (:data:`COL_WIDTH` characters) and rows
(:data:`ROW_PT` points). A page holds ``columns`` grid columns across and, below the repeated
title rows, ``rows`` grid rows; a chart takes a whole number of both. Charts are placed left
to right in bands, a band on the next page when it does not fit on this one; the sheet's page
breaks are the pages' first rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from parcalc.render import page

#: Width of each column of the chart sheet (characters) and its pixels as xlsxwriter
#: anchors charts (int(width × 7 + 0.5) + 5).
COL_WIDTH = 7.75
COL_PX = int(COL_WIDTH * 7 + 0.5) + 5
#: Height of each row (points; small, so that charts fill the page's height) and its
#: pixels.
ROW_PT = 7.5
ROW_PX = 10
#: Pixels left free around a chart inside its cells.
GAP_PX = 6


@dataclass
class Grid:
    """Where the next chart goes: ``top`` is the first content row (below the title rows),
    each page holds ``rows`` rows and ``columns`` columns."""

    top: int
    rows: int
    columns: int
    row: int = 0  # the current band's first row, counted from ``top``
    col: int = 0  # the next free column in the band
    band: int = 0  # the current band's height in rows

    @classmethod
    def for_page(cls, columns: int, title_pt: float, top: int,
                 landscape: bool = True) -> tuple[Grid, page.Fit]:
        """A grid ``columns`` wide on an A4 page, printed at the scale that fits them; the
        title rows (``title_pt`` high, above row ``top``) repeat on every page."""
        fit = page.fit_columns([COL_WIDTH] * columns, landscape, min_scale=10)
        room = page.printable_pt(landscape, fit.scale, exact=True) - title_pt
        return cls(top=top, rows=max(1, math.floor(room / ROW_PT)), columns=columns), fit

    def place(self, cols: int, rows: int) -> tuple[int, int]:
        """The (row, column) of a chart ``cols`` × ``rows`` cells, on one page."""
        cols, rows = min(cols, self.columns), min(rows, self.rows)
        if self.col + cols > self.columns:
            self.newline()
        if self._in_page(self.row) + rows > self.rows:
            self.new_page()
        at = (self.top + self.row, self.col)
        self.col += cols
        self.band = max(self.band, rows)
        return at

    def room(self) -> int:
        """Rows left on the page for a chart placed in the current band."""
        return self.rows - self._in_page(self.row)

    def newline(self) -> None:
        """The next charts start at the left, below the tallest of this band."""
        self.row += self.band
        self.col = self.band = 0

    def new_page(self) -> None:
        """The next charts start at the top of a new page (unless this one is empty)."""
        self.newline()
        if self._in_page(self.row) != 0:
            self.row = (self.row // self.rows + 1) * self.rows

    def breaks(self) -> list[int]:
        """The first row of every page after the first, up to the last chart placed."""
        used = self.row + self.band
        return [self.top + k * self.rows for k in range(1, math.ceil(used / self.rows))]

    def _in_page(self, row: int) -> int:
        return row % self.rows

    def size(self, cols: int, rows: int) -> dict[str, int]:
        """A chart's size in pixels, filling its cells less :data:`GAP_PX`."""
        return {"width": min(cols, self.columns) * COL_PX - GAP_PX,
                "height": min(rows, self.rows) * ROW_PX - GAP_PX}
