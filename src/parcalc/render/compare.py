"""A :class:`~parcalc.compare.Comparison` as rich tables, JSON, or an Excel workbook.

Only formatting: every number, list and note comes from :func:`parcalc.compare.compare`.
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
from parcalc.atomic import write_with
from parcalc.compare import Comparison, DomainNote, SideUnit, UnitChange

#: Sheet names: Excel forbids "/" in them, hence " - ".
SHEET_UNITS = "So sánh - Compare"
SHEET_DOMAINS = "Lĩnh vực - Domains"
SHEET_NOTES = "Ghi chú - Notes"

UNIT_HEADERS = ["Mã đơn vị / Unit id", "Tên đơn vị / Unit", "Khối / Group",
                "Khối cũ / Old group", "Chỉ số cũ / Old index", "Chỉ số mới / New index",
                "Thay đổi / Change", "Hạng cũ / Old rank", "Hạng mới / New rank",
                "Thay đổi hạng / Rank change", "Xếp loại cũ / Old band",
                "Xếp loại mới / New band"]
DOMAIN_HEADERS = ["Mã đơn vị / Unit id", "Tên đơn vị / Unit", "Khối / Group",
                  "Mã lĩnh vực / Domain id", "Lĩnh vực / Domain", "Chỉ số cũ / Old index",
                  "Chỉ số mới / New index", "Thay đổi / Change", "Hạng cũ / Old rank",
                  "Hạng mới / New rank", "Thay đổi hạng / Rank change"]
NOTE_HEADERS = ["Loại / Kind", "Mã / Id", "Tên / Name", "Khối / Group", "Chỉ số / Index",
                "Hạng / Rank", "Xếp loại / Band", "Ghi chú / Note"]

_KIND_TEXT = {
    "entered": "Đơn vị mới / Entered",
    "left": "Đơn vị không còn / Left",
    "only_old": "Lĩnh vực chỉ có năm cũ / Domain only in OLD",
    "only_new": "Lĩnh vực chỉ có năm mới / Domain only in NEW",
    "title_changed": "Đổi tên lĩnh vực / Domain title changed",
    "note": "Ghi chú / Note",
}


# --------------------------------------------------------------------------- words


def note_text(note: DomainNote) -> str:
    """One sentence for a domain that was not compared, or whose title changed."""
    if note.kind == "only_old":
        return f"domain {note.id} ({note.old_title}) is only in OLD; not compared"
    if note.kind == "only_new":
        return f"domain {note.id} ({note.new_title}) is only in NEW; not compared"
    return (f"domain {note.id} changed title: {note.old_title!r} → {note.new_title!r}; "
            "compared by id")


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


def _pair(old: Any, new: Any, width: int = 0) -> str:
    a, b = ("–" if v is None else str(v) for v in (old, new))
    return f"{a:>{width}} → {b:>{width}}"


# --------------------------------------------------------------------------- rich tables


def tables(comparison: Comparison) -> list[RenderableType]:
    """Per group a table of units; the domain changes; gains and falls; entered and left
    units; what was not comparable."""
    c = comparison
    p = c.precision
    out: list[RenderableType] = [Text(f"OLD: {c.old_source}\nNEW: {c.new_source}", style="bold")]
    for group in c.groups:
        rows = [u for u in c.units if u.group == group]
        title = f"{group} — so sánh / compared" if group else "So sánh / Compared"
        table = Table(title=title, title_justify="left", header_style="bold")
        w = max(len(str(r)) for u in rows for r in (u.old_rank, u.new_rank, "–"))
        iw = max(len(_num(v, p)) for u in rows for v in (u.old_index, u.new_index))
        table.add_column("Đơn vị\nUnit", min_width=10)
        table.add_column("Chỉ số %\nIndex %", justify="right", no_wrap=True,
                         min_width=2 * iw + 3)
        table.add_column("Thay đổi\nChange", justify="right", no_wrap=True, min_width=iw + 3)
        table.add_column("Hạng\nRank", justify="right", no_wrap=True, min_width=2 * w + 3)
        table.add_column("±\nRank", justify="right", no_wrap=True, min_width=w + 2)
        table.add_column("Xếp loại\nBand", justify="center", no_wrap=True, min_width=5)
        for u in rows:
            name = u.name if not u.moved_group else f"{u.name} (từ / from {u.old_group})"
            table.add_row(name, _pair(_num(u.old_index, p), _num(u.new_index, p)),
                          _signed(u.index_change, p), _pair(u.old_rank, u.new_rank, w),
                          _rank_moved(u.rank_change), _pair(u.old_band, u.new_band))
        out.append(table)
    if c.domains and c.units:
        out.append(_domain_table(c))
    out += _movers(c)
    out += _entered_left(c)
    out.append(_notes(c))
    return out


def _domain_table(c: Comparison) -> Table:
    table = Table(title="Thay đổi chỉ số thành phần (điểm %) / "
                        "Change of component index (points)",
                  title_justify="left", header_style="bold")
    table.add_column("Đơn vị\nUnit", min_width=10)
    cells = {u.unit_id: {d.id: d.index_change for d in u.domains} for u in c.units}
    for domain_id in c.domains:
        widest = max((len(_short(v.get(domain_id), c.precision)) for v in cells.values()),
                     default=1)
        table.add_column(f"LV\n{domain_id}", justify="right", no_wrap=True,
                         min_width=max(widest, len(domain_id), 2))
    for i, u in enumerate(c.units):
        last = i + 1 == len(c.units) or c.units[i + 1].group != u.group
        table.add_row(u.name, *(_short(cells[u.unit_id].get(k), c.precision)
                                for k in c.domains), end_section=last)
    return table


def _short(value: Decimal | None, precision: int) -> Text:
    """A change without the arrow, for narrow columns: +1.25 green, -1.25 red, 0.00 dim."""
    if value is None:
        return Text("–", style="dim")
    style = "green" if value > 0 else "red" if value < 0 else "dim"
    return Text(f"{value:+.{precision}f}" if value else f"{value:.{precision}f}", style=style)


def _movers(c: Comparison) -> list[RenderableType]:
    out: list[RenderableType] = []
    for title, units in (("Tăng nhiều nhất / Biggest gains", c.gains),
                         ("Giảm nhiều nhất / Biggest falls", c.falls)):
        text = Text(f"{title}\n", style="bold")
        if not units:
            text.append("  –\n", style="dim")
        for u in units:
            text.append(f"  {u.unit_id}  {u.name}: ")
            text.append_text(_signed(u.index_change, c.precision))
            text.append(f"  {_num(u.old_index, c.precision)} → "
                        f"{_num(u.new_index, c.precision)}\n")
        out.append(text)
    return out


def _entered_left(c: Comparison) -> list[RenderableType]:
    out: list[RenderableType] = []
    for title, units in (("Đơn vị mới / Entered (only in NEW)", c.entered),
                         ("Đơn vị không còn / Left (only in OLD)", c.left)):
        if not units:
            continue
        text = Text(f"{title}\n", style="bold")
        for u in units:
            group = f" [{u.group}]" if u.group else ""
            text.append(f"  {u.unit_id}  {u.name}{group}: index {_num(u.index, c.precision)}, "
                        f"rank {u.rank or '–'}, band {u.band or '–'}\n")
        out.append(text)
    return out


def _notes(c: Comparison) -> Text:
    text = Text("Không so sánh được / Not comparable\n", style="bold")
    lines = [note_text(n) for n in c.not_comparable] + list(c.notes)
    if not lines:
        text.append("  – (every domain compared)\n", style="dim")
    for line in lines:
        text.append(f"  {line}\n", style="yellow")
    return text


def render_tables(comparison: Comparison, console: Console) -> None:
    console.print(Group(*tables(comparison)))


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
        "old": {"source": c.old_source, "criteria": list(c.old_criteria)},
        "new": {"source": c.new_source, "criteria": list(c.new_criteria)},
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
        "notes": list(c.notes),
    }


def to_json(comparison: Comparison) -> str:
    return json.dumps(as_dict(comparison), ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- Excel


def write_excel(comparison: Comparison, target: str | Path) -> None:
    """Sheets "So sánh - Compare" (per unit), "Lĩnh vực - Domains" (unit × common domain)
    and "Ghi chú - Notes" (entered, left, not comparable), written whole or not at all."""
    write_with(target, lambda tmp: _write(comparison, tmp))


class _Sheet:
    """Writes typed cells: decimals with the comparison's decimals, ints, text."""

    def __init__(self, book: Any, name: str, headers: list[str], head: Any, num: Any,
                 widths: list[float], centred: tuple[int, ...] = ()) -> None:
        self.ws = book.add_worksheet(name)
        self.num = num
        self.centre = book.add_format({"align": "center"})
        self.centred = centred
        self.rows = 0
        self.width = len(headers)
        self.ws.write_row(0, 0, headers, head)
        self.ws.set_row(0, 46)
        self.ws.freeze_panes(1, 0)
        self.ws.set_landscape()
        self.ws.fit_to_pages(1, 0)
        self.ws.repeat_rows(0)
        for j, w in enumerate(widths):
            self.ws.set_column(j, j, w)

    def add(self, values: list[Any]) -> None:
        self.rows += 1
        for j, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, Decimal):
                self.ws.write_number(self.rows, j, float(v), self.num)
            elif isinstance(v, int) and not isinstance(v, bool):
                self.ws.write_number(self.rows, j, v)
            else:
                self.ws.write_string(self.rows, j, str(v),
                                     self.centre if j in self.centred else None)

    def close(self) -> None:
        self.ws.autofilter(0, 0, max(self.rows, 1), self.width - 1)


def _write(c: Comparison, path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "in_memory": True,
                                           "strings_to_urls": False})
    head = book.add_format({"bold": True, "text_wrap": True, "valign": "top",
                            "bg_color": "#DDEBF7", "border": 1})
    decimals = "0." + "0" * c.precision if c.precision else "0"
    num = book.add_format({"num_format": decimals})
    signed = book.add_format({"num_format": f"+{decimals};-{decimals};{decimals}"})
    units = _Sheet(book, SHEET_UNITS, UNIT_HEADERS, head, num,
                   [14, 40, 20, 20, 12, 12, 12, 11, 11, 13, 12, 12], centred=(10, 11))
    for u in c.units:
        units.add([u.unit_id, u.name, u.group, u.old_group, u.old_index, u.new_index, None,
                   u.old_rank, u.new_rank, u.rank_change, u.old_band, u.new_band])
        if u.index_change is not None:
            units.ws.write_number(units.rows, 6, float(u.index_change), signed)
    units.close()
    domains = _Sheet(book, SHEET_DOMAINS, DOMAIN_HEADERS, head, num,
                     [14, 40, 20, 12, 45, 12, 12, 12, 11, 11, 13])
    for u in c.units:
        for d in u.domains:
            domains.add([u.unit_id, u.name, u.group, d.id, d.title, d.old_index, d.new_index,
                         None, d.old_rank, d.new_rank, d.rank_change])
            if d.index_change is not None:
                domains.ws.write_number(domains.rows, 7, float(d.index_change), signed)
    domains.close()
    notes = _Sheet(book, SHEET_NOTES, NOTE_HEADERS, head, num, [36, 14, 40, 20, 12, 10, 12, 80],
                   centred=(6,))
    for kind, side in (("entered", c.entered), ("left", c.left)):
        for s in side:
            notes.add([_KIND_TEXT[kind], s.unit_id, s.name, s.group, s.index, s.rank, s.band,
                       None])
    for n in c.not_comparable:
        notes.add([_KIND_TEXT[n.kind], n.id, n.new_title or n.old_title, None, None, None,
                   None, note_text(n)])
    for line in c.notes:
        notes.add([_KIND_TEXT["note"], None, None, None, None, None, None, line])
    notes.close()
    book.close()
