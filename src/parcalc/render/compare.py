"""A :class:`~parcalc.compare.Comparison` as rich tables, JSON, or an Excel workbook.

Only formatting: every number, list and note comes from :func:`parcalc.compare.compare`.
Words are in the language in use (:mod:`parcalc.i18n`, the ``[compare]`` table); JSON keys
stay English. Every table fits the console (:mod:`parcalc.render.columns`): numbers, ranks
and bands in full, names wrapped, never cut; where the change columns do not fit beside the
name, each change stands under its old → new pair.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from parcalc import __version__
from parcalc.compare import Comparison, DomainNote, SideUnit, UnitChange
from parcalc.i18n import label, text
from parcalc.render.columns import Col, blocks, fit_text, table

#: The name keeps at least this many characters a line beside the change columns; below
#: that, each change goes under its pair.
NAME_WIDE = 20
#: At most this wide in the domain tables (longer names wrap).
NAME_DOMAINS = 30
#: Columns of the tables when no console width is given.
WIDTH = 160


#: Columns of the Excel sheets: keys of the catalogue's ``[compare.head]`` table.
UNIT_COLUMNS = ["unit_id", "unit", "group", "old_group", "old_index", "new_index", "change",
                "old_rank", "new_rank", "rank_change", "old_band", "new_band"]
DOMAIN_COLUMNS = ["unit_id", "unit", "group", "domain_id", "domain", "old_index", "new_index",
                  "change", "old_rank", "new_rank", "rank_change"]
NOTE_COLUMNS = ["kind", "id", "name", "group", "index", "rank", "band", "note"]


def sheet_names(lang: str | None = None) -> tuple[str, str, str, str]:
    """The comparison workbook's sheets (units, gains and falls, domains, notes) in ``lang``
    or the language in use."""
    return (label("compare.sheet.units", lang), label("compare.sheet.movers", lang),
            label("compare.sheet.domains", lang), label("compare.sheet.notes", lang))


def headers(columns: list[str], c: Comparison) -> list[str]:
    """The column headers, the old and new sides named by :attr:`Comparison.labels`."""
    old, new = c.labels
    return [text(f"compare.head.{k}", old=old, new=new) for k in columns]


def source_lines(c: Comparison) -> str:
    """Where each side comes from, with its year when known: two lines."""
    lines = []
    for side, source, year in (("old", c.old_source, c.old_year),
                               ("new", c.new_source, c.new_year)):
        lines.append(text(f"compare.{side}_source", source=source) if year is None
                     else text(f"compare.{side}_year_source", source=source, year=year))
    return "\n".join(lines)


# --------------------------------------------------------------------------- words


def note_text(note: DomainNote) -> str:
    """One sentence for a domain that was not compared, or whose title changed."""
    if note.kind == "only_old":
        return text("compare.note.only_old", id=note.id, title=note.old_title)
    if note.kind == "only_new":
        return text("compare.note.only_new", id=note.id, title=note.new_title)
    return text("compare.note.title_changed", id=note.id, old=note.old_title,
                new=note.new_title)


def _num(value: Decimal | None, precision: int) -> str:
    return "–" if value is None else f"{value:.{precision}f}"


def _signed(value: Decimal | None, precision: int) -> Text:
    if value is None:
        return Text("–", style="dim")
    if value > 0:
        return Text(f"▲ +{value:.{precision}f}", style="green")
    if value < 0:
        return Text(f"▼ {value:.{precision}f}", style="red")
    return Text(f"  {value:.{precision}f}", style="dim")


def _rank_moved(value: int | None) -> Text:
    if value is None:
        return Text("–", style="dim")
    if value > 0:
        return Text(f"▲ {value}", style="green")
    if value < 0:
        return Text(f"▼ {-value}", style="red")
    return Text("=", style="dim")


def _marked(move: Text, significant: bool | None) -> Text:
    """A rank change marked ``≈`` when it is not significant (inside both years' intervals);
    None (not assessed, or no change) marks nothing."""
    if significant is False:
        return Text.assemble(move, Text(" ≈", style="yellow"))
    return move


def _pair(old: Any, new: Any, width: int = 0) -> str:
    a, b = ("–" if v is None else str(v) for v in (old, new))
    return f"{a:>{width}} → {b:>{width}}"


# --------------------------------------------------------------------------- rich tables


def tables(comparison: Comparison, width: int = WIDTH) -> list[RenderableType]:
    """Per group a table of units; the domain changes (in blocks that fit ``width``) and
    their legend; gains and falls; entered and left units; what was not comparable."""
    c = comparison
    out: list[RenderableType] = [Text(source_lines(c), style="bold")]
    for group in c.groups:
        out.append(_group_table(c, group, width))
    if c.domains and c.units:
        out += _domain_tables(c, width)
        out.append(_legend(c))
    if any(u.significant is not None for u in c.units):
        out.append(Text(label("compare.not_significant_note"), style="yellow"))
    out += _movers(c)
    out += _entered_left(c)
    out.append(_notes(c))
    return out


def _group_table(c: Comparison, group: str | None, width: int) -> RenderableType:
    """The units of ``group``: index, change, rank, rank change and band, old → new."""
    p, rows = c.precision, [u for u in c.units if u.group == group]
    w = max(len(str(r)) for u in rows for r in (u.old_rank, u.new_rank, "–"))
    name = Col(label("compare.col.unit"), [
        u.name if not u.moved_group else text("compare.moved_from", name=u.name,
                                              group=u.old_group or "–") for u in rows],
        justify="left", wrap=True)
    pairs = [_pair(_num(u.old_index, p), _num(u.new_index, p)) for u in rows]
    ranks = [_pair(u.old_rank, u.new_rank, w) for u in rows]
    changes = [_signed(u.index_change, p) for u in rows]
    moves = [_marked(_rank_moved(u.rank_change), u.significant if u.rank_change else None)
             for u in rows]
    band = Col(label("compare.col.band"), [_pair(u.old_band, u.new_band) for u in rows],
               justify="center")
    wide = [Col(label("compare.col.index"), list(pairs)),
            Col(label("compare.col.change"), list(changes)),
            Col(label("compare.col.rank"), list(ranks)),
            Col(label("compare.col.rank_change"), list(moves)), band]
    widths = fit_text(wide, name, width)
    cols = wide
    if widths is None or widths[-1] < min(name.natural, NAME_WIDE):
        cols = [Col(label("compare.col.index"), _stacked(pairs, changes)),
                Col(label("compare.col.rank"), _stacked(ranks, moves)), band]
        widths = fit_text(cols, name, width) or [*(x.natural for x in cols), name.least]
    title = (text("compare.group_title", group=group, span=c.span) if group
             else text("compare.title", span=c.span))
    return table([name, *cols], [widths[-1], *widths[:-1]], title)


def _stacked(tops: list[str], bottoms: list[Text]) -> list[str | Text]:
    """Each top with its bottom on the line under it."""
    return [Text.assemble(top, "\n", bottom) for top, bottom in zip(tops, bottoms, strict=True)]


def _domain_tables(c: Comparison, width: int) -> list[RenderableType]:
    """The change of each unit's component index per common domain, in as many blocks of
    domain columns as ``width`` needs; a line between groups."""
    name = Col(label("compare.col.unit"), [u.name for u in c.units], justify="left",
               wrap=True)
    cells = {u.unit_id: {d.id: d.index_change for d in u.domains} for u in c.units}
    domains = [Col(text("table.domain_column", id=k),
                   [_short(cells[u.unit_id].get(k), c.precision) for u in c.units])
               for k in c.domains]
    sections = [i for i, u in enumerate(c.units[:-1]) if c.units[i + 1].group != u.group]
    out: list[RenderableType] = []
    for key_widths, picked in blocks([name], domains, width, NAME_DOMAINS):
        cols = [domains[i] for i in picked]
        first, last = cols[0].header, cols[-1].header
        span = first if len(cols) == 1 else f"{first} – {last}"
        out.append(table([name, *cols], [*key_widths, *(x.natural for x in cols)],
                         text("compare.domain_title", span=span, sides=c.span),
                         sections=sections))
    return out


def _legend(c: Comparison) -> RenderableType:
    """What each domain column is: its id and title (the new year's)."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(style="dim")
    for domain_id, title in c.domains.items():
        grid.add_row("  " + text("table.domain_column", id=domain_id), title)
    return Group(Text(label("compare.legend"), style="dim"), grid)


def _short(value: Decimal | None, precision: int) -> Text:
    """A change without the arrow, for narrow columns: +1.25 green, -1.25 red, 0.00 dim."""
    if value is None:
        return Text("–", style="dim")
    style = "green" if value > 0 else "red" if value < 0 else "dim"
    return Text(f"{value:+.{precision}f}" if value else f"{value:.{precision}f}", style=style)


def _movers(c: Comparison) -> list[RenderableType]:
    out: list[RenderableType] = []
    for title, units in ((label("compare.gains"), c.gains), (label("compare.falls"), c.falls)):
        lines = Text(f"{title}\n", style="bold")
        if not units:
            lines.append("  –\n", style="dim")
        for u in units:
            lines.append(f"  {u.unit_id}  {u.name}: ")
            lines.append_text(_signed(u.index_change, c.precision))
            lines.append(f"  {_num(u.old_index, c.precision)} → "
                         f"{_num(u.new_index, c.precision)}\n")
        out.append(lines)
    return out


def _entered_left(c: Comparison) -> list[RenderableType]:
    out: list[RenderableType] = []
    for title, units in ((label("compare.entered"), c.entered),
                         (label("compare.left"), c.left)):
        if not units:
            continue
        lines = Text(f"{title}\n", style="bold")
        for u in units:
            group = f" [{u.group}]" if u.group else ""
            lines.append(f"  {u.unit_id}  {u.name}{group}: " + text(
                "compare.side_line", index=_num(u.index, c.precision), rank=u.rank or "–",
                band=u.band or "–") + "\n")
        out.append(lines)
    return out


def _notes(c: Comparison) -> Text:
    lines = Text(label("compare.not_comparable") + "\n", style="bold")
    notes = [note_text(n) for n in c.not_comparable] + [str(n) for n in c.notes]
    if not notes:
        lines.append(f"  {label('compare.all_compared')}\n", style="dim")
    for line in notes:
        lines.append(f"  {line}\n", style="yellow")
    return lines


def render_tables(comparison: Comparison, console: Console) -> None:
    console.print(Group(*tables(comparison, console.width)))


# --------------------------------------------------------------------------- JSON


def _n(value: Decimal | None) -> float | None:
    """An exact decimal as a JSON number (its shortest float prints the same digits)."""
    return None if value is None else float(value)


def _unit_json(u: UnitChange) -> dict[str, Any]:
    return {
        "unit_id": u.unit_id, "name": u.name, "group": u.group, "old_group": u.old_group,
        "old_index": _n(u.old_index), "new_index": _n(u.new_index),
        "index_change": _n(u.index_change), "old_rank": u.old_rank, "new_rank": u.new_rank,
        "rank_change": u.rank_change, "old_band": u.old_band, "new_band": u.new_band,
        "rank_change_significant": u.significant,
        "domains": [{"id": d.id, "title": d.title, "old_index": _n(d.old_index),
                     "new_index": _n(d.new_index), "index_change": _n(d.index_change),
                     "old_rank": d.old_rank, "new_rank": d.new_rank,
                     "rank_change": d.rank_change} for d in u.domains],
    }


def _only_json(u: SideUnit) -> dict[str, Any]:
    return {"unit_id": u.unit_id, "name": u.name, "group": u.group, "criteria": u.criteria,
            "index": _n(u.index), "rank": u.rank, "band": u.band}


def _mover_json(u: UnitChange) -> dict[str, Any]:
    return {"unit_id": u.unit_id, "name": u.name, "group": u.group,
            "old_index": _n(u.old_index), "new_index": _n(u.new_index),
            "index_change": _n(u.index_change)}


def as_dict(comparison: Comparison) -> dict[str, Any]:
    """The stable JSON document of a comparison (keys may be added, never renamed)."""
    c = comparison
    return {
        "parcalc": __version__,
        "old": {"source": c.old_source, "criteria": list(c.old_criteria), "year": c.old_year,
                "label": c.labels[0]},
        "new": {"source": c.new_source, "criteria": list(c.new_criteria), "year": c.new_year,
                "label": c.labels[1]},
        "precision": c.precision,
        "domains": [{"id": k, "title": t} for k, t in c.domains.items()],
        "units": [_unit_json(u) for u in c.units],
        "entered": [_only_json(u) for u in c.entered],
        "left": [_only_json(u) for u in c.left],
        "gains": [_mover_json(u) for u in c.gains],
        "falls": [_mover_json(u) for u in c.falls],
        "not_comparable": [{"id": n.id, "kind": n.kind, "old_title": n.old_title,
                            "new_title": n.new_title, "message": note_text(n)}
                           for n in c.not_comparable],
        "notes": [str(n) for n in c.notes],
    }


def to_json(comparison: Comparison) -> str:
    return json.dumps(as_dict(comparison), ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- Excel


def write_excel(comparison: Comparison, target: str | Path, lang: str | None = None) -> None:
    """The comparison workbook (:func:`parcalc.render.compare_excel.write_excel`)."""
    from parcalc.render.compare_excel import write_excel as write

    write(comparison, target, lang)
