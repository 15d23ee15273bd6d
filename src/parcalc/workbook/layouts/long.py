"""**long**: a ``scores`` sheet with one row per unit and criterion (unit_id, criterion_id,
value, and optionally self_value, evidence, note, title, max)."""

from __future__ import annotations

from parcalc.errors import Location, Problem
from parcalc.i18n import Msg, msg
from parcalc.workbook.layouts.base import BookView, Part, rows_part
from parcalc.workbook.specs import SCORES, UNIT_ID, VALUE
from parcalc.workbook.table import Header, header_problems, mentions


class Long:
    name = "long"

    def recognise(self, view: BookView) -> Msg | None:
        name = view.find(SCORES)
        if name is None or not looks_long(view, name):
            return None
        return msg("workbook.note_long", file=view.name, sheet=name)

    def read(self, view: BookView, problems: list[Problem]) -> list[Part]:
        name = view.find(SCORES)
        if name is None:
            problems.append(no_scores_sheet(view, self.name))
            return []
        sheet, header = view.sheet(name), view.header(name, SCORES)
        problems += header_problems(sheet, SCORES, header)
        # No rows once any problem is found, in this file or one read before it (the read
        # fails anyway; a matrix's or a form's rows are still read, for their problems).
        if header is None or problems:
            return []
        return [rows_part(sheet, header, self.name, lenient=False)]


def has_long_columns(header: Header | None) -> bool:
    """A matrix has no unit_id or value column: one of them means a long sheet."""
    return header is not None and bool({"unit_id", "value"} & set(header.positions))


def looks_long(view: BookView, name: str) -> bool:
    """Whether sheet ``name`` has a long scores sheet's columns (see
    :func:`has_long_columns`); a sheet naming neither column nowhere near its top (a matrix
    of unit columns) is not searched for the header."""
    sheet = view.sheet(name)
    if not (mentions(sheet, UNIT_ID) or mentions(sheet, VALUE)):
        return False
    return has_long_columns(view.header(name, SCORES))


def no_scores_sheet(view: BookView, layout: str) -> Problem:
    return Problem(msg("workbook.no_scores_for_layout", layout=layout), Location(view.name))
