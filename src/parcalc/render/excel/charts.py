"""Native Excel charts: a ranking bar chart per group, and per unit its domain indices
against the group mean. Every series points at the cells the ranking and components sheets
wrote (their :class:`~parcalc.render.excel.book.Block`), never at copied numbers."""

from __future__ import annotations

from typing import Any

from parcalc.render.excel.book import Writer
from parcalc.report import GroupReport


def write(w: Writer) -> None:
    lab = w.report.labels
    ws, _ = w.add_sheet(lab["charts"])
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    row = 0
    for group in w.report.groups:
        if group.units:
            row = _ranking_chart(w, ws, group, row)
    for group in w.report.groups:
        row = _domain_charts(w, ws, group, row)


def _ranking_chart(w: Writer, ws: Any, group: GroupReport, row: int) -> int:
    lab = w.report.labels
    block = w.places[("ranking", group.name or "")]
    count = len(group.units)
    chart = w.book.add_chart({"type": "bar"})
    chart.add_series({
        "name": lab["chart_rank"],
        "categories": block.column("unit"),
        "values": block.column("index"),
        "data_labels": {"value": True, "num_format": "0.00"},
        "fill": {"color": "#4472C4"},
        "gap": 40,
    })
    chart.set_title({"name": f"{lab['chart_rank']} — {group.name or ''}".rstrip(" —")})
    chart.set_y_axis({"reverse": True})
    # Start the axis below the lowest index so differences show (and say so on it).
    low = 0 if group.lowest is None else max(0, int((group.lowest - 5) // 10 * 10))
    chart.set_x_axis({"min": low, "max": 100, "major_gridlines": {"visible": True},
                      "name": f"{lab['index']} ({low}–100)"})
    chart.set_legend({"none": True})
    chart.set_size({"width": 900, "height": max(300, 22 * count + 80)})
    ws.insert_chart(row, 0, chart)
    return row + max(16, (22 * count + 80) // 20 + 2)


def _domain_charts(w: Writer, ws: Any, group: GroupReport, row: int) -> int:
    lab = w.report.labels
    block = w.places[("components", group.name or "")]
    ids = [d for d, _ in w.report.domains]
    first_col, last_col = block.columns[f"domain:{ids[0]}"], block.columns[f"domain:{ids[-1]}"]
    header, mean = block.rows["header"], block.rows["mean"]
    categories = [block.sheet, header, first_col, header, last_col]
    for k, r in enumerate(group.units):
        at = block.first + k
        chart = w.book.add_chart({"type": "radar"})
        chart.add_series({"name": r["name"], "categories": categories,
                          "values": [block.sheet, at, first_col, at, last_col],
                          "line": {"color": "#4472C4", "width": 2}})
        chart.add_series({"name": lab["mean"], "categories": categories,
                          "values": [block.sheet, mean, first_col, mean, last_col],
                          "line": {"color": "#A5A5A5", "dash_type": "dash"}})
        chart.set_title({"name": f"{r['name']}", "name_font": {"size": 11}})
        chart.set_y_axis({"min": 0, "max": 100})
        chart.set_size({"width": 450, "height": 300})
        ws.insert_chart(row + (k // 2) * 16, 0 if k % 2 == 0 else 8, chart)
    return row + ((len(group.units) + 1) // 2) * 16 + 1
