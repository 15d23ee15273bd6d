"""A :class:`~parcalc.diagnose.Diagnosis` as an Excel workbook, for designers who filter and
sort: sheets Criteria, Domains, Correlations and Units (in the language in use), each set's
rows one after the other, shares as percentages. Written whole or not at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from parcalc.atomic import write_with
from parcalc.diagnose import Diagnosis
from parcalc.i18n import label, text

_SHARES = ("at_max", "at_zero", "not_applicable", "blank", "mean_share", "sd_share")


def write_excel(diagnosis: Diagnosis, target: str | Path) -> None:
    write_with(target, lambda tmp: _write(diagnosis, tmp))


def _head(key: str) -> str:
    return label(f"diagnose.{key}").replace("\n", " ")


class _Book:
    """The workbook and its formats."""

    def __init__(self, path: Path) -> None:
        import xlsxwriter

        self.book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                                    "strings_to_urls": False,
                                                    "in_memory": True})
        self.head = self.book.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                          "bg_color": "#DDEBF7", "border": 1})
        self.percent = self.book.add_format({"num_format": "0.0%"})
        self.ratio = self.book.add_format({"num_format": "0.00"})

    def sheet(self, key: str, headers: list[str], widths: list[int]) -> Any:
        ws = self.book.add_worksheet(_head(key))
        ws.write_row(0, 0, headers, self.head)
        ws.freeze_panes(1, 0)
        for j, width in enumerate(widths):
            ws.set_column(j, j, width)
        return ws

    def row(self, ws: Any, r: int, values: list[Any], formats: dict[int, Any]) -> None:
        for j, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                ws.write_number(r, j, v, formats.get(j))
            else:
                ws.write_string(r, j, str(v))


def _criteria(b: _Book, d: Diagnosis) -> None:
    keys = ["max", *_SHARES, "discrimination", "shift_mean", "shift_max"]
    ws = b.sheet("sheet_criteria", [_head("criteria_set"), _head("id"), _head("criterion"),
                                    *(_head(k) for k in keys), _head("flags")],
                 [18, 8, 60, *([10] * len(keys)), 30])
    formats = {3 + i: b.percent for i in range(1, 7)} | {10: b.ratio, 11: b.ratio}
    r = 0
    for s in d.sets:
        for c in s.criteria:
            r += 1
            b.row(ws, r, [s.id, c.id, c.title, c.max, c.at_max, c.at_zero, c.not_applicable,
                          c.blank, c.mean_share, c.sd_share, c.discrimination,
                          c.rank_shift_mean, c.rank_shift_max,
                          ", ".join(label(f"diagnose.flag_{f}") for f in c.flags)], formats)
    ws.autofilter(0, 0, max(r, 1), 3 + len(keys))


def _domains(b: _Book, d: Diagnosis) -> None:
    ws = b.sheet("sheet_domains", [_head(k) for k in ("criteria_set", "id", "domain", "leaves",
                                                      "units", "alpha")],
                 [18, 8, 60, 10, 10, 10])
    r = 0
    for s in d.sets:
        for dom in s.domains:
            r += 1
            b.row(ws, r, [s.id, dom.id, dom.title, dom.leaves, dom.units, dom.alpha],
                  {5: b.ratio})


def _correlations(b: _Book, d: Diagnosis) -> None:
    ws = b.sheet("sheet_correlations", [_head("criteria_set")], [18])
    r = 0
    for s in d.sets:
        ids = s.correlations.domains
        heads = [text("diagnose.domain_column", id=i) for i in ids]
        b.row(ws, r + 1, [s.id, *heads], {})
        ratios = {k: b.ratio for k in range(1, len(ids) + 1)}
        for a, row in enumerate(s.correlations.matrix):
            b.row(ws, r + 2 + a, [heads[a], *row], ratios)
        r += len(ids) + 2


def _units(b: _Book, d: Diagnosis) -> None:
    keys = ("criteria_set", "id", "unit", "group", "self_points", "points", "over_claim",
            "criteria_changed")
    ws = b.sheet("sheet_units", [_head(k) for k in keys], [18, 12, 40, 20, 10, 10, 10, 10])
    r = 0
    for s in d.sets:
        for u in s.units:
            r += 1
            b.row(ws, r, [s.id, u.unit_id, u.name, u.group, u.self_points, u.points,
                          u.over_claim, u.criteria_changed], {})
    ws.autofilter(0, 0, max(r, 1), len(keys) - 1)


def _write(diagnosis: Diagnosis, path: Path) -> None:
    b = _Book(path)
    for part in (_criteria, _domains, _correlations, _units):
        part(b, diagnosis)
    b.book.close()
