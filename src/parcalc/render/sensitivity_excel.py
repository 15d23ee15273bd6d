"""A sensitivity analysis as a workbook: one sheet with a row per unit (numbers as
numbers, probabilities as percentages) and, under it, the mean absolute rank shift of each
group; written whole or not at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from parcalc.atomic import write_with
from parcalc.i18n import label, text
from parcalc.render.sensitivity import heading
from parcalc.sensitivity import POLICIES, Sensitivity, UnitSensitivity

#: Column widths (characters) of the fields, by kind.
WIDTHS = {"text": 14, "name": 36, "number": 11, "tied": 30}


def write_excel(found: Sensitivity, target: str | Path) -> None:
    write_with(target, lambda tmp: _write(found, tmp))


def _fields(found: Sensitivity) -> list[tuple[str, str]]:
    """(header, kind) of every column."""
    labels = list(dict.fromkeys(b for u in found.units for b in u.band_probability))
    return [(label("sensitivity.sheet.group"), "text"), (label("table.rank"), "number"),
            (label("sensitivity.sheet.unit_id"), "text"), (label("table.unit"), "name"),
            (label("table.band"), "text"), (label("sensitivity.sheet.median"), "number"),
            (label("sensitivity.sheet.low"), "number"),
            (label("sensitivity.sheet.high"), "number"),
            *((text("sensitivity.sheet.probability", band=b), "percent") for b in labels),
            *((label(f"sensitivity.sheet.rank_{p}"), "number") for p in POLICIES),
            (label("sensitivity.tied"), "tied")]


def _row(found: Sensitivity, u: UnitSensitivity) -> list[Any]:
    labels = list(dict.fromkeys(b for v in found.units for b in v.band_probability))
    return [u.group, u.rank, u.unit_id, u.name, u.band, u.rank_median, u.rank_low,
            u.rank_high, *(u.band_probability.get(b) for b in labels),
            *(u.rank_by_policy[p] for p in POLICIES), ", ".join(u.tied_with) or None]


def _write(found: Sensitivity, path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                           "strings_to_urls": False})
    formats = {
        "head": book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter",
                                 "align": "center", "bg_color": "#DDEBF7", "border": 1}),
        "title": book.add_format({"bold": True, "font_size": 13}),
        "percent": book.add_format({"num_format": "0%"}),
        "decimal": book.add_format({"num_format": "0.00"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
    }
    ws = book.add_worksheet(label("sensitivity.sheet.name")[:31])
    ws.write_string(0, 0, heading(found), formats["title"])
    fields = _fields(found)
    ws.write_row(2, 0, [h for h, _ in fields], formats["head"])
    ws.set_row(2, 48)
    for c, (_, kind) in enumerate(fields):
        ws.set_column(c, c, WIDTHS.get(kind, WIDTHS["number"]),
                      formats["wrap"] if kind in ("name", "tied") else None)
    for r, unit in enumerate(found.units, start=3):
        for c, (value, (_, kind)) in enumerate(zip(_row(found, unit), fields, strict=True)):
            _cell(ws, r, c, value, formats.get(kind))
    last = 2 + len(found.units)
    ws.autofilter(2, 0, max(last, 3), len(fields) - 1)
    ws.freeze_panes(3, 4)
    _groups(ws, found, last + 2, formats)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(2)
    book.close()


def _groups(ws: Any, found: Sensitivity, first: int, formats: dict[str, Any]) -> None:
    """The per-group table under the units."""
    ws.write_string(first, 0, label("sensitivity.sheet.groups"), formats["title"])
    ws.write_row(first + 1, 0, [label("sensitivity.sheet.group"),
                                label("sensitivity.sheet.shift")], formats["head"])
    for r, g in enumerate(found.groups, start=first + 2):
        _cell(ws, r, 0, g.group, None)
        _cell(ws, r, 1, g.mean_abs_rank_shift, formats["decimal"])


def _cell(ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    """Numbers as numbers, text as text (never a formula), nothing for None."""
    if value is None:
        return
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)
