"""Details: one row per unit and leaf — value, self value, rule, points, max, points lost,
status, evidence, note, and the leaf's scoring guide where the criteria have one. Printed as an
appendix: A4 landscape at the largest scale that fits
(never below 70 %), the header repeated on every page, each row as high as its wrapped text."""

from __future__ import annotations

from parcalc.render import page
from parcalc.render.excel.book import (
    Writer,
    common_height,
    header,
    id_width,
    row_heights,
    rows,
    set_widths,
    title,
)
from parcalc.render.textfit import frame_heights

KEYS = ["unit_id", "name", "criterion_id", "title", "rule", "value", "self_value", "points",
        "max", "lost", "status", "evidence", "note"]
WIDTHS: list[float] = [9, 18, 7, 38, 11, 11, 11, 6.5, 6.5, 6.5, 10, 22, 14]
#: The columns whose text wraps (and so sets a row's height).
WRAPPED = ("name", "title", "rule", "value", "self_value", "status", "evidence", "note",
           "guide")
#: The scoring guide's column, last, when a leaf has one (``guide:``).
GUIDE_WIDTH = 30
HEADER_ROW = 1


def write(w: Writer) -> None:
    lab, st, report = w.report.labels, w.styles, w.report
    ws, _ = w.add_sheet(lab["details"])
    guides = bool(report.details["guide"].notna().any())
    keys = [*KEYS, "guide"] if guides else KEYS
    cols = [id_width(report, 9), *WIDTHS[1:], *([GUIDE_WIDTH] if guides else [])]
    title(ws, 0, len(keys) - 1, report.title("details_title"), st.title, cols)
    heads = [lab["unit_id"], lab["unit"], lab["criterion"], lab["title"], lab["rule"],
             lab["value"], lab["self_value"], lab["points"], lab["max"], lab["lost"],
             lab["status"], lab["evidence"], lab["note"], *([lab["guide"]] if guides else [])]
    header(ws, HEADER_ROW, 0, heads, st.head, cols)
    p = report.groups[0].precision if report.groups else 2
    # A data sheet of units × leaves (1.7 million rows for every commune): no borders, text
    # cells in the workbook's default format (wrapped, at the top), blank cells not
    # written, so it costs what the bare table costs. Row heights are measured once per
    # distinct text of each wrapped column.
    number = st.plain_number(p)
    formats = [number if key in ("points", "max", "lost") else None for key in keys]
    first = HEADER_ROW + 1
    rows(ws, first, report.details, keys, formats, lost=st.plain_number(p, "#FCE4D6"))
    widths = dict(zip(keys, cols, strict=True))
    heights = frame_heights(report.details, {k: widths[k] for k in WRAPPED if k in widths})
    row_heights(ws, first, heights, common_height(ws, heights))
    ws.freeze_panes(first, 3)
    ws.autofilter(HEADER_ROW, 0, HEADER_ROW + max(len(report.details), 1), len(keys) - 1)
    set_widths(ws, cols)
    page.setup(ws, w.page, landscape=True, fit=page.fit_columns(cols, landscape=True,
                                                                fixed=3),
               header_rows=(0, HEADER_ROW))
