"""Results as rich tables: per group the ranking, then the component indices, then a legend.

Every table fits the console (:mod:`parcalc.render.columns`): rank, points, max, index and
band are always shown in full and the unit's name wraps, never cut. The component index of
each domain stands beside them when every domain column fits; otherwise a second table per
group shows the unit and the domain columns, in as many blocks as the width needs.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from parcalc.i18n import label, text
from parcalc.render.columns import Col, blocks, cost, fit_text, table
from parcalc.results import Results

#: The unit's name keeps at least this many characters a line when domains stand beside it.
NAME_BESIDE = 24
#: At most this wide in the domain tables (longer names wrap).
NAME_DOMAINS = 30


def _fmt(value: Any, precision: int) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{precision}f}"
    return str(value)


def tables(results: Results, width: int) -> list[RenderableType]:
    """Per group a ranking table (with the domain columns when they fit, else a domain
    table in blocks after it), then the legend of the domain columns."""
    records = results.unit_records()
    domain_ids = [d.id for d in results.domain_list()]
    out: list[RenderableType] = []
    for group in results.groups:
        rows = [r for r in records if r["group"] == group]
        out += _group_tables(results, group, rows, domain_ids, width)
    out.append(_legend(results))
    return out


def _main_columns(rows: list[dict[str, Any]], p: dict[str, int]) -> list[Col]:
    def col(key: str, field: str) -> Col:
        return Col(label(f"table.{key}"), [_fmt(r[field], p[r["unit_id"]]) for r in rows])

    return [col("rank", "rank"), col("points", "points"), col("max", "max"),
            col("index", "index"),
            Col(label("table.band"), [_fmt(r["band"], 0) for r in rows], justify="center")]


def _domain_columns(rows: list[dict[str, Any]], domain_ids: list[str],
                    p: dict[str, int]) -> list[Col]:
    cols = []
    for d in domain_ids:
        cells: list[str | Text] = []
        for r in rows:
            index = next((x["index"] for x in r["domains"] if x["id"] == d), None)
            cells.append(_fmt(index, p[r["unit_id"]]))
        cols.append(Col(text("table.domain_column", id=d), cells))
    return cols


def _group_tables(results: Results, group: str | None, rows: list[dict[str, Any]],
                  domain_ids: list[str], width: int) -> list[RenderableType]:
    cs = results.criteria[rows[0]["criteria"]]
    p = {r["unit_id"]: results.criteria[r["criteria"]].precision for r in rows}
    title = f"{group} — {cs.title}" if group else cs.title
    if results.meta.year is not None:
        title = text("table.title_year", title=title, year=results.meta.year)
    main = _main_columns(rows, p)
    name = Col(label("table.unit"), [str(r["name"]) for r in rows], justify="left",
               wrap=True)
    domains = _domain_columns(rows, domain_ids, p)
    order = [main[0], name, *main[1:]]
    beside = [c.natural for c in order[:1]] + [min(name.natural, NAME_BESIDE)] + [
        c.natural for c in (*main[1:], *domains)]
    if domains and cost(beside) <= width:
        widths = fit_text([*main, *domains], name, width)
        assert widths is not None
        name_w = widths[-1]
        cols = [main[0], name, *main[1:], *domains]
        return [table(cols, [widths[0], name_w, *widths[1:-1]], title)]
    widths = fit_text(main, name, width) or [*(c.natural for c in main), name.least]
    out: list[RenderableType] = [table(order, [widths[0], widths[-1], *widths[1:-1]], title)]
    if domains:
        out += _domain_blocks(group, name, domains, width)
    return out


def _domain_blocks(group: str | None, name: Col, domains: list[Col],
                   width: int) -> list[RenderableType]:
    out: list[RenderableType] = []
    parts = blocks([name], domains, width, NAME_DOMAINS)
    for key_widths, picked in parts:
        cols = [domains[i] for i in picked]
        first, last = cols[0].header, cols[-1].header
        span = first if len(cols) == 1 else f"{first} – {last}"
        title = text("table.domain_title", group=group or "", span=span).lstrip(" —")
        out.append(table([name, *cols], [*key_widths, *(c.natural for c in cols)], title))
    return out


def _legend(results: Results) -> RenderableType:
    """What each domain column is: its id, title and max, the titles wrapped beside the ids."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(style="dim")
    for d in results.domain_list():
        grid.add_row("  " + text("table.domain_column", id=d.id),
                     text("table.legend_row", title=d.title, max=f"{d.maximum:g}"))
    return Group(Text(label("table.legend"), style="dim"), grid)


def render_tables(results: Results, console: Console) -> None:
    console.print(Group(*tables(results, console.width)))
