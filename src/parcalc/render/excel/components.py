"""Component indices: per group, unit × domain with a colour scale (the heat table), the
component ranks, and the group's mean — A4 landscape, each group from a new page; a table too
wide for the page at 70 % is cut into page-width blocks of domains, each repeating the unit
columns."""

from __future__ import annotations

from typing import Any

import numpy as np

from parcalc.i18n import text
from parcalc.render import page
from parcalc.render.excel.book import (
    Block,
    Writer,
    cell,
    header,
    id_width,
    row_heights,
    set_widths,
    title,
)
from parcalc.render.textfit import row_height
from parcalc.report import GroupReport

#: Columns before the domains: unit id, unit, index; repeated on every block.
FIXED = ["unit_id", "unit", "index"]
FIXED_WIDTHS: list[float] = [10, 28, 8]
INDEX_WIDTH, RANK_WIDTH = 8.5, 5
#: The header rows: the two headings over the domain columns, then each domain's.
HEAD_ROW = 2
DOMAIN_ROW = 3


def write(w: Writer) -> None:
    lab, st, report = w.report.labels, w.styles, w.report
    ws, name = w.add_sheet(lab["components"])
    n = len(report.domains)
    cols = [id_width(report), *FIXED_WIDTHS[1:], *[INDEX_WIDTH] * n, *[RANK_WIDTH] * n]
    last_col = len(cols) - 1
    title(ws, 0, last_col, report.title("components_title"), st.title, cols)
    _headers(w, ws, cols)
    row, breaks = DOMAIN_ROW + 1, []
    for k, group in enumerate(report.groups):
        if k:
            breaks.append(row)
        row = _group(w, ws, name, group, row, cols) + 2
    ws.freeze_panes(DOMAIN_ROW + 1, len(FIXED))
    set_widths(ws, cols)
    fit = page.fit_columns(cols, landscape=True, fixed=len(FIXED))
    page.setup(ws, w.page, landscape=True, fit=fit, header_rows=(0, DOMAIN_ROW),
               row_breaks=breaks)


def _headers(w: Writer, ws: Any, cols: list[float]) -> None:
    """The unit columns headed over both header rows; "component index" over the domains'
    indices, "component rank" over their ranks; each domain by its id and short title."""
    lab, st, report = w.report.labels, w.styles, w.report
    n, f = len(report.domains), len(FIXED)
    for j, key in enumerate(FIXED):
        ws.merge_range(HEAD_ROW, j, DOMAIN_ROW, j, lab[key], st.head)
    ws.merge_range(HEAD_ROW, f, HEAD_ROW, f + n - 1, lab["index_head"], st.head)
    ws.merge_range(HEAD_ROW, f + n, HEAD_ROW, f + 2 * n - 1, lab["rank_head"], st.head)
    heads = [domain_head(w, d) for d, _ in report.domains]
    heads += [text("table.domain_column", report.lang, id=d) for d, _ in report.domains]
    header(ws, DOMAIN_ROW, f, heads, st.head, cols)


def domain_head(w: Writer, domain_id: str) -> str:
    """A domain's column header and chart category: ``1. Công tác chỉ đạo``."""
    return f"{domain_id}. {w.report.short.get(domain_id, domain_id)}"


def _group(w: Writer, ws: Any, name: str, group: GroupReport, first: int,
           cols: list[float]) -> int:
    """The group's heading row at ``first``, its units, then its mean row; returns the mean
    row."""
    lab, st, report = w.report.labels, w.styles, w.report
    n, p, f = len(report.domains), group.precision, len(FIXED)
    ws.merge_range(first, 0, first, len(cols) - 1, group.name or lab["none"], st.section)
    columns = {key: j for j, key in enumerate(FIXED)}
    columns |= {f"domain:{d}": f + k for k, (d, _) in enumerate(report.domains)}
    row = start = first + 1
    for r in group.units:
        doms = {d["id"]: d for d in r["domains"]}
        cell(ws, row, 0, r["unit_id"], st.text)
        cell(ws, row, 1, r["name"], st.wrap)
        cell(ws, row, 2, r["index"], st.number(p, bold=True))
        for k, (d, _) in enumerate(report.domains):
            dom = doms.get(d, {})
            cell(ws, row, f + k, dom.get("index"), st.number(p))
            cell(ws, row, f + n + k, dom.get("rank"), st.int)
        row += 1
    row_heights(ws, start, np.array([row_height([(str(r["name"]), cols[1])])
                                     for r in group.units]))
    cell(ws, row, 0, None, st.mean)
    cell(ws, row, 1, lab["mean"], st.mean)
    cell(ws, row, 2, group.mean, st.number(p, "#F2F2F2", bold=True))
    for k, (d, _) in enumerate(report.domains):
        cell(ws, row, f + k, group.domain_means.get(d), st.number(p, "#F2F2F2"))
        cell(ws, row, f + n + k, None, st.mean)
    w.places[("components", group.name or "")] = Block(name, start, row - 1, columns,
                                                       {"mean": row, "header": DOMAIN_ROW})
    if row - 1 >= start:
        ws.conditional_format(start, 2, row - 1, 2 + n, {
            "type": "3_color_scale", "min_color": "#F8696B", "mid_color": "#FFEB84",
            "max_color": "#63BE7B"})
    return row
