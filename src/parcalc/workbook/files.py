"""The workbook files named on the command line, opened for reading (no pandas here: the
sheets start being read while the rest of parcalc is imported)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from parcalc.errors import Location, Problem, UsageError, WorkbookError
from parcalc.i18n import msg
from parcalc.workbook.prefetch import SheetReader, default_jobs, plan
from parcalc.workbook.raw import EXTENSIONS, Book


def workbook_files(paths: Sequence[str | Path]) -> list[Path]:
    """Expand folders into the workbook files inside them (sorted); check every path exists."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in EXTENSIONS
                           and not p.name.startswith(("~$", ".")) and p.is_file())
            if not found:
                raise UsageError(msg("workbook.no_workbook_in_folder", path=str(path)))
            out += found
        elif path.exists():
            out.append(path)
        else:
            raise UsageError(msg("workbook.no_such_workbook", path=str(path)))
    return out


@dataclass
class Opened:
    """Workbook files open, their sheets being read ahead by ``reader``."""

    files: list[Path]
    books: list[Book]
    reader: SheetReader
    layout: str | None

    def close(self) -> None:
        self.reader.close()
        for book in self.books:
            book.close()


def open_books(paths: Sequence[str | Path], layout: str | None = None,
               jobs: int | None = None) -> Opened:
    """Open the workbooks (a folder: every workbook in it, sorted by path) and start reading
    their sheets on ``jobs`` threads (None: :func:`~.prefetch.default_jobs`)."""
    from parcalc.workbook.layouts import LAYOUTS

    if layout is not None and layout not in LAYOUTS:
        raise UsageError(msg("workbook.unknown_layout", layout=layout,
                             layouts=", ".join(LAYOUTS)))
    # Sorted: the result must not depend on the order files were named in.
    files = sorted(workbook_files(paths), key=lambda p: str(p))
    books: list[Book] = []
    try:
        for path in files:
            books.append(Book(path))
    except BaseException:
        for book in books:
            book.close()
        raise
    empty = [b for b in books if not b.sheet_names]
    if empty:
        for book in books:
            book.close()
        raise WorkbookError([Problem(msg("workbook.no_sheets"), Location(b.name))
                             for b in empty])
    opened = Opened(files, books, SheetReader(jobs or default_jobs(books)), layout)
    try:
        for book in books:
            book.reader = opened.reader
        opened.reader.plan(plan(books, layout))
    except BaseException:
        opened.close()
        raise
    return opened
