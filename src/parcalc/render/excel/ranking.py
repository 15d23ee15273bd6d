"""The ranking sheet of each group: rank, unit, points, max, index, band (coloured), the
self-assessed points and the change from them."""

from __future__ import annotations

from parcalc.render.excel.book import Block, Writer, cell, print_setup
from parcalc.report import GroupReport

#: The fields of the ranking table, in column order.
FIELDS = ["rank", "unit_id", "unit", "points", "max", "index", "band", "self_points", "change"]
WIDTHS = [7, 12, 44, 9, 9, 10, 9, 12, 14]
HEADER_ROW = 3


def write(w: Writer) -> None:
    for group in w.report.groups:
        _group(w, group)


def _group(w: Writer, group: GroupReport) -> None:
    lab, st = w.report.labels, w.styles
    ws, name = w.add_sheet(f"{lab['ranking']} {group.name}" if group.name else lab["ranking"])
    ws.write(0, 0, f"{lab['ranking_title']} — {group.name or ''}".rstrip(" —"), st.title)
    ws.write(1, 0, group.title, st.subtitle)
    ws.write_row(HEADER_ROW, 0, [lab[f] for f in FIELDS], st.head)
    p = group.precision
    col = {f: j for j, f in enumerate(FIELDS)}
    first = HEADER_ROW + 1
    for i, r in enumerate(group.units, start=first):
        colour = w.report.band_colours.get(r["band"]) if r["band"] else None
        cell(ws, i, col["rank"], r["rank"], st.int)
        cell(ws, i, col["unit_id"], r["unit_id"], st.text)
        cell(ws, i, col["unit"], r["name"], st.text)
        for key in ("points", "max", "index"):
            cell(ws, i, col[key], r[key], st.number(p, colour if key == "index" else None,
                                                    bold=key == "index"))
        cell(ws, i, col["band"], r["band"], st.band(colour))
        cell(ws, i, col["self_points"], r["self_points"], st.number(p))
        cell(ws, i, col["change"], r["change"], st.number(p))
    last = HEADER_ROW + len(group.units)
    w.places[("ranking", group.name or "")] = Block(name, first, last, col)
    ws.freeze_panes(first, col["unit"] + 1)
    ws.autofilter(HEADER_ROW, 0, last, len(FIELDS) - 1)
    ws.set_row(HEADER_ROW, 45)
    for j, width in enumerate(WIDTHS):
        ws.set_column(j, j, width)
    print_setup(ws, HEADER_ROW)
