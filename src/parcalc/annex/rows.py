"""An annex table's rows → numbered entries with their titles, maxima and guide lines.

A row with a number (see :mod:`parcalc.annex.numbering`) is an entry. A row with no number
under it is part of its scoring guide: each line of its title and guide cells is a guide
line, with its points at the end of its text or in the max column. In a numbered row's own
title cell, the lines that begin with ``-``, ``+`` or ``•`` are guide lines too (the lines
before them are the title), and so is every line of its guide cell. A row with no number
whose title begins with "Tổng" / "Cộng" / "Total" is the table's total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from parcalc.annex.columns import Columns
from parcalc.annex.grid import Grid
from parcalc.annex.guide import Line, Points, parse_line, points_text, strip_bullet
from parcalc.annex.numbering import Label, parse_label
from parcalc.errors import Problem
from parcalc.i18n import msg
from parcalc.text import number_text

_TOTAL = re.compile(r"^(tổng|cộng|total)\b", re.I)
_MAX_TEXT = re.compile(r"\s*(\d+(?:[.,]\d+)?)\s*(?:điểm|đ|points?)?\s*\.?\s*", re.I)
#: Points larger than this are surely not an annex's (the criteria model's own limit).
MAX_POINTS = Decimal(1_000_000)


@dataclass
class Entry:
    """A numbered row: its label, title, max (None: blank) and guide lines."""

    row: int
    label: Label
    title: str
    max: Decimal | None
    lines: list[Line] = field(default_factory=list)


@dataclass
class Rows:
    """What the rows say: the entries, the total row (row, max) if any, and the problems."""

    entries: list[Entry] = field(default_factory=list)
    total: tuple[int, Decimal] | None = None
    errors: list[Problem] = field(default_factory=list)
    doubts: list[Problem] = field(default_factory=list)


def read_rows(grid: Grid, columns: Columns) -> Rows:
    """Every row below the header (see the module)."""
    out = Rows()
    for row in range(columns.first_row, grid.height):
        _read_row(grid, columns, row, out)
    return out


def _read_row(grid: Grid, columns: Columns, row: int, out: Rows) -> None:
    number = grid.fresh_text(row, columns.number)
    title = grid.fresh_text(row, columns.title)
    guide = grid.fresh_text(row, columns.guide) if columns.guide is not None else None
    raw_max = grid.fresh(row, columns.max) if columns.max is not None else None
    if not any((number, title, guide, raw_max is not None)):
        return
    label = parse_label(number)
    if label is False:
        out.errors.append(Problem(msg("annex.bad_number", text=number),
                                  grid.where(row, columns.number)))
    elif label is None:
        _guide_row(grid, columns, row, out, (title, guide, raw_max))
    else:
        _numbered_row(grid, columns, row, out, label, (title, guide, raw_max))


def _numbered_row(grid: Grid, columns: Columns, row: int, out: Rows, label: Label,
                  cells: tuple[str | None, str | None, Any]) -> None:
    title, guide, raw_max = cells
    if not title:
        out.errors.append(Problem(msg("annex.no_title", label=label.printed),
                                  grid.where(row, columns.title)))
        return
    head, bullets = _split_title(title)
    entry = Entry(row, label, head or title, _maximum(grid, columns, row, raw_max, out))
    entry.lines += [parse_line(line, grid.where(row, columns.title), cell=(row, columns.title))
                    for line in bullets]
    entry.lines += _cell_lines(grid, row, columns.guide, guide, None)
    out.entries.append(entry)


def _guide_row(grid: Grid, columns: Columns, row: int, out: Rows,
               cells: tuple[str | None, str | None, Any]) -> None:
    title, guide, raw_max = cells
    if title and _TOTAL.match(title) and not guide:
        total = _maximum(grid, columns, row, raw_max, out)
        if total is not None:
            out.total = (row, total)
        return
    if not out.entries:
        if title or guide:
            out.doubts.append(Problem(msg("annex.before_first"), grid.where(row, columns.title),
                                      "warning"))
        return
    points = _row_points(grid, columns, row, raw_max, out)
    entry = out.entries[-1]
    entry.lines += _cell_lines(grid, row, columns.title, title, points)
    entry.lines += _cell_lines(grid, row, columns.guide, guide, points if not title else None)


def _cell_lines(grid: Grid, row: int, col: int | None, text: str | None,
                points: Points | None) -> list[Line]:
    """The lines of a cell; the row's ``points`` (max column) go to a cell of one line."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if col is None or not lines:
        return []
    shared = points if len(lines) == 1 else None
    return [parse_line(line, grid.where(row, col), shared, (row, col)) for line in lines]


def _split_title(title: str) -> tuple[str, list[str]]:
    """(the title, its bullet lines): lines from the first that begins with a bullet."""
    lines = [line for line in title.splitlines() if line.strip()]
    first = next((i for i, line in enumerate(lines) if strip_bullet(line)[1]), len(lines))
    if first == 0:
        return " ".join(title.split()), []
    return " ".join(" ".join(lines[:first]).split()), lines[first:]


def _maximum(grid: Grid, columns: Columns, row: int, raw: Any, out: Rows) -> Decimal | None:
    """A numbered row's max: a number, or text such as "0,5" or "1 điểm"; None when blank."""
    if raw is None or columns.max is None:
        return None
    value = read_number(raw)
    if value is None:
        out.errors.append(Problem(msg("annex.max_text", text=grid.text(row, columns.max)),
                                  grid.where(row, columns.max)))
    return value


def _row_points(grid: Grid, columns: Columns, row: int, raw: Any, out: Rows) -> Points | None:
    """A guide row's points in the max column: a number, "Điểm tối đa" or "75% điểm"."""
    if raw is None or columns.max is None:
        return None
    value = read_number(raw)
    if value is not None:
        return Points(value=value)
    found = points_text(str(raw))
    if found is None:
        out.errors.append(Problem(msg("annex.points_text", text=grid.text(row, columns.max)),
                                  grid.where(row, columns.max)))
    return found


def read_number(raw: Any) -> Decimal | None:
    """A cell as points: 0 up to 1,000,000, a decimal comma allowed; None when not that."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        text = number_text(float(raw))
    else:
        match = _MAX_TEXT.fullmatch(str(raw))
        if not match:
            return None
        text = match.group(1).replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() and 0 <= value <= MAX_POINTS else None
