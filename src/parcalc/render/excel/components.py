"""Component indices: unit × domain with a colour scale, the component ranks, and each
group's mean."""

from __future__ import annotations

from typing import Any

from parcalc.render.excel.book import Block, Writer, cell, print_setup
from parcalc.report import GroupReport

HEADER_ROW = 2
#: Columns before the domains: group, unit id, unit, index.
FIXED = ["group", "unit_id", "unit", "index"]


def write(w: Writer) -> None:
    lab, st, report = w.report.labels, w.styles, w.report
    ws, name = w.add_sheet(lab["components"])
    ws.write(0, 0, lab["components_title"], st.title)
    n = len(report.domains)
    headers = [lab[f] for f in FIXED]
    headers += [f"{lab['domain']} {d}" for d, _ in report.domains]
    headers += [f"{lab['domain_rank']} {lab['domain']} {d}" for d, _ in report.domains]
    ws.write_row(HEADER_ROW, 0, headers, st.head)
    ws.write_row(HEADER_ROW + 1, len(FIXED), [title for _, title in report.domains], st.wrap)
    ws.set_row(HEADER_ROW + 1, 75)
    row = HEADER_ROW + 2
    for group in report.groups:
        row = _group(w, ws, name, group, row) + 2
    ws.freeze_panes(HEADER_ROW + 2, 3)
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 12)
    ws.set_column(2, 2, 40)
    ws.set_column(3, 3 + 2 * n, 11)
    ws.set_row(HEADER_ROW, 32)
    print_setup(ws, HEADER_ROW)


def _group(w: Writer, ws: Any, name: str, group: GroupReport, first: int) -> int:
    """The group's rows from ``first``, then its mean row; returns the mean row."""
    lab, st, report = w.report.labels, w.styles, w.report
    n, p = len(report.domains), group.precision
    columns = {f: j for j, f in enumerate(FIXED)}
    columns |= {f"domain:{d}": len(FIXED) + k for k, (d, _) in enumerate(report.domains)}
    row = first
    for r in group.units:
        doms = {d["id"]: d for d in r["domains"]}
        cell(ws, row, 0, group.name or lab["none"], st.text)
        cell(ws, row, 1, r["unit_id"], st.text)
        cell(ws, row, 2, r["name"], st.text)
        cell(ws, row, 3, r["index"], st.number(p, bold=True))
        for k, (d, _) in enumerate(report.domains):
            dom = doms.get(d, {})
            cell(ws, row, len(FIXED) + k, dom.get("index"), st.number(p))
            cell(ws, row, len(FIXED) + n + k, dom.get("rank"), st.int)
        row += 1
    cell(ws, row, 0, group.name or lab["none"], st.mean)
    cell(ws, row, 2, lab["mean"], st.mean)
    cell(ws, row, 3, group.mean, st.number(p, "#F2F2F2", bold=True))
    for k, (d, _) in enumerate(report.domains):
        cell(ws, row, len(FIXED) + k, group.domain_means.get(d), st.number(p, "#F2F2F2"))
    w.places[("components", group.name or "")] = Block(name, first, row - 1, columns,
                                                       {"mean": row, "header": HEADER_ROW})
    if row - 1 >= first:
        ws.conditional_format(first, 3, row - 1, 3 + n, {
            "type": "3_color_scale", "min_color": "#F8696B", "mid_color": "#FFEB84",
            "max_color": "#63BE7B"})
    return row
