"""A blank inspection workbook made from a criteria set, ready to fill and to score.

Long layout: a ``scores`` sheet with one row per unit and non-survey leaf. Per-unit layout:
a form sheet per unit (STT, Tiêu chí, Điểm tối đa, Điểm tự đánh giá, Điểm thẩm định, Tài
liệu kiểm chứng, Ghi chú) with every node of the tree, as inspection teams fill it. The value
cells carry data validation (a drop-down for yes/no and choices, a number range otherwise)
and an input message with the rule in words; a last column shows each node's scoring guide
(``guide:``) where the criteria have one. Filling it and scoring it needs no edits: the
``settings`` sheet names the criteria. Titles and the headers nobody types are in the language
in use (:mod:`parcalc.i18n`); the sheet and column names parcalc reads (``units``,
``scores``, ``unit_id`` …) are the same in every language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parcalc.atomic import write_with
from parcalc.criteria.model import CriteriaSet, Leaf, Node
from parcalc.errors import Location, Problem, UsageError, WorkbookError
from parcalc.i18n import current, label, msg, text, using
from parcalc.render.textfit import row_height
from parcalc.rules import SurveyRule
from parcalc.text import cell_text
from parcalc.workbook.raw import Book, RawSheet, grid_of
from parcalc.workbook.specs import UNITS
from parcalc.workbook.table import find_header, header_problems

#: The long scores sheet's columns: None where the header is a label (read as the title and
#: max columns in either language), the column name parcalc reads otherwise.
LONG_COLUMNS = ["unit_id", "criterion_id", None, None, "self_value", "value", "evidence", "note"]
#: The form's columns, as labels (each a name the per-unit reader knows, in both languages),
#: and their widths: the form fits an A4 landscape page.
FORM_COLUMNS = ["id", "title", "max", "self_value", "value", "evidence", "note"]
FORM_WIDTHS: list[float] = [7, 50, 8, 11, 11, 24, 18]
#: The long scores sheet's column widths.
LONG_WIDTHS: list[float] = [12, 10, 50, 8, 12, 12, 24, 18]
#: The scoring guide's column, last, when the criteria have guides (``guide:``).
GUIDE_WIDTH = 40.0


def long_headers() -> list[str]:
    """The long scores sheet's header row, in the language in use."""
    titles = iter([label("template.title"), label("template.max")])
    return [name or next(titles) for name in LONG_COLUMNS]


def form_headers() -> list[str]:
    """A form sheet's header row, in the language in use."""
    return [label(f"template.form.{name}") for name in FORM_COLUMNS]

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Unit:
    unit_id: str
    name: str
    group: str | None


def read_units(path: Path) -> list[Unit]:
    """Units from a .csv (as Excel writes it: :func:`parcalc.csvread.read_rows`) or a
    workbook (its units sheet, else its first sheet)."""
    if path.suffix.lower() == ".csv":
        from parcalc.csvread import read_rows

        rows: list[list[Any]] = list(read_rows(path))
        sheet = RawSheet(str(path), "csv", grid_of(rows))
    else:
        book = Book(path)
        try:
            name = next((n for n in book.sheet_names if n.casefold() in ("units", "đơn vị")),
                        book.sheet_names[0])
            sheet = book.sheet(name)
        finally:
            book.close()
    header = find_header(sheet, UNITS)
    problems = header_problems(sheet, UNITS, header)
    if problems or header is None:
        raise WorkbookError(problems)
    units = []
    for row in sheet.rows[header.row + 1:]:
        def get(col: str, r: list[Any] = row) -> str | None:
            j = header.positions.get(col)
            return cell_text(r[j]) if j is not None and j < len(r) else None

        uid = get("unit_id")
        if uid:
            units.append(Unit(uid, get("name") or uid, get("group")))
    if not units:
        raise WorkbookError(Problem(msg("template.no_units"), Location(str(path))))
    return units


def rule_words(leaf: Leaf) -> str:
    """The rule in words in the language in use, short enough for an input message (≤ 255)."""
    return str(leaf.rule.prompt(float(leaf.node.maximum)))[:250]


def write_template(criteria: CriteriaSet, target: Path, units: list[Unit] | None = None,
                   layout: str = "long", criteria_ref: str | None = None,
                   lang: str | None = None) -> None:
    """Write the blank workbook to ``target`` (replaced atomically), its titles and labels in
    ``lang`` (default: the language in use)."""
    if layout not in ("long", "per-unit"):
        raise UsageError(msg("template.bad_layout", layout=layout))
    with using(lang or current()):
        write_with(target, lambda tmp: _write(criteria, tmp, units or [], layout,
                                              criteria_ref or criteria.id))


class _Lists:
    """Drop-down choices on a hidden sheet (inline lists cannot hold commas)."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.columns: dict[tuple[str, ...], str] = {}

    def source(self, options: list[str]) -> str:
        key = tuple(options)
        if key not in self.columns:
            letter = _letter(len(self.columns))
            self.columns[key] = f"=lists!${letter}$1:${letter}${len(options)}"
        return self.columns[key]

    def finish(self) -> None:
        """Write the hidden sheet last, so it never comes first among the tabs."""
        if not self.columns:
            return
        sheet = self.book.add_worksheet("lists")
        for col, options in enumerate(self.columns):
            sheet.write_column(0, col, options)
        sheet.hide()


def _letter(index: int) -> str:
    from parcalc.workbook.address import column_letter

    return column_letter(index)


class _Formats:
    def __init__(self, book: Any, criteria: CriteriaSet) -> None:
        self.criteria = criteria
        self.lists = _Lists(book)
        self.head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                                     "text_wrap": True, "valign": "top"})
        self.text = book.add_format({"num_format": "@", "valign": "top"})
        self.top = book.add_format({"valign": "top"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.inner = book.add_format({"bold": True, "bg_color": "#F2F2F2", "text_wrap": True,
                                      "valign": "top"})
        self.survey = book.add_format({"italic": True, "font_color": "#808080",
                                       "text_wrap": True})
        self.title = book.add_format({"bold": True, "font_size": 13, "text_wrap": True,
                                      "valign": "vcenter"})
        self.input = book.add_format({"bg_color": "#FFF2CC", "border": 1})


def _write(criteria: CriteriaSet, path: Path, units: list[Unit], layout: str,
           criteria_ref: str) -> None:
    import xlsxwriter

    from parcalc.render.page import BOOK_OPTIONS

    book = xlsxwriter.Workbook(str(path), BOOK_OPTIONS)
    fmt = _Formats(book, criteria)
    sheets = _form_sheet_names(units) if layout == "per-unit" else {}
    _units_sheet(book, fmt, units, sheets)
    if layout == "long":
        _long_scores(book, fmt, criteria, units)
    else:
        for unit in units or [Unit("", "", None)]:
            _form(book, fmt, criteria, unit, sheets.get(unit.unit_id, label("template.form_sheet")))
    _survey_sheet(book, fmt, criteria)
    _simple(book, fmt, "adjustments", ["unit_id", "kind", "points", "reason"],
            [[30, 12, 10, 50]])
    _simple(book, fmt, "settings", ["key", "value"], [[20, 60]], rows=settings_rows(
        criteria, criteria_ref), blank=fmt.input)
    fmt.lists.finish()
    book.close()


def _form_sheet_names(units: list[Unit]) -> dict[str, str]:
    taken: set[str] = {"units", "survey", "adjustments", "settings"}
    names = {}
    for unit in units:
        base = _SHEET_BAD.sub("-", unit.unit_id)[:31] or "unit"
        name, k = base, 2
        while name.casefold() in taken:
            name = f"{base[:28]}-{k}"
            k += 1
        taken.add(name.casefold())
        names[unit.unit_id] = name
    return names


def _units_sheet(book: Any, fmt: _Formats, units: list[Unit], sheets: dict[str, str]) -> None:
    ws = book.add_worksheet("units")
    headers = ["unit_id", "name", "group"] + (["sheet"] if sheets else [])
    ws.write_row(0, 0, headers, fmt.head)
    for i, u in enumerate(units, start=1):
        row = [u.unit_id, u.name, u.group or ""] + ([sheets[u.unit_id]] if sheets else [])
        ws.write_row(i, 0, row, fmt.text)
    ws.freeze_panes(1, 0)
    _print(ws, fmt, [14.0, 45.0, 22.0, 22.0][: len(headers)], landscape=False,
           header_rows=(0, 0))


def _long_scores(book: Any, fmt: _Formats, criteria: CriteriaSet, units: list[Unit]) -> None:
    ws = book.add_worksheet("scores")
    leaves = [lf for lf in criteria.leaves() if not lf.is_survey]
    guides = any(lf.node.guide for lf in leaves)
    headers = long_headers() + ([label("template.guide")] if guides else [])
    widths = [*LONG_WIDTHS, *([GUIDE_WIDTH] if guides else [])]
    ws.write_row(0, 0, headers, fmt.head)
    heights = [row_height([(lf.node.title, LONG_WIDTHS[2])]
                          + ([(lf.node.guide, GUIDE_WIDTH)] if lf.node.guide else []))
               for lf in leaves]
    row = 1
    for unit in units or [Unit("", "", None)]:
        for leaf, height in zip(leaves, heights, strict=True):
            ws.set_row(row, height)
            ws.write_string(row, 0, unit.unit_id, fmt.text)
            ws.write_string(row, 1, leaf.id, fmt.text)
            ws.write_string(row, 2, leaf.node.title, fmt.wrap)
            ws.write_number(row, 3, float(leaf.node.maximum))
            for col in (4, 5):
                ws.write_blank(row, col, None, fmt.input)
                _validate(ws, fmt, row, col, leaf)
            if leaf.node.guide:
                ws.write_string(row, len(LONG_COLUMNS), leaf.node.guide, fmt.wrap)
            row += 1
    ws.freeze_panes(1, 2)
    ws.autofilter(0, 0, max(row - 1, 1), len(headers) - 1)
    _print(ws, fmt, widths, landscape=True, header_rows=(0, 0), fixed=2)


def _form(book: Any, fmt: _Formats, criteria: CriteriaSet, unit: Unit, name: str) -> None:
    """A form sheet: its title over the whole width, the unit, the header (repeated on every
    printed page), then a row per node, each as high as its wrapped title."""
    ws = book.add_worksheet(name)
    heading = text("template.form_title", title=criteria.title)
    ws.merge_range(0, 0, 0, len(FORM_WIDTHS) - 1, heading, fmt.title)
    ws.set_row(0, row_height([(heading, sum(FORM_WIDTHS))], 13, True))
    ws.write(1, 0, text("template.form_unit", name=unit.name))
    guides = any(node.guide for node, _ in criteria.walk())
    headers = form_headers() + ([label("template.guide")] if guides else [])
    widths = [*FORM_WIDTHS, *([GUIDE_WIDTH] if guides else [])]
    ws.write_row(3, 0, headers, fmt.head)
    ws.set_row(3, row_height(list(zip(headers, widths, strict=True)), bold=True))
    row = 4
    for node, parents in criteria.walk():
        shown = _form_row(ws, fmt, row, node, parents)
        ws.set_row(row, row_height([(shown, FORM_WIDTHS[1])], bold=not node.is_leaf))
        row += 1
    ws.freeze_panes(4, 2)
    _print(ws, fmt, widths, landscape=True, header_rows=(0, 3), fixed=2)


def _print(ws: Any, fmt: _Formats, widths: list[float], landscape: bool,
           header_rows: tuple[int, int], fixed: int = 0) -> None:
    """Column widths and the report's page setup (:mod:`parcalc.render.page`): A4, scale
    ≥ 70 %, header rows repeated, the criteria's title and year and "Trang X/Y" in the
    footer."""
    from parcalc.render import page

    for j, width in enumerate(widths):
        ws.set_column(j, j, width)
    cs = fmt.criteria
    title = cs.title if cs.year is None else text("report.footer_year", title=cs.title,
                                                   year=cs.year)
    page.setup(ws, page.PageText(title, label("report.page")), landscape=landscape,
               fit=page.fit_columns(widths, landscape, fixed), header_rows=header_rows)


def _form_row(ws: Any, fmt: _Formats, row: int, node: Node, parents: tuple[Node, ...]) -> str:
    """A node's row of the form; returns the title as written (indented)."""
    indent = "    " * len(parents)
    if node.guide:
        ws.write_string(row, len(FORM_COLUMNS), node.guide, fmt.wrap)
    if not node.is_leaf:
        ws.write_string(row, 0, node.id, fmt.inner)
        ws.write_string(row, 1, indent + node.title, fmt.inner)
        ws.write_number(row, 2, float(node.maximum), fmt.inner)
        return indent + node.title
    leaf = Leaf(node, (*parents, node)[0], parents)
    if leaf.is_survey:
        shown = indent + text("template.survey_row", title=node.title)
        ws.write_string(row, 0, node.id, fmt.survey)
        ws.write_string(row, 1, shown, fmt.survey)
        ws.write_number(row, 2, float(node.maximum), fmt.survey)
        return shown
    ws.write_string(row, 0, node.id, fmt.text)
    ws.write_string(row, 1, indent + node.title, fmt.wrap)
    ws.write_number(row, 2, float(node.maximum), fmt.top)
    for col in (3, 4):
        ws.write_blank(row, col, None, fmt.input)
        _validate(ws, fmt, row, col, leaf)
    return indent + node.title


def _validate(ws: Any, fmt: _Formats, row: int, col: int, leaf: Leaf) -> None:
    spec = leaf.rule.validation(float(leaf.node.maximum), fmt.lists.source)
    if spec is None:
        return
    message = {"input_title": text("template.input_title", id=leaf.id)[:32],
               "input_message": rule_words(leaf),
               "error_type": "warning"}
    ws.data_validation(row, col, row, col, {**spec, **message})


def _survey_sheet(book: Any, fmt: _Formats, criteria: CriteriaSet) -> None:
    questions: list[str] = []
    for leaf in criteria.leaves():
        if leaf.is_survey:
            questions += [q for q in SurveyRule.of(leaf.rule).questions if q not in questions]
    ws = book.add_worksheet("survey")
    ws.write_row(0, 0, ["unit_id", "respondent_group", *questions], fmt.head)
    ws.freeze_panes(1, 2)
    _print(ws, fmt, [14.0, 26.0, *[7.0] * max(len(questions), 1)], landscape=True,
           header_rows=(0, 0), fixed=2)


def settings_rows(criteria: CriteriaSet, criteria_ref: str) -> list[list[str]]:
    """The settings sheet's rows: the criteria; the year (the criteria's, to correct), the
    organisation and the report's title (blank, to fill) that the report prints."""
    year = "" if criteria.year is None else str(criteria.year)
    return [["criteria", criteria_ref], ["year", year], ["organisation", ""], ["title", ""]]


def _simple(book: Any, fmt: _Formats, name: str, headers: list[str], widths: list[list[int]],
            rows: list[list[str]] | None = None, blank: Any = None) -> None:
    ws = book.add_worksheet(name)
    ws.write_row(0, 0, headers, fmt.head)
    for i, row in enumerate(rows or [], start=1):
        for j, value in enumerate(row):
            ws.write_string(i, j, value, fmt.text if value or blank is None else blank)
    ws.freeze_panes(1, 0)
    _print(ws, fmt, [float(w) for w in widths[0]], landscape=False, header_rows=(0, 0))
