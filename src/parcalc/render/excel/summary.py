"""The summary: version, time, input files and criteria with their SHA-256, units per group
and band — enough to reproduce the result."""

from __future__ import annotations

from typing import Any

from parcalc.render.excel.book import Writer, cell


def write(w: Writer) -> None:
    lab, st, report = w.report.labels, w.styles, w.report
    ws, _ = w.add_sheet(lab["summary"])
    ws.write(0, 0, lab["summary_title"], st.title)
    rows: list[tuple[str, Any]] = [(lab["version"], report.version),
                                   (lab["generated"], report.generated),
                                   (lab["warnings"], report.warnings)]
    row = 2
    for label, value in rows:
        ws.write_string(row, 0, label, st.bold)
        cell(ws, row, 1, value, None)
        row += 1
    row += 1
    ws.write_row(row, 0, [lab["workbook"], lab["sha"]], st.head)
    for path, digest in report.inputs:
        row += 1
        ws.write_string(row, 0, path)
        ws.write_string(row, 1, digest)
    row += 2
    ws.write_row(row, 0, [lab["criteria"], lab["title"], "", lab["sha"]], st.head)
    for cid, title, source, digest in report.criteria:
        row += 1
        ws.write_row(row, 0, [cid, title, source, digest])
    row += 2
    heads = [lab["group"], lab["units"], lab["mean"], lab["min"], lab["max_index"]]
    ws.write_row(row, 0, heads, st.head)
    for group in report.groups:
        row += 1
        p = group.precision
        cell(ws, row, 0, group.name or lab["none"], st.text)
        cell(ws, row, 1, len(group.units), st.int)
        for j, value in enumerate([group.mean, group.lowest, group.highest], start=2):
            cell(ws, row, j, value, st.number(p))
    row += 2
    ws.write(row, 0, lab["band_counts"], st.bold)
    for group in report.groups:
        row += 1
        cell(ws, row, 0, group.name or lab["none"], st.text)
        for j, (label, count) in enumerate(group.bands, start=1):
            ws.write_string(row, 2 * j - 1, label, st.band(report.band_colours.get(label)))
            ws.write_number(row, 2 * j, count, st.int)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 66)
    ws.set_column(2, 12, 12)
