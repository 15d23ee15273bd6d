"""The ranking sheet of each group: rank, unit, points, max, index, band (coloured), the
self-assessed points and the change from them — one A4 portrait page per group, its title
with the year repeated on every page."""

from __future__ import annotations

import numpy as np

from parcalc.render import page
from parcalc.render.excel.book import (
    Block,
    Writer,
    cell,
    header,
    id_width,
    row_heights,
    set_widths,
    title,
)
from parcalc.render.textfit import row_height
from parcalc.report import GroupReport

#: The fields of the ranking table, in column order.
FIELDS = ["rank", "unit_id", "unit", "points", "max", "index", "band", "self_points", "change"]
WIDTHS: list[float] = [6, 10, 32, 8, 8, 9, 9, 10, 11]
HEADER_ROW = 3


def write(w: Writer) -> None:
    for group in w.report.groups:
        _group(w, group)


def widths(w: Writer) -> list[float]:
    """:data:`WIDTHS`, the unit id column as wide as the longest id, the band column as
    wide as the longest band label."""
    bands = [label for label in w.report.band_colours] or [""]
    out = list(WIDTHS)
    out[FIELDS.index("unit_id")] = id_width(w.report)
    out[FIELDS.index("band")] = max(out[FIELDS.index("band")], max(map(len, bands)) * 1.2 + 3)
    return out


def _group(w: Writer, group: GroupReport) -> None:
    lab, st = w.report.labels, w.styles
    ws, name = w.add_sheet(f"{lab['ranking']} {group.name}" if group.name else lab["ranking"])
    cols = widths(w)
    last_col = len(FIELDS) - 1
    title(ws, 0, last_col, w.report.title("ranking_title", group.name), st.title, cols)
    title(ws, 1, last_col, group.title, st.subtitle, cols, size=10, bold=False)
    header(ws, HEADER_ROW, 0, [lab[f] for f in FIELDS], st.head, cols)
    p = group.precision
    col = {f: j for j, f in enumerate(FIELDS)}
    first = HEADER_ROW + 1
    for i, r in enumerate(group.units, start=first):
        colour = w.report.band_colours.get(r["band"]) if r["band"] else None
        cell(ws, i, col["rank"], r["rank"], st.int)
        cell(ws, i, col["unit_id"], r["unit_id"], st.text)
        cell(ws, i, col["unit"], r["name"], st.wrap)
        for key in ("points", "max", "index"):
            cell(ws, i, col[key], r[key], st.number(p, colour if key == "index" else None,
                                                    bold=key == "index"))
        cell(ws, i, col["band"], r["band"], st.band(colour))
        cell(ws, i, col["self_points"], r["self_points"], st.number(p))
        cell(ws, i, col["change"], r["change"], st.number(p))
    row_heights(ws, first, np.array([row_height([(str(r["name"]), cols[col["unit"]])])
                                     for r in group.units]))
    last = HEADER_ROW + len(group.units)
    w.places[("ranking", group.name or "")] = Block(name, first, last, col)
    ws.freeze_panes(first, col["unit"] + 1)
    ws.autofilter(HEADER_ROW, 0, last, last_col)
    set_widths(ws, cols)
    page.setup(ws, w.page, landscape=False, fit=page.fit_columns(cols, landscape=False),
               header_rows=(0, HEADER_ROW))
