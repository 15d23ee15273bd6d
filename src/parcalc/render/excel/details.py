"""Details: one row per unit and leaf — value, self value, rule, points, max, points lost,
status, evidence, note, and the leaf's scoring guide."""

from __future__ import annotations

from parcalc.render.excel.book import Writer, rows


def write(w: Writer) -> None:
    lab, st, report = w.report.labels, w.styles, w.report
    ws, _ = w.add_sheet(lab["details"])
    keys = ["unit_id", "name", "criterion_id", "title", "rule", "value", "self_value",
            "points", "max", "lost", "status", "evidence", "note", "guide"]
    heads = [lab["unit_id"], lab["unit"], lab["criterion"], lab["title"], lab["rule"],
             lab["value"], lab["self_value"], lab["points"], lab["max"], lab["lost"],
             lab["status"], lab["evidence"], lab["note"], lab["guide"]]
    ws.write_row(0, 0, heads, st.head)
    p = report.groups[0].precision if report.groups else 2
    # A data sheet of units × leaves (1.7 million rows for every commune): no borders, and
    # blank cells are not written, so it costs what the bare table costs.
    number = st.plain_number(p)
    formats = [number if key in ("points", "max", "lost") else None for key in keys]
    rows(ws, 1, report.details, keys, formats, lost=st.plain_number(p, "#FCE4D6"))
    ws.freeze_panes(1, 3)
    ws.autofilter(0, 0, max(len(report.details), 1), len(keys) - 1)
    ws.set_row(0, 32)
    for col, width in enumerate([12, 30, 10, 55, 10, 22, 22, 9, 9, 10, 13, 40, 25, 50]):
        ws.set_column(col, col, width)
