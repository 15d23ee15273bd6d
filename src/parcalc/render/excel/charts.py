"""Native Excel charts for leadership, on A4 landscape pages at full scale that no chart
crosses: the ranking of every group as bars on one common axis, side by side; then, for each
unit, its component index per domain beside its group's mean, the domains' short titles as
categories, on an axis that starts near the lowest value shown — twelve to a page (four
across, three down: the 52 units of the example in five pages, so that the leadership part
prints in at most 12), each group from a new page. Every
series points at the cells the ranking and components sheets wrote (their
:class:`~parcalc.render.excel.book.Block`), never at copied numbers."""

from __future__ import annotations

import math
from typing import Any

from parcalc.render import page
from parcalc.render.excel.book import Writer, title
from parcalc.render.excel.chartgrid import COL_WIDTH, ROW_PT, ROW_PX, Grid
from parcalc.render.textfit import FONT, row_height
from parcalc.report import GroupReport

#: Grid columns across a page; a ranking chart takes half (two groups side by side), a
#: unit's chart a quarter; a page holds three bands of unit charts.
COLUMNS = 16
UNIT_COLS = 4
UNIT_BANDS = 3
#: Pixels a ranking chart needs: its title and axis, and each bar.
RANK_FRAME_PX, BAR_PX = 90, 17
BLUE, GREY = "#4472C4", "#A5A5A5"


def write(w: Writer) -> None:
    lab, st, report = w.report.labels, w.styles, w.report
    ws, _ = w.add_sheet(lab["charts"])
    ws.set_default_row(ROW_PT)
    ws.set_column(0, COLUMNS - 1, COL_WIDTH)
    widths = [float(COL_WIDTH)] * COLUMNS
    indices = [g.lowest for g in report.groups if g.lowest is not None]
    low = axis_floor(min(indices)) if indices else 0
    height = title(ws, 0, COLUMNS - 1, report.title("charts_title"), st.title, widths)
    grid, fit = Grid.for_page(COLUMNS, height, top=1)
    _note(w, ws, grid, report_note(w, low), widths)
    ranked = [g for g in report.groups if g.units]
    per_page = max(1, (grid.rows * ROW_PX - RANK_FRAME_PX) // BAR_PX)
    for group in ranked:
        # a group too long for one page (a province's communes): a chart per page's worth
        for start in range(0, len(group.units), per_page):
            _ranking_chart(w, ws, grid, group, low, COLUMNS // min(2, len(ranked)),
                           (start, min(start + per_page, len(group.units))))
    for group in report.groups:
        grid.new_page()
        for k in range(len(group.units)):
            _unit_chart(w, ws, grid, group, k)
    page.setup(ws, w.page, landscape=True, fit=fit, header_rows=(0, 0),
               row_breaks=grid.breaks())


def _note(w: Writer, ws: Any, grid: Grid, note: str, widths: list[float]) -> None:
    """What the charts show, under the title of the first page, over as many grid rows as
    its wrapped text needs."""
    rows = math.ceil(row_height([(note, sum(widths))]) / ROW_PT)
    at, _ = grid.place(COLUMNS, rows)
    ws.merge_range(at, 0, at + rows - 1, COLUMNS - 1, note, w.styles.note)
    grid.newline()


def report_note(w: Writer, low: int) -> str:
    from parcalc.i18n import text

    return text("report.chart_note", w.report.lang, low=low)


def axis_floor(value: float) -> int:
    """Where an axis starts for values down to ``value``: the multiple of 5 at least 2
    below it (never below 0)."""
    return max(0, int(math.floor((value - 2) / 5) * 5))


def _font(size: float, bold: bool = False) -> dict[str, Any]:
    return {"name": FONT, "size": size, "bold": bold}


def _ranking_chart(w: Writer, ws: Any, grid: Grid, group: GroupReport, low: int,
                   cols: int, span: tuple[int, int]) -> None:
    """The index of the group's units ``span`` (first, last + 1 in ranking order) as bars
    on the axis from ``low`` that every group's chart shares."""
    lab = w.report.labels
    block = w.places[("ranking", group.name or "")]
    first, last = block.first + span[0], block.first + span[1] - 1
    unit, index = block.columns["unit"], block.columns["index"]
    chart = w.book.add_chart({"type": "bar"})
    chart.add_series({
        "name": lab["chart_rank"], "categories": [block.sheet, first, unit, last, unit],
        "values": [block.sheet, first, index, last, index], "fill": {"color": BLUE},
        "gap": 40,
        "data_labels": {"value": True, "num_format": _decimals(group.precision),
                        "font": _font(7.5)},
    })
    chart.set_title({"name": f"{lab['chart_rank']} — {group.name or ''}".rstrip(" —"),
                     "name_font": _font(10, bold=True)})
    chart.set_y_axis({"reverse": True, "num_font": _font(7.5)})
    chart.set_x_axis({"min": low, "max": 100, "major_gridlines": {"visible": True},
                      "num_font": _font(7.5), "name": f"{lab['index']}",
                      "name_font": _font(7.5)})
    chart.set_legend({"none": True})
    rows = math.ceil((RANK_FRAME_PX + BAR_PX * (span[1] - span[0])) / ROW_PX)
    if grid.room() >= rows * 0.7:  # a little shorter, to stay beside the others
        rows = min(rows, grid.room())
    at = grid.place(cols, rows)
    chart.set_size(grid.size(cols, rows))
    ws.insert_chart(*at, chart, {"x_offset": 3, "y_offset": 3})


def _unit_chart(w: Writer, ws: Any, grid: Grid, group: GroupReport, k: int) -> None:
    """The unit's component index per domain (blue, labelled) beside the group mean (grey)."""
    lab = w.report.labels
    block = w.places[("components", group.name or "")]
    ids = [d for d, _ in w.report.domains]
    first, last = block.columns[f"domain:{ids[0]}"], block.columns[f"domain:{ids[-1]}"]
    header, mean, at_row = block.rows["header"], block.rows["mean"], block.first + k
    categories = [block.sheet, header, first, header, last]
    unit = group.units[k]
    chart = w.book.add_chart({"type": "bar"})
    chart.add_series({"name": unit["name"], "categories": categories,
                      "values": [block.sheet, at_row, first, at_row, last],
                      "fill": {"color": BLUE}, "gap": 60, "overlap": -5,
                      "data_labels": {"value": True, "font": _font(7),
                                      "num_format": _decimals(group.precision)}})
    chart.add_series({"name": lab["mean"], "categories": categories,
                      "values": [block.sheet, mean, first, mean, last],
                      "fill": {"color": GREY}})
    chart.set_title({"name": unit["name"], "name_font": _font(8, bold=True),
                     "overlay": False})
    chart.set_y_axis({"reverse": True, "num_font": {**_font(6.5), "rotation": 0}})
    chart.set_x_axis({"min": axis_floor(_lowest_shown(unit, group)), "max": 100,
                      "major_unit": 10, "num_font": _font(7),
                      "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_legend({"none": True})
    rows = grid.rows // UNIT_BANDS
    at = grid.place(UNIT_COLS, rows)
    chart.set_size(grid.size(UNIT_COLS, rows))
    ws.insert_chart(*at, chart, {"x_offset": 3, "y_offset": 3})


def _lowest_shown(unit: dict[str, Any], group: GroupReport) -> float:
    values = [d["index"] for d in unit["domains"] if d["index"] is not None]
    values += [v for v in group.domain_means.values() if v is not None]
    return min(values, default=0.0)


def _decimals(precision: int) -> str:
    return "0." + "0" * precision if precision else "0"
