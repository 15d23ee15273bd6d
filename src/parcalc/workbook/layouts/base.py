"""What every layout shares: the :class:`Layout` protocol, the file as layouts see it
(:class:`BookView`), and the rows they produce (:class:`Part`, made by :func:`rows_part`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from parcalc.errors import Problem
from parcalc.i18n import Msg, msg
from parcalc.text import fold
from parcalc.workbook.guess import closest
from parcalc.workbook.raw import Book, RawSheet
from parcalc.workbook.specs import SheetSpec, find_sheet
from parcalc.workbook.table import Header, find_header

#: Column of a :class:`Part`'s frame: True for rows from a form or a matrix, where subtotal
#: rows, survey criteria and rows without an id are skipped, not errors.
LENIENT = "_lenient"


@dataclass
class UnitIndex:
    """Units by folded id and by folded name, with the sheet named for each (if any)."""

    by_key: dict[str, str]  # folded id or name → unit id as written
    by_sheet: dict[str, str]  # folded sheet name → unit id
    names: list[str] = field(default_factory=list)  # ids and names as written

    def find(self, text: str | None) -> str | None:
        return None if text is None else self.by_key.get(fold(text))

    def near(self, text: str) -> Msg | str:
        """"; did you mean 'SNV'?" for the unit id or name most like ``text``, else ""."""
        hit = closest([text], self.names)
        return msg("workbook.did_you_mean", name=hit) if hit else ""


@dataclass
class Part:
    """Scores rows from one sheet, as canonical columns, with where each came from.

    ``columns``: canonical columns of cells (object arrays), ``"_row"`` (the Excel row, int)
    and :data:`LENIENT` (bool), plus ``"_letter_value"`` for a matrix; every array as long.
    The parts of all files become one frame at once (:func:`parcalc.workbook.read`)."""

    sheet: RawSheet
    header: Header
    columns: dict[str, np.ndarray]
    layout: str

    def __len__(self) -> int:
        return len(self.columns["_row"])


class BookView:
    """One workbook file as the layouts see it: the units, the sheets already read as units,
    survey, adjustments or settings (``used``), and each sheet read once (a layout that
    recognises a file and then reads it does not read a sheet twice)."""

    def __init__(self, book: Book, units: UnitIndex, used: set[str]) -> None:
        self.book = book
        self.units = units
        self.used = used
        self._sheets: dict[str, RawSheet] = {}
        self._headers: dict[tuple[str, SheetSpec], Header | None] = {}
        #: what a layout worked out about this file, kept between recognise and read
        self.memo: dict[str, Any] = {}

    @property
    def name(self) -> str:
        return self.book.name

    @property
    def sheet_names(self) -> list[str]:
        return self.book.sheet_names

    def find(self, spec: SheetSpec) -> str | None:
        """The first sheet named for ``spec`` (in English or Vietnamese), if any."""
        return find_sheet(spec, self.book.sheet_names)

    def sheet(self, name: str) -> RawSheet:
        if name not in self._sheets:
            self._sheets[name] = self.book.sheet(name)
        return self._sheets[name]

    def header(self, name: str, spec: SheetSpec) -> Header | None:
        """The header of sheet ``name`` read as ``spec`` (see :func:`find_header`)."""
        if (name, spec) not in self._headers:
            self._headers[name, spec] = find_header(self.sheet(name), spec)
        return self._headers[name, spec]


class Layout(Protocol):
    """One way the scores arrive in a file, turned into the canonical long rows.

    Registered by name in :data:`parcalc.workbook.layouts.REGISTRY`; the name is what
    ``--layout`` takes and what each :class:`Part` records.
    """

    name: str

    def recognise(self, view: BookView) -> Msg | None:
        """The line ``-v`` prints when the file is in this layout; None when it is not.
        Finds no problems: a file may be in another layout."""

    def read(self, view: BookView, problems: list[Problem]) -> list[Part]:
        """The file's scores rows read in this layout; the problems found are appended.
        Called on a file this layout recognised, or on any file under ``--layout``: then
        the problems also say why the file is not in this layout."""


def rows_part(sheet: RawSheet, header: Header, layout: str, *, lenient: bool,
              unit_id: str | None = None) -> Part:
    """The rows below ``header`` as canonical columns (``unit_id`` on every row if given);
    ``lenient``: see :data:`LENIENT`."""
    start = header.row + 1
    body_rows = max(sheet.rows.shape[0] - start, 0)
    data: dict[str, np.ndarray] = {}
    for col, j in header.positions.items():
        data[col] = sheet.column(j, start)
        pct = {r for r, c in sheet.meta.percent if c == j}
        if pct:
            flags = np.empty(body_rows, dtype=object)
            flags[:] = [start + k in pct for k in range(body_rows)]
            data[f"_pct_{col}"] = flags
    data["_row"] = np.arange(header.row + 2, header.row + 2 + body_rows)
    if unit_id is not None:
        data["unit_id"] = np.full(body_rows, unit_id, dtype=object)
    data[LENIENT] = np.full(body_rows, lenient)
    return Part(sheet, header, data, layout)
