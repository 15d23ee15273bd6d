"""Open a workbook file and read sheets as raw grids (python-calamine).

python-calamine reads .xlsx, .xlsm, .xls and .ods; pandas' ``read_excel(engine="calamine")``
makes the same ``to_python`` call. We call calamine directly because it also gives the
merged ranges without reading a sheet twice. A grid keeps every cell at its place
(row 0 is Excel row 1, column 0 is A); blank cells are None; a merged range carries its
top-left value into every cell (a unit id merged down its rows belongs to each row).

Every call into calamine's native code runs inside :func:`~.native.quiet_stderr`: what
it writes to stderr when it panics never reaches the terminal (the exception becomes
parcalc's own one-line error).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from parcalc.errors import Location, Problem, WorkbookError
from parcalc.i18n import msg
from parcalc.workbook.guard import check_file
from parcalc.workbook.native import quiet_stderr
from parcalc.workbook.odsxlsmeta import ods_meta, xls_meta
from parcalc.workbook.xlsxmeta import SheetMeta, read_meta

EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")


def grid_of(rows: list[list[Any]]) -> npt.NDArray[np.object_]:
    """Rows of cells → a rectangular 2-D object array; '' and missing cells are None."""
    width = max((len(r) for r in rows), default=0)
    grid = np.empty((len(rows), width), dtype=object)
    if rows and all(len(r) == width for r in rows):
        grid[:, :] = rows  # one C-level copy for calamine's rectangular rows
    else:
        for i, row in enumerate(rows):
            grid[i, :len(row)] = row
    if grid.size:
        grid[grid == ""] = None
    return grid


@dataclass
class RawSheet:
    """A sheet as a 2-D array: ``rows[r, c]`` is Excel row r + 1, column c (0 is A)."""

    file: str
    name: str
    rows: npt.NDArray[np.object_]
    meta: SheetMeta = field(default_factory=SheetMeta)
    #: merged ranges ((first row, first col), (last row, last col)), 0-based, inclusive
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return int(self.rows.shape[1]) if self.rows.ndim == 2 else 0

    def cell(self, row: int, col: int) -> Any:
        if 0 <= row < self.rows.shape[0] and 0 <= col < self.width:
            return self.rows[row, col]
        return None

    def column(self, col: int, start: int) -> npt.NDArray[np.object_]:
        """Column ``col`` from row ``start`` down (None where the sheet is narrower)."""
        if col < self.width:
            return self.rows[start:, col]
        return np.full(max(self.rows.shape[0] - start, 0), None, dtype=object)


class Book:
    """An open workbook file: its sheet names, and sheets read on demand."""

    def __init__(self, path: Path) -> None:
        from python_calamine import CalamineWorkbook

        self.path = path
        self.name = str(path)
        check_file(path)
        try:
            with quiet_stderr():
                self._book = CalamineWorkbook.from_path(str(path))
                self.sheet_names = [str(s) for s in self._book.sheet_names]
        except BaseException as exc:  # calamine's errors, and pyo3's PanicException
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            raise WorkbookError(Problem(msg("workbook.not_readable", reason=_reason(exc)),
                                        Location(self.name))) from None
        self._meta: dict[str, SheetMeta] | None = None

    def sheet(self, name: str) -> RawSheet:
        try:
            with quiet_stderr():
                sheet = self._book.get_sheet_by_name(name)
                cells = sheet.to_python(skip_empty_area=False)
                merged = sheet.merged_cell_ranges or []
            rows = grid_of(cells)
        except BaseException as exc:  # calamine's errors, and pyo3's PanicException
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            raise WorkbookError(Problem(msg("workbook.sheet_unreadable", sheet=name,
                                            reason=_reason(exc)),
                                        Location(self.name, sheet=name))) from None
        meta = self.meta().get(name, SheetMeta())
        ranges = [*merged, *meta.merged]
        _fill_merged(rows, ranges)
        return RawSheet(self.name, name, rows, meta, ranges)

    def meta(self) -> dict[str, SheetMeta]:
        """What calamine omits: percent formats, formulas without results, .ods merges."""
        if self._meta is None:
            suffix = self.path.suffix.lower()
            if suffix in (".xlsx", ".xlsm"):
                self._meta = read_meta(self.path)
            elif suffix == ".ods":
                self._meta = ods_meta(self.path)
            elif suffix == ".xls":
                self._meta = xls_meta(self.path)
            else:
                self._meta = {}
        return self._meta

    def close(self) -> None:
        with quiet_stderr():
            self._book.close()


def _fill_merged(rows: npt.NDArray[np.object_], merged: list[Any]) -> None:
    height, width = rows.shape if rows.ndim == 2 else (0, 0)
    for (r1, c1), (r2, c2) in merged:
        if r1 >= height or c1 >= width:
            continue
        rows[r1:min(r2, height - 1) + 1, c1:min(c2, width - 1) + 1] = rows[r1, c1]


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
