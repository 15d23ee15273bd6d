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

import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from parcalc.errors import Location, Problem, WorkbookError
from parcalc.i18n import msg
from parcalc.text import cell_text
from parcalc.workbook.guard import check_file, check_memory
from parcalc.workbook.native import quiet_stderr
from parcalc.workbook.odsxlsmeta import ods_meta, xls_meta
from parcalc.workbook.sheetscan import scan_sheet
from parcalc.workbook.xlsxmeta import SheetMeta, book_parts

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
    _texts: dict[int, dict[int, str]] = field(default_factory=dict, repr=False,
                                              compare=False)
    #: header keys of the first rows (:func:`~parcalc.workbook.table.head_keys`)
    head_keys: frozenset[str] | None = field(default=None, repr=False, compare=False)

    @property
    def width(self) -> int:
        return int(self.rows.shape[1]) if self.rows.ndim == 2 else 0

    def cell(self, row: int, col: int) -> Any:
        if 0 <= row < self.rows.shape[0] and 0 <= col < self.width:
            return self.rows[row, col]
        return None

    def texts(self, row: int) -> dict[int, str]:
        """Row ``row``'s cells as text (:func:`~parcalc.text.cell_text`), blank cells left
        out; worked out once per row (headers are looked for in the first rows, often)."""
        if row not in self._texts:
            line = self.rows[row] if 0 <= row < self.rows.shape[0] else ()
            self._texts[row] = {j: t for j, v in enumerate(line)
                                if v is not None and (t := cell_text(v)) is not None}
        return self._texts[row]

    def column(self, col: int, start: int) -> npt.NDArray[np.object_]:
        """Column ``col`` from row ``start`` down (None where the sheet is narrower)."""
        if col < self.width:
            return self.rows[start:, col]
        return np.full(max(self.rows.shape[0] - start, 0), None, dtype=object)


class Book:
    """An open workbook file: its sheet names, and sheets read on demand.

    :meth:`read` may run on several threads at once (calamine's parse releases the GIL): an
    .xlsx sheet is checked by the guard and scanned (:mod:`.sheetscan`) just before calamine
    reads it, each thread with its own calamine handle. An .xls or .ods file is read one
    sheet at a time (calamine parses it whole when it opens). :meth:`sheet` goes through
    :attr:`reader` when one reads ahead (:mod:`.prefetch`).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        self.xlsx = path.suffix.lower() in (".xlsx", ".xlsm")
        check_file(path, sheets=not self.xlsx)
        self._lock = threading.Lock()
        self._ready = threading.Condition(self._lock)
        first = self._open()
        self.sheet_names = [str(s) for s in first.sheet_names]
        self._idle = [first]  # calamine handles not in use
        self._meta: dict[str, SheetMeta] | None = None
        self._parts: tuple[dict[str, str], set[int]] | None = None
        #: the .xlsx zip, for the sheet scans (read by several threads at once)
        self._archive = zipfile.ZipFile(path) if self.xlsx else None
        self.reader: Any = None  # a prefetch.SheetReader, when sheets are read ahead

    def _book_parts(self) -> tuple[dict[str, str], set[int]]:
        """(sheet name → its part, percent styles) of an .xlsx, read once."""
        with self._lock:
            if self._parts is None and self._archive is not None:
                self._parts = book_parts(self._archive)
        return self._parts or ({}, set())

    def part_size(self, name: str) -> int:
        """Sheet ``name``'s XML in bytes (.xlsx; else 0: not known before reading)."""
        part = self._book_parts()[0].get(name)
        if part is None or self._archive is None:
            return 0
        try:
            return self._archive.getinfo(part).file_size
        except KeyError:
            return 0

    @property
    def sheet_bytes(self) -> int:
        """The sheets' XML in bytes (.xlsx), else the file's size: how much there is to read."""
        if self._archive is None:
            return self.path.stat().st_size
        return sum(i.file_size for i in self._archive.infolist()
                   if i.filename.startswith("xl/worksheets/"))

    def _open(self) -> Any:
        from python_calamine import CalamineWorkbook

        try:
            with quiet_stderr():
                return CalamineWorkbook.from_path(str(self.path))
        except BaseException as exc:  # calamine's errors, and pyo3's PanicException
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            raise WorkbookError(Problem(msg("workbook.not_readable", reason=_reason(exc)),
                                        Location(self.name))) from None

    def sheet(self, name: str) -> RawSheet:
        """Sheet ``name``, from the reader when one reads ahead, else read now."""
        return self.reader.get(self, name) if self.reader is not None else self.read(name)

    def read(self, name: str, scanned: Callable[[], None] | None = None) -> RawSheet:
        """Check, scan and read sheet ``name`` (on any thread); ``scanned`` is called once
        the guard has passed it, before calamine reads it."""
        meta = self._sheet_meta(name)
        if scanned is not None:
            scanned()
        handle = self._take()
        try:
            with quiet_stderr():
                sheet = handle.get_sheet_by_name(name)
                cells = sheet.to_python(skip_empty_area=False)
                merged = sheet.merged_cell_ranges or []
            del sheet  # calamine's own copy of the cells
            rows = grid_of(cells)
        except BaseException as exc:  # calamine's errors, and pyo3's PanicException
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            raise WorkbookError(Problem(msg("workbook.sheet_unreadable", sheet=name,
                                            reason=_reason(exc)),
                                        Location(self.name, sheet=name))) from None
        finally:
            self._give(handle)
        del cells
        ranges = [*merged, *meta.merged]
        _fill_merged(rows, ranges)
        return RawSheet(self.name, name, rows, meta, ranges)

    def _take(self) -> Any:
        """A calamine handle for this thread: an idle one, else (.xlsx) a new one; an .xls
        or .ods file has one handle, waited for."""
        with self._ready:
            while not self._idle and not self.xlsx:
                self._ready.wait()
            if self._idle:
                return self._idle.pop()
        return self._open()

    def _give(self, handle: Any) -> None:
        with self._ready:
            self._idle.append(handle)
            self._ready.notify()

    def _sheet_meta(self, name: str) -> SheetMeta:
        """What calamine omits: percent formats, formulas without results, .ods merges.
        For .xlsx, the guard's check of the sheet comes with it (:mod:`.sheetscan`)."""
        if self.xlsx:
            parts, percent = self._book_parts()
            if name not in parts or self._archive is None:  # workbook.xml unreadable here:
                check_file(self.path, sheets=True)  # check every sheet part
                return SheetMeta()
            check_memory(self.path, name, parts[name], self.part_size(name))
            return scan_sheet(self.path, self._archive, parts[name], percent, name)
        with self._lock:
            if self._meta is None:
                suffix = self.path.suffix.lower()
                self._meta = ods_meta(self.path) if suffix == ".ods" else \
                    xls_meta(self.path) if suffix == ".xls" else {}
        return self._meta.get(name, SheetMeta())

    def close(self) -> None:
        with self._lock, quiet_stderr():
            for handle in self._idle:
                handle.close()
            self._idle = []
            if self._archive is not None:
                self._archive.close()
                self._archive = None


def _fill_merged(rows: npt.NDArray[np.object_], merged: list[Any]) -> None:
    height, width = rows.shape if rows.ndim == 2 else (0, 0)
    for (r1, c1), (r2, c2) in merged:
        if r1 >= height or c1 >= width:
            continue
        rows[r1:min(r2, height - 1) + 1, c1:min(c2, width - 1) + 1] = rows[r1, c1]


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
