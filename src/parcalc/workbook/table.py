"""Tables: the rows of one kind (units, scores, …) under canonical column names.

A table may gather rows from several sheets and files; each row remembers its source and
Excel row, so every problem can say ``file › sheet!CELL``. Headers are found by their
names, not their position: title rows above the header are skipped, and a two-row header
(``Điểm`` over ``Tự đánh giá`` | ``Thẩm định``) is read as one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from parcalc.errors import Location, Problem
from parcalc.i18n import Msg, msg
from parcalc.text import header_key
from parcalc.values import Values
from parcalc.workbook.address import column_letter
from parcalc.workbook.guess import closest
from parcalc.workbook.raw import RawSheet
from parcalc.workbook.specs import Column, SheetSpec

IX = "_ix"  # position of the row in its table
SRC = "_src"  # index of the row's source in Table.sources
ROW = "_row"  # the row's Excel row number
#: How far down the header row may sit below title rows.
HEADER_SEARCH_ROWS = 30


@dataclass
class Source:
    file: str
    sheet: str
    letters: dict[str, str]
    header_row: int


@dataclass
class Header:
    """Where a sheet's header is: the last header row (0-based) and each column's index."""

    row: int
    positions: dict[str, int]
    others: dict[str, int] = field(default_factory=dict)  # kept columns: title → index
    texts: dict[int, str] = field(default_factory=dict)  # every header cell: index → text


@dataclass
class Table:
    """Rows of one kind; ``frame`` has canonical columns plus IX, SRC and ROW."""

    name: str
    frame: pd.DataFrame
    sources: list[Source]
    others: dict[str, str] = field(default_factory=dict)  # survey question → frame column

    @property
    def columns(self) -> set[str]:
        return {c for s in self.sources for c in s.letters}

    def has(self, column: str) -> bool:
        return column in self.columns

    def loc(self, column: str, ix: int | None = None) -> Location:
        """The cell of ``column`` in row ``ix`` (the header cell when ``ix`` is None)."""
        if ix is None or not len(self.frame):
            src = self.sources[0]
            return Location(src.file, sheet=src.sheet,
                            cell=f"{src.letters.get(column, 'A')}{src.header_row}")
        src = self.sources[int(self.frame[SRC].to_numpy()[ix])]
        override = f"_letter_{column}"
        if override in self.frame.columns and isinstance(self.frame[override].iat[ix], str):
            letter = self.frame[override].iat[ix]
        else:
            letter = src.letters.get(column, "A")
        return Location(src.file, sheet=src.sheet, cell=f"{letter}{self.frame[ROW].iat[ix]}")

    def cell_ref(self, column: str, ix: int) -> str:
        """``sheet!A2`` (``file › sheet!A2`` when the table spans several files)."""
        loc = self.loc(column, ix)
        text = f"{loc.sheet}!{loc.cell}"
        return f"{loc.file} › {text}" if len({s.file for s in self.sources}) > 1 else text


def find_header(sheet: RawSheet, spec: SheetSpec) -> Header | None:
    """The first row (or pair of rows) naming every required column, else the best partial."""
    required = [c.name for c in spec.columns if c.required]

    def complete(header: Header | None) -> bool:
        return header is not None and all(c in header.positions for c in required)

    singles: dict[int, Header | None] = {}

    def one_row(i: int) -> Header | None:  # each row's single-row match, worked out once
        if i not in singles:
            singles[i] = _match(sheet, spec, i, single=True)
        return singles[i]

    best: Header | None = None
    limit = min(HEADER_SEARCH_ROWS, len(sheet.rows))
    for i in range(limit):
        single = one_row(i)
        if complete(single):
            return single
        if complete(one_row(i + 1)):
            continue  # row i is a title above a one-row header
        pair = _match(sheet, spec, i, single=False)
        if complete(pair):
            return pair
        for header in (single, pair):
            if header is not None and (best is None or
                                       len(header.positions) > len(best.positions)):
                best = header
    return best


def mentions(sheet: RawSheet, column: Column) -> bool:
    """Whether a header :func:`find_header` could find names ``column``: some cell of the
    rows it searches, alone or over the cell below, is one of the column's names."""
    return not column.keys.isdisjoint(head_keys(sheet))


def head_keys(sheet: RawSheet) -> frozenset[str]:
    """The header keys of the rows :func:`find_header` searches: each cell's, and each
    cell's over the one below (worked out once per sheet)."""
    if sheet.head_keys is None:
        keys: set[str] = set()
        for i in range(min(HEADER_SEARCH_ROWS, len(sheet.rows)) + 1):
            top, below = sheet.texts(i), sheet.texts(i + 1)
            keys.update(header_key(text) for text in top.values())
            keys.update(header_key(f"{text} {below[j]}") for j, text in top.items()
                        if j in below)
        sheet.head_keys = frozenset(keys)
    return sheet.head_keys


def _match(sheet: RawSheet, spec: SheetSpec, i: int, single: bool) -> Header | None:
    if i >= len(sheet.rows) or (not single and i + 1 >= len(sheet.rows)):
        return None
    positions: dict[str, int] = {}
    texts: dict[int, str] = {}
    top, below = sheet.texts(i), ({} if single else sheet.texts(i + 1))
    for j in sorted(top.keys() | below.keys()) if below else top:
        candidates = [top[j]] if single else _candidates(top.get(j), below.get(j))
        if not candidates:
            continue
        texts[j] = below.get(j) or candidates[-1]
        col = _column_for(candidates, spec, positions)
        if col is not None:
            positions[col.name] = j
    if not positions:
        return None
    row = i if single else i + 1
    header = Header(row, positions, texts=texts)
    if spec.keep_other:
        taken = set(positions.values())
        header.others = {text: j for j, text in texts.items() if j not in taken}
    return header


def _candidates(top: str | None, below: str | None) -> list[str]:
    """The texts a two-row header's column may be named by: each row's, and both."""
    out = [t for t in (top, below) if t]
    if top and below and top != below:
        out.append(f"{top} {below}")
    if below and not top:
        return [below]
    return out


def _column_for(candidates: list[str], spec: SheetSpec,
                taken: dict[str, int]) -> Column | None:
    for text in reversed(candidates):
        for col in spec.by_key.get(header_key(text), ()):
            if col.name not in taken:
                return col
    return None


def header_problems(sheet: RawSheet, spec: SheetSpec, header: Header | None) -> list[Problem]:
    """Missing required columns (each with its near miss, if any), or no header at all."""
    where = Location(sheet.file, sheet=sheet.name,
                     cell=f"A{header.row + 1}" if header else "A1")
    if header is None:
        missing = ", ".join(c.label() for c in spec.columns if c.required)
        return [Problem(msg("workbook.no_header", columns=missing), where)]
    return [_missing_column(sheet, c, header) for c in spec.columns
            if c.required and c.name not in header.positions]


def _missing_column(sheet: RawSheet, column: Column, header: Header) -> Problem:
    """Column ``column`` is not in ``header``: where to add it, and the header cell (not
    taken by another column) that looks like it, if one does."""
    taken = set(header.positions.values())
    near = closest((column.name, *column.aliases),
                   (t for j, t in header.texts.items() if j not in taken))
    suggestion: Msg | str = msg("workbook.did_you_mean", name=near) if near else ""
    return Problem(msg("workbook.missing_column", column=column.name, sheet=sheet.name,
                       aliases=" / ".join(column.aliases) or column.name,
                       suggestion=suggestion),
                   Location(sheet.file, sheet=sheet.name, cell=f"A{header.row + 1}"))


def build(name: str, sheets: list[tuple[RawSheet, Header]],
          spec: SheetSpec) -> Table:
    """One table from the data rows under each sheet's header."""
    frames, sources = [], []
    others: dict[str, str] = {}
    for k, (sheet, header) in enumerate(sheets):
        frame = _frame(sheet, header, spec, k, others)
        frames.append(frame)
        letters = {c: column_letter(j) for c, j in header.positions.items()}
        letters.update({others[t]: column_letter(j) for t, j in header.others.items()})
        sources.append(Source(sheet.file, sheet.name, letters, header.row + 1))
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    frame[IX] = range(len(frame))
    return Table(name, frame, sources, others)


def _frame(sheet: RawSheet, header: Header, spec: SheetSpec, k: int,
           others: dict[str, str]) -> pd.DataFrame:
    start = header.row + 1
    data: dict[str, Any] = {}
    for col, j in header.positions.items():
        data[col] = sheet.column(j, start)
    for text, j in header.others.items():
        key = others.setdefault(_known(others, text), f"q{len(others)}")
        data[key] = sheet.column(j, start)
    frame = pd.DataFrame(data, dtype=object)
    frame[SRC] = k
    frame[ROW] = range(start + 1, start + 1 + len(frame))
    required = [c.name for c in spec.columns if c.required and c.name in frame.columns]
    keep = np.zeros(len(frame), dtype=bool)
    for name in required or list(data):
        keep |= ~Values(frame[name].to_numpy()).blank
    if not required:
        keep[:] = True
    return frame[keep].reset_index(drop=True)


def _known(others: dict[str, str], text: str) -> str:
    """The spelling already used for a kept column (matched ignoring case and spaces)."""
    key = header_key(text)
    return next((t for t in others if header_key(t) == key), text)
