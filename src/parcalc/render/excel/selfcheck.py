"""Self-assessed vs appraised points — the list the appraisal council discusses: for each
unit (in ranking order) a total row, then every criterion where the appraisal changed the
self-assessed points. One table under one header, repeated on every printed page (A4
landscape)."""

from __future__ import annotations

import numpy as np

from parcalc.i18n import text
from parcalc.render import page
from parcalc.render.excel.book import Writer, cell, header, row_heights, rows, set_widths, title
from parcalc.render.textfit import frame_heights

KEYS = ["unit_id", "name", "criterion_id", "title", "self_value", "value", "self_points",
        "points", "diff"]
WIDTHS: list[float] = [10, 24, 8, 44, 14, 14, 9, 9, 12]
#: The wrapped columns, whose text sets a row's height.
WRAPPED: dict[str, float] = {"name": 24, "title": 44, "self_value": 14, "value": 14}
HEADER_ROW = 1


def write(w: Writer) -> None:
    lab, st, report = w.report.labels, w.styles, w.report
    ws, _ = w.add_sheet(lab["self"])
    last_col = len(KEYS) - 1
    title(ws, 0, last_col, report.title("self_title"), st.title, WIDTHS)
    heads = [lab["unit_id"], lab["unit"], lab["criterion"], lab["title"], lab["self_value"],
             lab["value"], lab["self_points"], lab["appraised"], lab["diff"]]
    header(ws, HEADER_ROW, 0, heads, st.head, WIDTHS)
    p = report.groups[0].precision if report.groups else 2
    number = st.number(p)
    formats = [number if key in ("self_points", "points", "diff") else (
        st.wrap if key in WRAPPED else st.text) for key in KEYS]
    frame = report.self_rows
    heights = frame_heights(frame, WRAPPED)
    where = frame.groupby("unit_id", sort=False).indices if len(frame) else {}
    row = HEADER_ROW + 1
    for unit in report.self_units:
        _total(w, ws, row, unit, p)
        row += 1
        at = where.get(unit["unit_id"], np.array([], dtype=np.int64))
        if len(at):
            rows(ws, row, frame.iloc[at], KEYS, formats)
            row_heights(ws, row, heights[at])
            row += len(at)
    ws.autofilter(HEADER_ROW, 0, max(row - 1, HEADER_ROW + 1), last_col)
    ws.freeze_panes(HEADER_ROW + 1, 2)
    set_widths(ws, WIDTHS)
    page.setup(ws, w.page, landscape=True, fit=page.fit_columns(WIDTHS, landscape=True,
                                                                fixed=2),
               header_rows=(0, HEADER_ROW))


def _total(w: Writer, ws: object, row: int, unit: dict[str, object], p: int) -> None:
    """The unit's row: its self-assessed and appraised totals, how many criteria changed."""
    st = w.styles
    total = st.number(p, "#F2F2F2", bold=True)
    said = text("report.self_total", w.report.lang, n=unit["adjusted"])
    values: list[tuple[object, object]] = [
        (unit["unit_id"], st.mean), (unit["name"], st.mean), (None, st.mean), (said, st.mean),
        (None, st.mean), (None, st.mean), (unit["self_points"], total),
        (unit["points"], total), (unit["diff"], total)]
    for j, (value, fmt) in enumerate(values):
        cell(ws, row, j, value, fmt)
