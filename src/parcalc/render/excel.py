"""The ranking workbook that leadership reads, written with xlsxwriter from a :class:`Report`.

Sheets: a ranking per group (bands coloured, frozen header, autofilter, printable on A4
landscape), component indices with a colour scale and component ranks (and each group's
mean), native charts (a ranking bar chart per group, a radar chart per unit against its
group mean), self-assessed vs appraised points, the unit × criterion details, and a
summary that says how to reproduce the result. The file is written to a temporary name
and renamed (:mod:`parcalc.atomic`).
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from parcalc.atomic import write_with
from parcalc.report import GroupReport, Report, build_report
from parcalc.results import Results

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (≤ 31 characters, no []:*?/\\)."""
    base = _BAD_SHEET_CHARS.sub("-", name).strip("'") or "Sheet"
    candidate = base[:31]
    k = 2
    while candidate.casefold() in taken:
        suffix = f" ({k})"
        candidate = base[: 31 - len(suffix)] + suffix
        k += 1
    taken.add(candidate.casefold())
    return candidate


def write_excel(results: Results, target: str | Path, lang: str = "vi",
                generated: datetime | None = None) -> None:
    report = build_report(results, lang, generated)
    write_with(target, lambda tmp: _write(report, tmp))


class _Styles:
    def __init__(self, book: Any) -> None:
        self.book = book
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.subtitle = book.add_format({"italic": True, "font_color": "#595959"})
        self.head = book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter",
                                     "align": "center", "bg_color": "#DDEBF7", "border": 1})
        self.text = book.add_format({"border": 1, "valign": "top"})
        self.wrap = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        self.int = book.add_format({"border": 1, "align": "center", "valign": "top"})
        self.bold = book.add_format({"bold": True})
        self.mean = book.add_format({"bold": True, "italic": True, "border": 1,
                                     "bg_color": "#F2F2F2"})
        self._numbers: dict[tuple[int, str | None, bool], Any] = {}

    def number(self, precision: int, fill: str | None = None, bold: bool = False) -> Any:
        key = (precision, fill, bold)
        if key not in self._numbers:
            spec: dict[str, Any] = {"border": 1, "valign": "top",
                                    "num_format": "0." + "0" * precision if precision else "0"}
            if fill:
                spec["bg_color"] = fill
            if bold:
                spec["bold"] = True
            self._numbers[key] = self.book.add_format(spec)
        return self._numbers[key]

    def plain_number(self, precision: int, fill: str | None = None) -> Any:
        """A number format with no border (for the large data sheets)."""
        key = (precision, f"plain {fill}", False)
        if key not in self._numbers:
            spec: dict[str, Any] = {"num_format": "0." + "0" * precision if precision else "0"}
            if fill:
                spec["bg_color"] = fill
            self._numbers[key] = self.book.add_format(spec)
        return self._numbers[key]

    def band(self, colour: str | None) -> Any:
        return self.book.add_format({"border": 1, "align": "center", "valign": "top",
                                     "bold": True, **({"bg_color": colour} if colour else {})})


def _write(report: Report, path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "in_memory": True,
                                           "strings_to_urls": False,
                                           "nan_inf_to_errors": True})
    book.set_properties({"title": report.labels["ranking_title"], "comments":
                         f"parcalc {report.version}"})
    styles = _Styles(book)
    taken: set[str] = set()
    ranking_sheets = [_ranking(book, styles, report, g, taken) for g in report.groups]
    components = _components(book, styles, report, taken)
    _charts(book, report, ranking_sheets, components, taken)
    _self_sheet(book, styles, report, taken)
    _details(book, styles, report, taken)
    _summary(book, styles, report, taken)
    book.close()


def _rows(ws: Any, first: int, frame: pd.DataFrame, keys: list[str], formats: list[Any],
          lost: Any = None) -> None:
    """``frame[keys]`` from row ``first``: numbers as numbers, text as text (never a formula),
    blank cells written only where they carry a format (borders). A positive "lost" cell gets
    the ``lost`` format."""
    text, number, blank = ws.write_string, ws.write_number, ws.write_blank
    numeric = [pd.api.types.is_numeric_dtype(frame[k]) for k in keys]
    marked = keys.index("lost") if lost is not None and "lost" in keys else -1
    for c, (key, fmt, is_number) in enumerate(zip(keys, formats, numeric, strict=True)):
        for r, value in enumerate(frame[key].tolist(), start=first):
            if value is None or (is_number and value != value):
                if fmt is not None:
                    blank(r, c, None, fmt)
            elif is_number:
                number(r, c, value, lost if c == marked and value > 0 else fmt)
            else:
                text(r, c, value if isinstance(value, str) else str(value), fmt)


def _cell(ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    """Numbers as numbers, text always as text (never a formula)."""
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, str(value), fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _print_setup(ws: Any, header_row: int) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)


def _ranking(book: Any, st: _Styles, report: Report, group: GroupReport,
             taken: set[str]) -> tuple[str, GroupReport]:
    lab = report.labels
    name = sheet_name(f"{lab['ranking']} {group.name}" if group.name else lab["ranking"], taken)
    ws = book.add_worksheet(name)
    ws.write(0, 0, f"{lab['ranking_title']} — {group.name or ''}".rstrip(" —"), st.title)
    ws.write(1, 0, group.title, st.subtitle)
    headers = [lab["rank"], lab["unit_id"], lab["unit"], lab["points"], lab["max"],
               lab["index"], lab["band"], lab["self_points"], lab["change"]]
    ws.write_row(3, 0, headers, st.head)
    p = group.precision
    for i, r in enumerate(group.units, start=4):
        colour = report.band_colours.get(r["band"]) if r["band"] else None
        _cell(ws, i, 0, r["rank"], st.int)
        _cell(ws, i, 1, r["unit_id"], st.text)
        _cell(ws, i, 2, r["name"], st.text)
        for j, key in ((3, "points"), (4, "max"), (5, "index")):
            _cell(ws, i, j, r[key], st.number(p, colour if key == "index" else None,
                                              bold=key == "index"))
        _cell(ws, i, 6, r["band"], st.band(colour))
        _cell(ws, i, 7, r["self_points"], st.number(p))
        _cell(ws, i, 8, r["change"], st.number(p))
    last = 3 + len(group.units)
    ws.freeze_panes(4, 3)
    ws.autofilter(3, 0, last, len(headers) - 1)
    ws.set_row(3, 45)
    for col, width in enumerate([7, 12, 44, 9, 9, 10, 9, 12, 14]):
        ws.set_column(col, col, width)
    _print_setup(ws, 3)
    return name, group


def _components(book: Any, st: _Styles, report: Report,
                taken: set[str]) -> tuple[str, dict[str, tuple[int, int, int]]]:
    """Returns the sheet name and, per group, (first unit row, last unit row, mean row)."""
    lab = report.labels
    name = sheet_name(lab["components"], taken)
    ws = book.add_worksheet(name)
    ws.write(0, 0, lab["components_title"], st.title)
    n = len(report.domains)
    headers = [lab["group"], lab["unit_id"], lab["unit"], lab["index"]]
    headers += [f"{lab['domain']} {d}" for d, _ in report.domains]
    headers += [f"{lab['domain_rank']} {lab['domain']} {d}" for d, _ in report.domains]
    ws.write_row(2, 0, headers, st.head)
    ws.write_row(3, 4, [title for _, title in report.domains], st.wrap)
    ws.set_row(3, 75)
    row = 4
    blocks: dict[str, tuple[int, int, int]] = {}
    for group in report.groups:
        first = row
        p = group.precision
        for r in group.units:
            doms = {d["id"]: d for d in r["domains"]}
            _cell(ws, row, 0, group.name or lab["none"], st.text)
            _cell(ws, row, 1, r["unit_id"], st.text)
            _cell(ws, row, 2, r["name"], st.text)
            _cell(ws, row, 3, r["index"], st.number(p, bold=True))
            for k, (d, _) in enumerate(report.domains):
                dom = doms.get(d, {})
                _cell(ws, row, 4 + k, dom.get("index"), st.number(p))
                _cell(ws, row, 4 + n + k, dom.get("rank"), st.int)
            row += 1
        _cell(ws, row, 0, group.name or lab["none"], st.mean)
        _cell(ws, row, 2, lab["mean"], st.mean)
        _cell(ws, row, 3, group.mean, st.number(p, "#F2F2F2", bold=True))
        for k, (d, _) in enumerate(report.domains):
            _cell(ws, row, 4 + k, group.domain_means.get(d), st.number(p, "#F2F2F2"))
        blocks[group.name or ""] = (first, row - 1, row)
        if row - 1 >= first:
            ws.conditional_format(first, 3, row - 1, 3 + n, {
                "type": "3_color_scale", "min_color": "#F8696B", "mid_color": "#FFEB84",
                "max_color": "#63BE7B"})
        row += 2
    ws.freeze_panes(4, 3)
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 12)
    ws.set_column(2, 2, 40)
    ws.set_column(3, 3 + 2 * n, 11)
    ws.set_row(2, 32)
    _print_setup(ws, 2)
    return name, blocks


def _charts(book: Any, report: Report, rankings: list[tuple[str, GroupReport]],
            components: tuple[str, dict[str, tuple[int, int, int]]], taken: set[str]) -> None:
    lab = report.labels
    ws = book.add_worksheet(sheet_name(lab["charts"], taken))
    row = 0
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    for name, group in rankings:
        count = len(group.units)
        if not count:
            continue
        chart = book.add_chart({"type": "bar"})
        chart.add_series({
            "name": lab["chart_rank"],
            "categories": [name, 4, 2, 3 + count, 2],
            "values": [name, 4, 5, 3 + count, 5],
            "data_labels": {"value": True, "num_format": "0.00"},
            "fill": {"color": "#4472C4"},
            "gap": 40,
        })
        chart.set_title({"name": f"{lab['chart_rank']} — {group.name or ''}".rstrip(" —")})
        chart.set_y_axis({"reverse": True})
        # Start the axis below the lowest index so differences show (and say so on it).
        low = 0 if group.lowest is None else max(0, int((group.lowest - 5) // 10 * 10))
        chart.set_x_axis({"min": low, "max": 100, "major_gridlines": {"visible": True},
                          "name": f"{lab['index']} ({low}–100)"})
        chart.set_legend({"none": True})
        chart.set_size({"width": 900, "height": max(300, 22 * count + 80)})
        ws.insert_chart(row, 0, chart)
        row += max(16, (22 * count + 80) // 20 + 2)
    sheet, blocks = components
    n = len(report.domains)
    for group in report.groups:
        first, _last, mean_row = blocks[group.name or ""]
        for k, r in enumerate(group.units):
            chart = book.add_chart({"type": "radar"})
            chart.add_series({"name": r["name"], "categories": [sheet, 2, 4, 2, 3 + n],
                              "values": [sheet, first + k, 4, first + k, 3 + n],
                              "line": {"color": "#4472C4", "width": 2}})
            chart.add_series({"name": lab["mean"], "categories": [sheet, 2, 4, 2, 3 + n],
                              "values": [sheet, mean_row, 4, mean_row, 3 + n],
                              "line": {"color": "#A5A5A5", "dash_type": "dash"}})
            chart.set_title({"name": f"{r['name']}", "name_font": {"size": 11}})
            chart.set_y_axis({"min": 0, "max": 100})
            chart.set_size({"width": 450, "height": 300})
            ws.insert_chart(row + (k // 2) * 16, 0 if k % 2 == 0 else 8, chart)
        row += ((len(group.units) + 1) // 2) * 16 + 1


def _self_sheet(book: Any, st: _Styles, report: Report, taken: set[str]) -> None:
    lab = report.labels
    ws = book.add_worksheet(sheet_name(lab["self"], taken))
    ws.write(0, 0, lab["self_title"], st.title)
    p = report.groups[0].precision if report.groups else 2
    ws.write(2, 0, lab["self_by_unit"], st.bold)
    heads = [lab["unit_id"], lab["unit"], lab["group"], lab["self_points"], lab["appraised"],
             lab["diff"], lab["adjusted"]]
    ws.write_row(3, 0, heads, st.head)
    row = 4
    for r in report.self_units:
        for j, key in enumerate(["unit_id", "name", "group", "self_points", "points", "diff",
                                 "adjusted"]):
            fmt = st.number(p) if key in ("self_points", "points", "diff") else st.text
            _cell(ws, row, j, r[key], fmt)
        row += 1
    row += 2
    ws.write(row, 0, lab["self_by_criterion"], st.bold)
    heads = [lab["unit_id"], lab["unit"], lab["criterion"], lab["title"], lab["self_value"],
             lab["value"], lab["self_points"], lab["appraised"], lab["diff"]]
    ws.write_row(row + 1, 0, heads, st.head)
    start = row + 1
    row += 2
    keys = ["unit_id", "name", "criterion_id", "title", "self_value", "value", "self_points",
            "points", "diff"]
    number = st.number(p)
    formats = [number if key in ("self_points", "points", "diff") else (
        st.wrap if key == "title" else st.text) for key in keys]
    _rows(ws, row, report.self_rows, keys, formats)
    row += len(report.self_rows)
    ws.autofilter(start, 0, max(row - 1, start), len(heads) - 1)
    for col, width in enumerate([12, 36, 12, 50, 20, 20, 12, 12, 14]):
        ws.set_column(col, col, width)
    ws.freeze_panes(4, 2)


def _details(book: Any, st: _Styles, report: Report, taken: set[str]) -> None:
    lab = report.labels
    ws = book.add_worksheet(sheet_name(lab["details"], taken))
    keys = ["unit_id", "name", "criterion_id", "title", "rule", "value", "self_value",
            "points", "max", "lost", "status", "evidence", "note"]
    heads = [lab["unit_id"], lab["unit"], lab["criterion"], lab["title"], lab["rule"],
             lab["value"], lab["self_value"], lab["points"], lab["max"], lab["lost"],
             lab["status"], lab["evidence"], lab["note"]]
    ws.write_row(0, 0, heads, st.head)
    p = report.groups[0].precision if report.groups else 2
    # A data sheet of units × leaves (1.7 million rows for every commune): no borders, and
    # blank cells are not written, so it costs what the bare table costs.
    number = st.plain_number(p)
    formats = [number if key in ("points", "max", "lost") else None for key in keys]
    _rows(ws, 1, report.details, keys, formats, lost=st.plain_number(p, "#FCE4D6"))
    ws.freeze_panes(1, 3)
    ws.autofilter(0, 0, max(len(report.details), 1), len(keys) - 1)
    ws.set_row(0, 32)
    for col, width in enumerate([12, 30, 10, 55, 10, 22, 22, 9, 9, 10, 13, 40, 25]):
        ws.set_column(col, col, width)


def _summary(book: Any, st: _Styles, report: Report, taken: set[str]) -> None:
    lab = report.labels
    ws = book.add_worksheet(sheet_name(lab["summary"], taken))
    ws.write(0, 0, lab["summary_title"], st.title)
    rows: list[tuple[str, Any]] = [(lab["version"], report.version),
                                   (lab["generated"], report.generated),
                                   (lab["warnings"], report.warnings)]
    row = 2
    for label, value in rows:
        ws.write_string(row, 0, label, st.bold)
        _cell(ws, row, 1, value, None)
        row += 1
    row += 1
    ws.write_row(row, 0, [lab["workbook"], lab["sha"]], st.head)
    for path, digest in report.inputs:
        row += 1
        ws.write_string(row, 0, path)
        ws.write_string(row, 1, digest)
    row += 2
    ws.write_row(row, 0, [lab["criteria"], lab["title"], "", lab["sha"]], st.head)
    for cid, title, source, digest in report.criteria:
        row += 1
        ws.write_row(row, 0, [cid, title, source, digest])
    row += 2
    heads = [lab["group"], lab["units"], lab["mean"], lab["min"], lab["max_index"]]
    ws.write_row(row, 0, heads, st.head)
    for group in report.groups:
        row += 1
        p = group.precision
        _cell(ws, row, 0, group.name or lab["none"], st.text)
        _cell(ws, row, 1, len(group.units), st.int)
        for j, value in enumerate([group.mean, group.lowest, group.highest], start=2):
            _cell(ws, row, j, value, st.number(p))
    row += 2
    ws.write(row, 0, lab["band_counts"], st.bold)
    for group in report.groups:
        row += 1
        _cell(ws, row, 0, group.name or lab["none"], st.text)
        for j, (label, count) in enumerate(group.bands, start=1):
            ws.write_string(row, 2 * j - 1, label, st.band(report.band_colours.get(label)))
            ws.write_number(row, 2 * j, count, st.int)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 66)
    ws.set_column(2, 12, 12)
