"""Read sheets ahead of their use, on a pool of threads.

Reading a sheet is mostly calamine's parse, native code that releases the GIL, so threads
overlap it with the guard's scan of another sheet and with the Python work of the sheet
before (measured against a pool of processes, which must send every cell back: see
bench/README.md). The sheets are asked for in a known order (:func:`plan`); the reader
keeps up to ``window`` of them read or being read ahead of the one in use, so memory holds a
few sheets more than reading one at a time, not every sheet of every file.

Whatever the number of threads, each sheet is read by the same code and handed over in the
order asked for: results, problems and their order are the same as with one.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from parcalc.workbook.raw import Book, RawSheet
from parcalc.workbook.specs import ADJUSTMENTS, SCORES, SETTINGS, SURVEY, UNITS, find_sheet

#: Below this many bytes of sheet XML in all, sheets are read one at a time (no threads).
SMALL = 8 * 1024**2
#: Sheets under this much XML are read ahead past the window, while those waiting hold
#: less than :data:`BUDGET` in all.
SMALL_SHEET = 1024**2
BUDGET = 32 * 1024**2
#: The interpreter's switch interval while threads read (seconds; Python's default is
#: 0.005). A reader thread gives up the GIL for each numpy operation of its scan and for
#: calamine's parse; taking it back waits for the thread holding it to reach the interval,
#: so a shorter one keeps the readers from queueing behind the main thread's Python work.
SWITCH = 0.001

Key = tuple[int, str]


def default_jobs(books: Sequence[Book]) -> int:
    """The machine's cores, or 1 for a small read (:data:`SMALL`)."""
    small = sum(b.sheet_bytes for b in books) < SMALL
    return 1 if small else max(os.cpu_count() or 1, 1)


class SheetReader:
    """Hands out sheets in the planned order, read ahead on ``jobs`` threads: up to ``window``
    sheets, not counting small ones (under :data:`SMALL_SHEET` of XML) while those hold
    under :data:`BUDGET` in all (a file of forms is read well ahead, large sheets a few at a
    time)."""

    def __init__(self, jobs: int, window: int | None = None) -> None:
        self.jobs = jobs
        self.window = window or 2 * jobs + 4
        self._bytes: dict[Key, int] = {}  # XML bytes of each small sheet read ahead
        self._unscanned = 0  # sheets handed to the threads and not yet through the guard
        self._scans = threading.Condition()
        self._pool = ThreadPoolExecutor(jobs, thread_name_prefix="parcalc-read") \
            if jobs > 1 else None
        self._switch = sys.getswitchinterval()
        if self._pool is not None:  # see SWITCH
            sys.setswitchinterval(min(self._switch, SWITCH))
        self._plan: list[tuple[Book, str]] = []
        self._next = 0
        self._ahead: dict[Key, Future[RawSheet]] = {}
        self._taken: set[Key] = set()

    def plan(self, reads: Sequence[tuple[Book, str]]) -> None:
        """Sheets that will be asked for, in that order."""
        self._plan += reads
        self._fill()

    def _fill(self) -> None:
        if self._pool is None:
            return
        while self._next < len(self._plan):
            book, name = self._plan[self._next]
            size = book.part_size(name)
            small = 0 < size < SMALL_SHEET  # 0: not known (.xls, .ods): counted as large
            if small and sum(self._bytes.values()) + size > BUDGET:
                return
            if not small and len(self._ahead) - len(self._bytes) >= self.window:
                return
            self._next += 1
            key = (id(book), name)
            if key not in self._ahead and key not in self._taken:
                with self._scans:
                    self._unscanned += 1
                self._ahead[key] = self._pool.submit(self._read, book, name)
                if small:
                    self._bytes[key] = size

    def _read(self, book: Book, name: str) -> RawSheet:
        done = False

        def scanned() -> None:
            nonlocal done
            if not done:
                done = True
                with self._scans:
                    self._unscanned -= 1
                    self._scans.notify_all()

        try:
            return book.read(name, scanned)
        finally:
            scanned()  # a refusal: through the guard all the same

    def wait_for_scans(self, timeout: float) -> None:
        """Wait (at most ``timeout`` seconds) until the sheets being read have been scanned.
        The scans give the GIL back at every numpy step and wait to take it back behind a
        thread busy in Python; the importing that follows them is such work, and has time:
        it runs while calamine parses."""
        with self._scans:
            self._scans.wait_for(lambda: self._unscanned == 0, timeout)

    def get(self, book: Book, name: str) -> RawSheet:
        """Sheet ``name`` of ``book``: read ahead, or read now if it was not planned."""
        key = (id(book), name)
        self._taken.add(key)
        future = self._ahead.pop(key, None)
        self._bytes.pop(key, None)
        try:
            return future.result() if future is not None else book.read(name)
        finally:
            self._fill()

    def close(self) -> None:
        """Stop reading ahead; wait for the sheets being read (native code is not stopped)."""
        if self._pool is not None:
            for future in self._ahead.values():
                future.cancel()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._ahead.clear()
            sys.setswitchinterval(self._switch)


def plan(books: Sequence[Book], layout: str | None) -> list[tuple[Book, str]]:
    """The sheets reading ``books`` asks for, in order: the units sheets, then survey,
    adjustments and settings, then each file's scores — its scores sheet, or every other
    sheet when it has none (forms, one per unit)."""
    reads = []
    for spec in (UNITS, SURVEY, ADJUSTMENTS, SETTINGS):
        reads += [(b, name) for b in books if (name := find_sheet(spec, b.sheet_names))]
    for book in books:
        scores = find_sheet(SCORES, book.sheet_names)
        if scores is not None and layout != "per-unit":
            reads.append((book, scores))
        elif layout in (None, "per-unit"):
            used = {find_sheet(s, book.sheet_names) for s in (UNITS, SURVEY, ADJUSTMENTS,
                                                               SETTINGS)}
            reads += [(book, n) for n in book.sheet_names if n not in used and n != scores]
    return reads
