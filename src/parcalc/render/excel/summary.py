"""The summary: version, local time, year and organisation, the input files and criteria sets
(by shipped id or by a path relative to the working directory) with their SHA-256, units and
index per group, units per band — enough to reproduce the result, on one A4 portrait page."""

from __future__ import annotations

from typing import Any

from parcalc.render import page
from parcalc.render.excel.book import Writer, cell, header, set_widths, title
from parcalc.render.textfit import DIGIT_PX, PAD_PX, row_height

#: A label column, then five value columns (long values are merged over all five).
WIDTHS = [30.0, 12.0, 12.0, 12.0, 12.0, 12.0]
LAST = len(WIDTHS) - 1


def write(w: Writer) -> None:
    lab, st, report = w.report.labels, w.styles, w.report
    ws, _ = w.add_sheet(lab["summary"])
    bands = _band_labels(w)
    widths = WIDTHS + [12.0] * max(0, len(bands) + 1 - len(WIDTHS))
    title(ws, 0, len(widths) - 1, report.title("summary_title"), st.title, widths)
    pairs: list[tuple[str, Any]] = [(lab["version"], report.version),
                                    (lab["generated"], report.generated),
                                    (lab["warnings"], report.warnings),
                                    (lab["year"], report.meta.year),
                                    (lab["organisation"], report.meta.organisation),
                                    (lab["report_title"], report.meta.title)]
    row = 2
    for label, value in pairs:
        if value is not None:
            row = _pair(w, ws, row, label, value, widths)
    row += 1
    for path, digest in report.inputs:
        row = _pair(w, ws, row, lab["workbook"], path, widths, bold=True)
        row = _pair(w, ws, row, lab["sha"], digest, widths)
    row += 1
    for cid, name, source, digest in report.criteria:
        row = _pair(w, ws, row, lab["criteria"], f"{cid} — {name}", widths, bold=True)
        row = _pair(w, ws, row, lab["source"], source, widths)
        if digest:
            row = _pair(w, ws, row, lab["sha"], digest, widths)
    row = _groups(w, ws, row + 1, widths)
    _bands(w, ws, row + 1, bands, widths)
    set_widths(ws, widths)
    page.setup(ws, w.page, landscape=False, fit=page.fit_columns(widths, landscape=False),
               header_rows=(0, 0))


def _pair(w: Writer, ws: Any, row: int, label: str, value: Any, widths: list[float],
          bold: bool = False) -> int:
    """``label`` in the first column, ``value`` merged over the others (wrapped)."""
    st = w.styles
    ws.write_string(row, 0, label, st.bold)
    fmt = st.pair_bold if bold else st.pair
    if isinstance(value, str):
        ws.merge_range(row, 1, row, len(widths) - 1, value, fmt)
    else:
        ws.merge_range(row, 1, row, len(widths) - 1, None, fmt)
        cell(ws, row, 1, value, fmt)
    merged = sum(widths[1:]) + (len(widths) - 2) * PAD_PX / DIGIT_PX  # the cells' padding
    ws.set_row(row, max(row_height([(label, widths[0])], bold=True),
                        row_height([(str(value), merged)], bold=bold)))
    return row + 1


def _groups(w: Writer, ws: Any, row: int, widths: list[float]) -> int:
    """Units, mean, lowest and highest index of each group; returns the last row."""
    lab, st = w.report.labels, w.styles
    header(ws, row, 0, [lab["group"], lab["units"], lab["mean"], lab["min"], lab["max_index"]],
           st.head, widths)
    for group in w.report.groups:
        row += 1
        cell(ws, row, 0, group.name or lab["none"], st.text)
        cell(ws, row, 1, len(group.units), st.int)
        for j, value in enumerate([group.mean, group.lowest, group.highest], start=2):
            cell(ws, row, j, value, st.number(group.precision))
    return row + 1


def _band_labels(w: Writer) -> list[str]:
    seen: list[str] = []
    for group in w.report.groups:
        seen += [label for label, _ in group.bands if label not in seen]
    return seen


def _bands(w: Writer, ws: Any, row: int, bands: list[str], widths: list[float]) -> None:
    """Units per band: a row per group, a column per band (coloured)."""
    lab, st, report = w.report.labels, w.styles, w.report
    ws.write_string(row, 0, lab["band_counts"], st.bold)
    ws.write_string(row + 1, 0, lab["group"], st.head)
    for j, label in enumerate(bands, start=1):
        ws.write_string(row + 1, j, label, st.band(report.band_colours.get(label)))
    for k, group in enumerate(report.groups, start=row + 2):
        cell(ws, k, 0, group.name or lab["none"], st.text)
        counts = dict(group.bands)
        for j, label in enumerate(bands, start=1):
            cell(ws, k, j, counts.get(label, 0), st.int)
