"""A :class:`~parcalc.compare.Comparison` as an Excel workbook that prints: per unit, the
biggest gains and falls (a table and its bar chart), per unit and common domain, and what
could not be compared. Each sheet has its title with the two years ("2020 → 2021", or the
file names), the years in its headers, and the report's page setup (A4 landscape, header
rows repeated, "Trang X/Y" in the footer: :mod:`parcalc.render.page`)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from parcalc.atomic import write_with
from parcalc.compare import Comparison, UnitChange
from parcalc.i18n import current, label, text, using
from parcalc.render import page
from parcalc.render.compare import (
    DOMAIN_COLUMNS,
    NOTE_COLUMNS,
    UNIT_COLUMNS,
    headers,
    note_text,
    sheet_names,
)
from parcalc.render.excel.book import BOOK_OPTIONS, Styles, header, set_widths, title
from parcalc.render.textfit import FONT, MIN_ROW

#: The header row of every sheet (the title is above it).
HEADER_ROW = 1
MOVER_COLUMNS = ["unit_id", "unit", "group", "old_index", "new_index", "change"]
GREEN, RED = "#70AD47", "#E15759"


def write_excel(comparison: Comparison, target: str | Path, lang: str | None = None) -> None:
    """Sheets :func:`~parcalc.render.compare.sheet_names` (per unit; gains and falls; unit ×
    common domain; entered, left, not comparable) in ``lang`` (default: the language in
    use), written whole or not at all."""
    with using(lang or current()):
        write_with(target, lambda tmp: _write(comparison, tmp))


class _Sheet:
    """One sheet: its title and header rows, typed cells (decimals at the comparison's
    decimals, ints, text), and its print setup."""

    def __init__(self, book: Any, st: Styles, name: str, heads: list[str],
                 widths: list[float], c: Comparison, centred: tuple[int, ...] = ()) -> None:
        self.ws = book.add_worksheet(name)
        self.ws.set_default_row(MIN_ROW)
        self.c, self.widths, self.centred, self.rows = c, widths, centred, HEADER_ROW
        decimals = "0." + "0" * c.precision if c.precision else "0"
        self.num = book.add_format({"num_format": decimals})
        self.signed = book.add_format({"num_format": f"+{decimals};-{decimals};{decimals}"})
        self.centre = book.add_format({"align": "center"})
        title(self.ws, 0, len(heads) - 1, f"{text('compare.book_title', span=c.span)} — {name}",
              st.title, widths)
        header(self.ws, HEADER_ROW, 0, heads, st.head, widths)
        self.ws.freeze_panes(HEADER_ROW + 1, 0)
        set_widths(self.ws, widths)

    def add(self, values: list[Any], signed: int | None = None) -> None:
        """A row; the value in column ``signed`` (a change) with its sign."""
        self.rows += 1
        for j, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, Decimal):
                fmt = self.signed if j == signed else self.num
                self.ws.write_number(self.rows, j, float(v), fmt)
            elif isinstance(v, int) and not isinstance(v, bool):
                self.ws.write_number(self.rows, j, v)
            else:
                self.ws.write_string(self.rows, j, str(v),
                                     self.centre if j in self.centred else None)

    def close(self, autofilter: bool = True) -> None:
        if autofilter:
            self.ws.autofilter(HEADER_ROW, 0, max(self.rows, HEADER_ROW + 1),
                               len(self.widths) - 1)
        fit = page.fit_columns(self.widths, landscape=True, fixed=2)
        page.setup(self.ws, _page_text(self.c), landscape=True, fit=fit,
                   header_rows=(0, HEADER_ROW))


def _significant(value: bool | None) -> str | None:
    """Whether a rank change is significant, in words ("≈" when it is not)."""
    return None if value is None else label(f"compare.significant_{'yes' if value else 'no'}")


def _page_text(c: Comparison) -> page.PageText:
    return page.PageText(text("compare.footer", span=c.span), label("report.page"))


def _write(c: Comparison, path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), BOOK_OPTIONS)
    book.set_properties({"title": text("compare.footer", span=c.span)})
    st = Styles(book)
    names = sheet_names()
    assessed = any(u.significant is not None for u in c.units)
    columns = [*UNIT_COLUMNS, *(["rank_significant"] if assessed else [])]
    units = _Sheet(book, st, names[0], headers(columns, c),
                   [12, 32, 16, 16, 9, 9, 9, 8, 8, 9, 9, 9, *([12] if assessed else [])], c,
                   centred=(10, 11, 12))
    for u in c.units:
        units.add([u.unit_id, u.name, u.group, u.old_group, u.old_index, u.new_index,
                   u.index_change, u.old_rank, u.new_rank, u.rank_change, u.old_band,
                   u.new_band, *([_significant(u.significant)] if assessed else [])], signed=6)
    units.close()
    _movers(book, st, names[1], c)
    domains = _Sheet(book, st, names[2], headers(DOMAIN_COLUMNS, c),
                     [12, 30, 16, 8, 36, 9, 9, 9, 8, 8, 9], c)
    for u in c.units:
        for d in u.domains:
            domains.add([u.unit_id, u.name, u.group, d.id, d.title, d.old_index, d.new_index,
                         d.index_change, d.old_rank, d.new_rank, d.rank_change], signed=7)
    domains.close()
    _notes(book, st, names[3], c)
    book.close()


def _notes(book: Any, st: Styles, name: str, c: Comparison) -> None:
    notes = _Sheet(book, st, name, headers(NOTE_COLUMNS, c), [24, 12, 30, 16, 9, 7, 9, 60],
                   c, centred=(6,))
    for kind, side in (("entered", c.entered), ("left", c.left)):
        for s in side:
            notes.add([label(f"compare.note_kind.{kind}"), s.unit_id, s.name, s.group,
                       s.index, s.rank, s.band, None])
    for n in c.not_comparable:
        notes.add([label(f"compare.note_kind.{n.kind}"), n.id, n.new_title or n.old_title,
                   None, None, None, None, note_text(n)])
    for line in c.notes:
        notes.add([label("compare.note_kind.note"), *[None] * 6, str(line)])
    notes.close()


def _movers(book: Any, st: Styles, name: str, c: Comparison) -> None:
    """The biggest gains, then the biggest falls, and a bar chart of their change that
    reads the table's cells (green up, red down)."""
    sheet = _Sheet(book, st, name, headers(MOVER_COLUMNS, c), [12, 32, 16, 9, 9, 9], c)
    movers: list[UnitChange] = [*c.gains, *c.falls]
    for u in movers:
        sheet.add([u.unit_id, u.name, u.group, u.old_index, u.new_index, u.index_change],
                  signed=5)
    sheet.close(autofilter=False)
    if not movers:
        return
    first, last = HEADER_ROW + 1, HEADER_ROW + len(movers)
    chart = book.add_chart({"type": "bar"})
    chart.add_series({
        "categories": [name, first, 1, last, 1], "values": [name, first, 5, last, 5],
        "points": [{"fill": {"color": GREEN if (u.index_change or 0) > 0 else RED}}
                   for u in movers],
        "data_labels": {"value": True, "font": {"name": FONT, "size": 8},
                        "num_format": sheet.signed.num_format},
        "gap": 50,
    })
    chart.set_title({"name": text("compare.movers_title", span=c.span),
                     "name_font": {"name": FONT, "size": 10, "bold": True}})
    chart.set_y_axis({"reverse": True, "num_font": {"name": FONT, "size": 8},
                      "label_position": "low"})
    chart.set_x_axis({"num_font": {"name": FONT, "size": 8},
                      "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_legend({"none": True})
    chart.set_size({"width": 640, "height": 90 + 26 * len(movers)})
    sheet.ws.insert_chart(last + 2, 1, chart, {"x_offset": 4, "y_offset": 4})
