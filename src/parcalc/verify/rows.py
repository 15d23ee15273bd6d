"""The data rows of a results table under its header: one per unit, with its group.

A row with a unit but no number in the part, total and index columns is a section heading
(``I. Khối sở, ngành``): without a group column, the rows under it form its group. Summary
rows (Trung bình, Bình quân, Tổng cộng, Average, Mean) are left out. Percent cells count as
the percentage shown (0.9561 shown as 95.61 % is 95.61, at 2 decimals).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from parcalc.text import fold
from parcalc.verify.layout import Layout
from parcalc.verify.source import Grid, Number

SUMMARY_ROWS = {"trung bình", "bình quân", "tổng cộng", "cộng", "tổng", "average", "mean",
                "total", "tổng số"}


@dataclass
class Row:
    """A unit's row: its sheet row (0-based), unit, group, and its numbers by column."""

    r: int
    unit: str
    group: str | None
    numbers: dict[int, Number] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)

    def number(self, c: int | None) -> Decimal | None:
        n = self.numbers.get(c) if c is not None else None
        return None if n is None else n.value


def number_at(grid: Grid, r: int, c: int) -> Number | None:
    cell = grid.cell(r, c)
    if not isinstance(cell, Number):
        return None
    if (r, c) in grid.percent:
        return Number(cell.value * 100, max(cell.decimals - 2, 0))
    return cell


def data_rows(grid: Grid, layout: Layout) -> list[Row]:
    """The units' rows, in sheet order."""
    value_cols = [layout.total, *(p.col for p in layout.parts)]
    if "index" in layout.roles:
        value_cols.append(layout.roles["index"])
    columns = sorted({*value_cols, *layout.roles.values()})
    group_col = layout.roles.get("group")
    section: str | None = None
    rows = []
    for r in range(layout.header + 1, len(grid.rows)):
        unit = grid.cell(r, layout.unit)
        if unit is None:
            continue
        name = unit if isinstance(unit, str) else f"{unit.value}"
        if not any(number_at(grid, r, c) is not None for c in value_cols):
            section = name
            continue
        if fold(name).rstrip(":") in SUMMARY_ROWS:
            continue
        group_cell = grid.cell(r, group_col) if group_col is not None else section
        group = group_cell if isinstance(group_cell, str) else (
            None if group_cell is None else f"{group_cell.value}")
        row = Row(r, name, group)
        for c in columns:
            number = number_at(grid, r, c)
            if number is not None:
                row.numbers[c] = number
            elif isinstance(cell := grid.cell(r, c), str):
                row.texts[c] = cell
        rows.append(row)
    return rows


def decimals(rows: list[Row], c: int | None) -> int:
    """The decimals a column is written with: the most of any of its numbers."""
    if c is None:
        return 0
    return max((row.numbers[c].decimals for row in rows if c in row.numbers), default=0)


def half_unit(places: int) -> Decimal:
    """Half a unit of the last decimal: 0.005 at 2 decimals."""
    return Decimal(5).scaleb(-(places + 1))
