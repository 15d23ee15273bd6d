"""Self-assessed vs appraised points: per unit, then every criterion where they differ —
the list the appraisal council discusses."""

from __future__ import annotations

from parcalc.render.excel.book import Writer, cell, rows


def write(w: Writer) -> None:
    lab, st, report = w.report.labels, w.styles, w.report
    ws, _ = w.add_sheet(lab["self"])
    ws.write(0, 0, lab["self_title"], st.title)
    p = report.groups[0].precision if report.groups else 2
    ws.write(2, 0, lab["self_by_unit"], st.bold)
    heads = [lab["unit_id"], lab["unit"], lab["group"], lab["self_points"], lab["appraised"],
             lab["diff"], lab["adjusted"]]
    ws.write_row(3, 0, heads, st.head)
    row = 4
    for r in report.self_units:
        for j, key in enumerate(["unit_id", "name", "group", "self_points", "points", "diff",
                                 "adjusted"]):
            fmt = st.number(p) if key in ("self_points", "points", "diff") else st.text
            cell(ws, row, j, r[key], fmt)
        row += 1
    row += 2
    ws.write(row, 0, lab["self_by_criterion"], st.bold)
    heads = [lab["unit_id"], lab["unit"], lab["criterion"], lab["title"], lab["self_value"],
             lab["value"], lab["self_points"], lab["appraised"], lab["diff"]]
    ws.write_row(row + 1, 0, heads, st.head)
    start = row + 1
    row += 2
    keys = ["unit_id", "name", "criterion_id", "title", "self_value", "value", "self_points",
            "points", "diff"]
    number = st.number(p)
    formats = [number if key in ("self_points", "points", "diff") else (
        st.wrap if key == "title" else st.text) for key in keys]
    rows(ws, row, report.self_rows, keys, formats)
    row += len(report.self_rows)
    ws.autofilter(start, 0, max(row - 1, start), len(heads) - 1)
    for col, width in enumerate([12, 36, 12, 50, 20, 20, 12, 12, 14]):
        ws.set_column(col, col, width)
    ws.freeze_panes(4, 2)
