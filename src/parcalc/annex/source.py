"""Open an annex file: the tables it holds, as grids, in the order they are tried.

A workbook (.xlsx, .xlsm, .xls, .ods) gives its sheets, read with the guarded
:class:`~parcalc.workbook.raw.Book`; a Word file (.docx) its tables; a CSV file one table.
``sheet`` picks one: a sheet's name (or its number from 1), a Word table's number.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from parcalc.annex.grid import AnnexError, Grid
from parcalc.errors import Location, Problem, UsageError
from parcalc.i18n import msg
from parcalc.text import fold
from parcalc.workbook.raw import EXTENSIONS

SUFFIXES = (*EXTENSIONS, ".csv", ".docx")
#: Formats an annex often comes in that parcalc cannot read: save them as .docx or .xlsx.
SAVE_AS = (".doc", ".pdf", ".rtf", ".odt")


def open_grids(path: Path, sheet: str | None = None) -> Iterator[Grid]:
    """The tables of ``path`` to look for the annex in (one when ``sheet`` names it)."""
    where = Location(str(path))
    suffix = path.suffix.lower()
    if suffix in SAVE_AS:
        raise AnnexError(Problem(msg("annex.save_as", suffix=suffix), where))
    if suffix not in SUFFIXES:
        raise AnnexError(Problem(msg("annex.unknown_format", suffix=suffix or "?"), where))
    try:
        empty = path.stat().st_size == 0
    except OSError as exc:
        raise UsageError(Problem(msg("annex.unreadable", reason=exc.strerror or str(exc)),
                                 where)) from None
    if empty:
        raise AnnexError(Problem(msg("annex.empty_file"), where))
    if suffix == ".csv":
        yield _csv_grid(path)
    elif suffix == ".docx":
        yield from _pick_table(path, sheet)
    else:
        yield from _sheets(path, sheet)


def _csv_grid(path: Path) -> Grid:
    from parcalc.csvread import read_rows

    rows: list[list[object]] = [list(r) for r in read_rows(path)]
    return Grid(str(path), "csv", "", rows)


def _pick_table(path: Path, sheet: str | None) -> list[Grid]:
    from parcalc.annex.docx_tables import docx_grids

    grids = docx_grids(path)
    if not grids:
        raise AnnexError(Problem(msg("annex.docx_no_tables"), Location(str(path))))
    if sheet is None:
        return grids
    if not sheet.strip().isdigit() or not 1 <= int(sheet) <= len(grids):
        raise UsageError(Problem(msg("annex.no_such_table", table=sheet, n=len(grids)),
                                 Location(str(path))))
    return [grids[int(sheet) - 1]]


def _sheets(path: Path, sheet: str | None) -> Iterator[Grid]:
    from parcalc.workbook.raw import Book

    book = Book(path)
    try:
        names = book.sheet_names if sheet is None else [_sheet_name(path, book.sheet_names,
                                                                    sheet)]
        for name in names:
            raw = book.sheet(name)
            cells = [list(row) for row in raw.rows]
            height, width = len(cells), raw.width
            covered = {(r, c) for (r1, c1), (r2, c2) in raw.merged
                       for r in range(r1, min(r2, height - 1) + 1)
                       for c in range(c1, min(c2, width - 1) + 1) if (r, c) != (r1, c1)}
            yield Grid(str(path), "sheet", name, cells, covered)
    finally:
        book.close()


def _sheet_name(path: Path, names: list[str], wanted: str) -> str:
    for name in names:
        if fold(name) == fold(wanted):
            return name
    if wanted.strip().isdigit() and 1 <= int(wanted) <= len(names):
        return names[int(wanted) - 1]
    raise UsageError(Problem(msg("annex.no_such_sheet", sheet=wanted, sheets=", ".join(names)),
                             Location(str(path))))
