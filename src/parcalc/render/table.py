"""Results as rich tables: one per group, then a legend of the domain columns."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from parcalc.results import Results


def _fmt(value: Any, precision: int) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{precision}f}"
    return str(value)


def tables(results: Results) -> list[RenderableType]:
    """A table per group (rank, unit, points, max, index %, band, domain indices), a legend."""
    records = results.unit_records()
    domain_ids = [d.id for d in results.domain_list()]
    out: list[RenderableType] = []
    for group in results.groups:
        rows = [r for r in records if r["group"] == group]
        cs = results.criteria[rows[0]["criteria"]]
        title = f"{group} — {cs.title}" if group else cs.title
        table = Table(title=title, title_justify="left", header_style="bold")
        table.add_column("Hạng\nRank", justify="right")
        table.add_column("Đơn vị\nUnit", no_wrap=True)
        for name in ("Điểm\nPoints", "Tối đa\nMax", "Chỉ số %\nIndex %"):
            table.add_column(name, justify="right")
        table.add_column("Xếp loại\nBand", justify="center")
        for d in domain_ids:
            table.add_column(f"LV\n{d}", justify="right")
        for r in rows:
            p = results.criteria[r["criteria"]].precision
            doms = {d["id"]: d["index"] for d in r["domains"]}
            table.add_row(
                _fmt(r["rank"], p), r["name"], _fmt(r["points"], p), _fmt(r["max"], p),
                _fmt(r["index"], p), _fmt(r["band"], p),
                *(_fmt(doms.get(d), p) for d in domain_ids),
            )
        out.append(table)
    out.append(_legend(results))
    return out


def _legend(results: Results) -> RenderableType:
    text = Text("Cột LV (lĩnh vực): chỉ số thành phần (%) / "
                "LV columns: component index of each domain (%)\n", style="dim")
    for d in results.domain_list():
        text.append(f"  {d.id}  {d.title} (tối đa {d.maximum:g})\n", style="dim")
    return text


def render_tables(results: Results, console: Console) -> None:
    console.print(Group(*tables(results)))
