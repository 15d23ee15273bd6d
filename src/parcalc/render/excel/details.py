"""Details: one row per unit and leaf — value, self value, rule, points, max, points lost,
status, evidence, note. Printed as an appendix: A4 landscape at the largest scale that fits
(never below 70 %), the header repeated on every page, each row as high as its wrapped text."""

from __future__ import annotations

from parcalc.render import page
from parcalc.render.excel.book import Writer, header, row_heights, rows, set_widths, title
from parcalc.render.textfit import frame_heights

KEYS = ["unit_id", "name", "criterion_id", "title", "rule", "value", "self_value", "points",
        "max", "lost", "status", "evidence", "note"]
WIDTHS: list[float] = [9, 16, 7, 38, 11, 11, 11, 6.5, 6.5, 6.5, 10, 22, 16]
#: The columns whose text wraps (and so sets a row's height).
WRAPPED = ("name", "title", "rule", "value", "self_value", "status", "evidence", "note")
HEADER_ROW = 1


def write(w: Writer) -> None:
    lab, st, report = w.report.labels, w.styles, w.report
    ws, _ = w.add_sheet(lab["details"])
    title(ws, 0, len(KEYS) - 1, report.title("details_title"), st.title, WIDTHS)
    heads = [lab["unit_id"], lab["unit"], lab["criterion"], lab["title"], lab["rule"],
             lab["value"], lab["self_value"], lab["points"], lab["max"], lab["lost"],
             lab["status"], lab["evidence"], lab["note"]]
    header(ws, HEADER_ROW, 0, heads, st.head, WIDTHS)
    p = report.groups[0].precision if report.groups else 2
    # A data sheet of units × leaves (1.7 million rows for every commune): no borders, and
    # blank cells are not written, so it costs what the bare table costs. Row heights are
    # measured once per distinct text of each wrapped column.
    number = st.plain_number(p)
    wrap = st.book.add_format({"text_wrap": True, "valign": "top"})
    top = st.book.add_format({"valign": "top"})
    formats = [number if key in ("points", "max", "lost") else
               wrap if key in WRAPPED else top for key in KEYS]
    first = HEADER_ROW + 1
    rows(ws, first, report.details, KEYS, formats, lost=st.plain_number(p, "#FCE4D6"),
         blanks=False)
    widths = dict(zip(KEYS, WIDTHS, strict=True))
    row_heights(ws, first, frame_heights(report.details, {k: widths[k] for k in WRAPPED}))
    ws.freeze_panes(first, 3)
    ws.autofilter(HEADER_ROW, 0, HEADER_ROW + max(len(report.details), 1), len(KEYS) - 1)
    set_widths(ws, WIDTHS)
    page.setup(ws, w.page, landscape=True, fit=page.fit_columns(WIDTHS, landscape=True,
                                                                fixed=3),
               header_rows=(0, HEADER_ROW))
