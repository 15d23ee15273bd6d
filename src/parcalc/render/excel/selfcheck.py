"""Self-assessed vs appraised points — the list the appraisal council discusses: for each
unit (in ranking order) a total row, then every criterion where the appraisal changed the
self-assessed points. One table under one header, repeated on every printed page (A4
landscape)."""

from __future__ import annotations

import numpy as np

from parcalc.i18n import text
from parcalc.render import page
from parcalc.render.excel.book import (
    Writer,
    cell,
    header,
    id_width,
    row_heights,
    set_widths,
    title,
)
from parcalc.render.textfit import frame_heights, row_height

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
    cols = [id_width(report), *WIDTHS[1:]]
    title(ws, 0, last_col, report.title("self_title"), st.title, cols)
    heads = [lab["unit_id"], lab["unit"], lab["criterion"], lab["title"], lab["self_value"],
             lab["value"], lab["self_points"], lab["appraised"], lab["diff"]]
    header(ws, HEADER_ROW, 0, heads, st.head, cols)
    p = report.groups[0].precision if report.groups else 2
    number = st.number(p)
    formats = [number if key in ("self_points", "points", "diff") else (
        st.wrap if key in WRAPPED else st.text) for key in KEYS]
    frame = report.self_rows
    heights = frame_heights(frame, WRAPPED)
    where = frame.groupby("unit_id", sort=False).indices if len(frame) else {}
    columns = [frame[k].tolist() for k in KEYS]
    row = HEADER_ROW + 1
    for unit in report.self_units:
        said = _total(w, ws, row, unit, p)
        ws.set_row(row, row_height([(str(unit["name"]), cols[1]), (said, cols[3])], bold=True))
        row += 1
        at = np.asarray(where.get(unit["unit_id"], []), dtype=np.int64)
        for k in at.tolist():
            for j, (values, fmt) in enumerate(zip(columns, formats, strict=True)):
                value = values[k]
                cell(ws, row, j, None if value != value else value, fmt)  # NaN: blank
            row += 1
        row_heights(ws, row - len(at), heights[at])
    ws.autofilter(HEADER_ROW, 0, max(row - 1, HEADER_ROW + 1), last_col)
    ws.freeze_panes(HEADER_ROW + 1, 2)
    set_widths(ws, cols)
    page.setup(ws, w.page, landscape=True, fit=page.fit_columns(cols, landscape=True,
                                                                fixed=2),
               header_rows=(0, HEADER_ROW))


def _total(w: Writer, ws: object, row: int, unit: dict[str, object], p: int) -> str:
    """The unit's row: its self-assessed and appraised totals, how many criteria changed
    (returned: the words written)."""
    st = w.styles
    total = st.number(p, "#F2F2F2", bold=True)
    said = text("report.self_total", w.report.lang, n=unit["adjusted"])
    values: list[tuple[object, object]] = [
        (unit["unit_id"], st.mean), (unit["name"], st.mean), (None, st.mean), (said, st.mean),
        (None, st.mean), (None, st.mean), (unit["self_points"], total),
        (unit["points"], total), (unit["diff"], total)]
    for j, (value, fmt) in enumerate(values):
        cell(ws, row, j, value, fmt)
    return said
