"""Rank confidence ("Độ tin cậy xếp hạng"), in a report written with ``--sensitivity N``:
per group, each unit's rank with its median and 5th–95th percentile interval over the
samples, the probability of each band and the ranks of the units it is statistically tied
with (as ``parcalc sensitivity`` shows them: runs of ranks, "11–16"); then, on
a page of its own, the intervals as a chart with error bars (the rank a diamond, the
interval a bar through it; rank 1 at the top). A4 landscape, the header repeated."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from parcalc.i18n import label, text
from parcalc.render import page
from parcalc.render.excel.book import Writer, cell, header, id_width, set_widths, title
from parcalc.render.sensitivity import tied_ranks
from parcalc.render.textfit import MIN_ROW, column_px, row_height
from parcalc.report import GroupReport
from parcalc.workbook.address import column_letter

if TYPE_CHECKING:
    from parcalc.sensitivity import Sensitivity, UnitSensitivity

#: Column widths: rank, unit id, unit, band, median, low, high, one per band, tied with.
FIXED = [6.0, 10.0, 30.0, 8.0, 8.0, 8.0, 8.0]
BAND_WIDTH = 8.0
TIED_WIDTH = 24.0
#: Share of the table's printed width, and of a page's height, that a chart takes.
CHART_SHARE = (0.9, 0.8)
#: Pixels of a default row of the report (:data:`~parcalc.render.textfit.MIN_ROW` points).
ROW_PX = MIN_ROW * 4 / 3


def write(w: Writer) -> None:
    found = w.report.sensitivity
    if found is None:
        return
    st = w.styles
    bands = list(dict.fromkeys(b for u in found.units for b in u.band_probability))
    cols = [*FIXED, *([BAND_WIDTH] * len(bands)), TIED_WIDTH]
    cols[1] = id_width(w.report)
    ws, name = w.add_sheet(w.report.labels["confidence"])
    last_col = len(cols) - 1
    title(ws, 0, last_col, w.report.title("confidence_title"), st.title, cols)
    title(ws, 1, last_col, _note(found), st.subtitle, cols, size=10, bold=False)
    fit = page.fit_columns(cols, landscape=True, fixed=3)
    row, breaks = 3, []
    for group in w.report.groups:
        units = [found.unit(str(r["unit_id"])) for r in group.units]
        first = _table(w, ws, group, units, bands, cols, row)
        breaks.append(first + len(units) + 1)
        row = _chart(w, ws, name, group, units, first, fit, breaks[-1], cols)
        breaks.append(row)
        row += 1
    set_widths(ws, cols)
    ws.set_column(len(cols), len(cols) + 1, None, None, {"hidden": True})
    ws.print_area(0, 0, row, last_col)  # not the hidden columns of the error bars
    page.setup(ws, w.page, landscape=True, fit=fit, header_rows=(0, 1),
               row_breaks=[b for b in breaks[:-1] if b > 0])


def _note(found: Sensitivity) -> str:
    varied = [label(f"report.confidence_{v}") for v in found.options.vary
              if v == "survey" or found.options.weights]
    return text("report.confidence_note", samples=found.options.samples,
                seed=found.options.seed, vary=", ".join(varied) or label(
                    "report.confidence_nothing"))


def _table(w: Writer, ws: Any, group: GroupReport, units: list[UnitSensitivity],
           bands: list[str], cols: list[float], row: int) -> int:
    """The group's heading, header and a row per unit from ``row``; returns the first unit
    row."""
    st, lab = w.styles, w.report.labels
    heading = w.book.add_format({"bold": True, "align": "left", "valign": "bottom"})
    ws.merge_range(row, 0, row, len(cols) - 1, group.name or lab["none"], heading)
    heads = [lab["rank"], lab["unit_id"], lab["unit"], lab["band"],
             label("sensitivity.sheet.median"), label("sensitivity.sheet.low"),
             label("sensitivity.sheet.high"),
             *(text("sensitivity.sheet.probability", band=b) for b in bands),
             label("sensitivity.tied_ranks")]
    header(ws, row + 1, 0, heads, st.head, cols)
    first = row + 2
    percent = w.book.add_format({"num_format": "0%", "border": 1, "valign": "top"})
    for i, u in enumerate(units, start=first):
        values = [u.rank, u.unit_id, u.name, u.band, u.rank_median, u.rank_low, u.rank_high]
        formats = [st.int, st.text, st.wrap, st.band(w.report.band_colours.get(u.band or "")),
                   st.int, st.int, st.int]
        for j, (value, fmt) in enumerate(zip(values, formats, strict=True)):
            cell(ws, i, j, value, fmt)
        for k, b in enumerate(bands):
            cell(ws, i, len(FIXED) + k, u.band_probability.get(b), percent)
        tied = tied_ranks(u, units) or None
        cell(ws, i, len(FIXED) + len(bands), tied, st.wrap)
        ws.set_row(i, row_height([(u.name, cols[2]), (tied or "", cols[-1])]))
        if u.rank is not None:  # the chart's error bars, in hidden columns past the table
            ws.write_number(i, len(cols), (u.rank_high or u.rank) - u.rank)
            ws.write_number(i, len(cols) + 1, u.rank - (u.rank_low or u.rank))
    return first


def _chart(w: Writer, ws: Any, sheet: str, group: GroupReport, units: list[UnitSensitivity],
           first: int, fit: page.Fit, at: int, cols: list[float]) -> int:
    """The group's rank intervals as a chart at row ``at``, one printed page (the error bars
    from the hidden columns past the table's ``cols``); returns the row after it."""
    helper = len(cols)
    ranked = [u for u in units if u.rank is not None]
    if not ranked:
        return at
    chart = w.book.add_chart({"type": "line"})
    last = first + len(units) - 1
    bars = [f"='{sheet}'!${column_letter(c)}${first + 1}:${column_letter(c)}${last + 1}"
            for c in (helper, helper + 1)]
    chart.add_series({
        "name": label("report.confidence_rank"),
        "categories": [sheet, first, 2, last, 2], "values": [sheet, first, 0, last, 0],
        "line": {"none": True},
        "marker": {"type": "diamond", "size": 7, "fill": {"color": "#1F4E79"},
                   "border": {"color": "#1F4E79"}},
        "y_error_bars": {"type": "custom", "plus_values": bars[0], "minus_values": bars[1],
                         "end_style": 1, "line": {"color": "#4472C4", "width": 1.5}},
    })
    worst = max(max(u.rank_high or 0, u.rank or 0) for u in ranked)
    chart.set_title({"name": f"{label('report.confidence_chart')} — {group.name or ''}"
                     .rstrip(" —"), "name_font": {"size": 11}})
    step = _step(worst)
    chart.set_y_axis({"reverse": True, "min": 1 if step == 1 else 0, "max": worst,
                      "major_unit": step,
                      "name": w.report.labels["rank"], "major_gridlines": {"visible": True}})
    chart.set_x_axis({"num_font": {"rotation": -90, "size": 8}})
    chart.set_legend({"none": True})
    width, height = page.printable_px(True)
    table_px = sum(column_px(c) for c in cols)
    px_w = int(min(width * 100 / fit.scale, table_px) * CHART_SHARE[0])
    px_h = int(height * 100 / fit.scale * CHART_SHARE[1])
    chart.set_size({"width": px_w, "height": px_h})
    ws.insert_chart(at, 0, chart, {"object_position": 3})
    return at + math.ceil(px_h / ROW_PX) + 1


def _step(worst: int) -> int:
    """Gridlines every 1, 2, 5, 10 … ranks: about ten of them."""
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500):
        if worst / step <= 12:
            return step
    return 1000
