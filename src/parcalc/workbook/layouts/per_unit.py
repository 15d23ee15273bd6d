"""**per-unit**: a sheet per unit, as an inspection team fills the form (STT / Mã tiêu chí,
Tiêu chí, Điểm tối đa, Điểm tự đánh giá, Điểm thẩm định, Tài liệu kiểm chứng, Ghi chú), the
unit named by the units sheet's ``sheet`` column, the sheet's name, or a cell above the
header ("Đơn vị: Sở Nội vụ"). Rows are lenient: subtotals and rows without an id are
skipped."""

from __future__ import annotations

from parcalc.errors import Location, Problem
from parcalc.i18n import Msg, msg
from parcalc.text import cell_text, fold
from parcalc.workbook.layouts.base import BookView, Part, UnitIndex, rows_part
from parcalc.workbook.raw import RawSheet
from parcalc.workbook.specs import FORM, SCORES, UNIT_ID
from parcalc.workbook.table import Header, header_problems, mentions


class PerUnit:
    name = "per-unit"

    def recognise(self, view: BookView) -> Msg | None:
        forms = _forms(view)
        if not forms:
            return None
        names = ", ".join(name for name, _ in forms[:5]) + (" …" if len(forms) > 5 else "")
        return msg("workbook.note_per_unit", file=view.name, n=len(forms), sheets=names)

    def read(self, view: BookView, problems: list[Problem]) -> list[Part]:
        parts = [part for name, header in _forms(view)
                 if (part := _form(view, name, header, problems)) is not None]
        scores = view.find(SCORES)
        if not parts and scores is not None:  # only under --layout: else long or matrix
            problems.append(Problem(msg("workbook.no_forms_for_layout", sheet=scores),
                                    Location(view.name)))
        return parts


def _forms(view: BookView) -> list[tuple[str, Header]]:
    """The sheets with a form's header (not the scores sheet, not one already used, not a
    long scores sheet under another name: one with a unit_id column, as a renamed scores
    sheet "Bảng điểm" has — reported as no scores sheet, with the names expected)."""
    if "forms" in view.memo:
        forms: list[tuple[str, Header]] = view.memo["forms"]
        return forms
    scores = view.find(SCORES)
    out = []
    for name in view.sheet_names:
        if name in view.used or name == scores:
            continue
        header = view.header(name, FORM)
        if header is not None and "criterion_id" in header.positions and (
                {"value", "self_value"} & set(header.positions)) and not _long(view, name):
            out.append((name, header))
    view.memo["forms"] = out
    return out


def _long(view: BookView, name: str) -> bool:
    if not mentions(view.sheet(name), UNIT_ID):  # a form: no need to look for a header
        return False
    header = view.header(name, SCORES)
    return header is not None and "unit_id" in header.positions


def _form(view: BookView, name: str, header: Header, problems: list[Problem]) -> Part | None:
    sheet = view.sheet(name)
    unit = view.units.by_sheet.get(fold(name)) or view.units.find(name) or _unit_above(
        sheet, header, view.units)
    if unit is None:
        problems.append(Problem(
            msg("workbook.form_without_unit", sheet=name, suggestion=view.units.near(name)),
            Location(view.name, sheet=name, cell="A1")))
        return None
    if "value" not in header.positions:
        problems += header_problems(sheet, FORM, header)  # value is a required column
        return None
    return rows_part(sheet, header, PerUnit.name, lenient=True, unit_id=unit)


def _unit_above(sheet: RawSheet, header: Header, units: UnitIndex) -> str | None:
    """A unit named in the cells above the header: "Đơn vị: Sở Nội vụ" or just "SNV"."""
    for i in range(header.row):
        for value in sheet.rows[i]:
            text = cell_text(value)
            if not text:
                continue
            for candidate in (text, text.split(":", 1)[-1]):
                unit = units.find(candidate.strip())
                if unit is not None:
                    return unit
    return None
