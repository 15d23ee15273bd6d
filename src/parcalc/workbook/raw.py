"""Open a workbook file and read sheets as raw grids (python-calamine).

python-calamine reads .xlsx, .xlsm, .xls and .ods; pandas' ``read_excel(engine="calamine")``
makes the same ``to_python`` call. We call calamine directly because it also gives the
merged ranges without reading a sheet twice. A grid keeps every cell at its place
(row 0 is Excel row 1, column 0 is A); blank cells are None; a merged range carries its
top-left value into every cell (a unit id merged down its rows belongs to each row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parcalc.errors import Location, Problem, WorkbookError
from parcalc.workbook.guard import check_file
from parcalc.workbook.odsxlsmeta import ods_meta, xls_meta
from parcalc.workbook.xlsxmeta import SheetMeta, read_meta

EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")


@dataclass
class RawSheet:
    file: str
    name: str
    rows: list[list[Any]]
    meta: SheetMeta = field(default_factory=SheetMeta)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def cell(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return None


class Book:
    """An open workbook file: its sheet names, and sheets read on demand."""

    def __init__(self, path: Path) -> None:
        from python_calamine import CalamineWorkbook

        self.path = path
        self.name = str(path)
        check_file(path)
        try:
            self._book = CalamineWorkbook.from_path(str(path))
            self.sheet_names = [str(s) for s in self._book.sheet_names]
        except Exception as exc:  # calamine raises its own error types for unreadable files
            raise WorkbookError(Problem(
                f"not a readable workbook ({_reason(exc)}); parcalc reads .xlsx, .xlsm, .xls "
                "and .ods — open it in a spreadsheet and save it in one of those formats",
                Location(self.name))) from None
        self._meta: dict[str, SheetMeta] | None = None

    def sheet(self, name: str) -> RawSheet:
        try:
            sheet = self._book.get_sheet_by_name(name)
            rows = [[None if v == "" else v for v in row]
                    for row in sheet.to_python(skip_empty_area=False)]
            merged = sheet.merged_cell_ranges or []
        except Exception as exc:
            raise WorkbookError(Problem(f"cannot read sheet '{name}' ({_reason(exc)}); open the "
                                        "file in a spreadsheet and save it again",
                                        Location(self.name, sheet=name))) from None
        meta = self.meta().get(name, SheetMeta())
        _fill_merged(rows, [*merged, *meta.merged])
        return RawSheet(self.name, name, rows, meta)

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
        self._book.close()


def _fill_merged(rows: list[list[Any]], merged: list[Any]) -> None:
    for (r1, c1), (r2, c2) in merged:
        if r1 >= len(rows) or c1 >= len(rows[r1]):
            continue
        value = rows[r1][c1]
        for r in range(r1, min(r2, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c1, min(c2, len(row) - 1) + 1):
                if (r, c) != (r1, c1):
                    row[c] = value


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
