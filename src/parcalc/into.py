"""Write results into a copy of the analyst's own workbook (opt-in), with openpyxl.

openpyxl rewrites the whole file on save and drops what it does not model. Before writing,
:func:`lost_features` looks inside the .xlsx for those parts and names them; the caller
refuses unless forced. The input is never touched unless ``in_place``; every write goes to
a temporary file that is renamed over the target.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from parcalc.atomic import write_with
from parcalc.errors import Location, Problem, UsageError, WorkbookError
from parcalc.report import LABELS
from parcalc.results import Results

RESULT_SHEETS = {"vi": ("Kết quả CCHC", "Kết quả chi tiết"),
                 "en": ("PAR results", "PAR details")}

_CHECKS: list[tuple[str, re.Pattern[bytes], str]] = [
    ("xl/worksheets/", re.compile(rb"<f[ >]"),
     "formulas (openpyxl keeps them but drops their saved results: readers that do not "
     "recalculate, parcalc included, then see blanks until the file is opened and saved)"),
    ("xl/worksheets/", re.compile(rb"sparklineGroup"), "sparklines"),
    ("xl/worksheets/", re.compile(rb"x14:conditionalFormatting"),
     "conditional formats of newer Excel versions (data bars, icon sets with custom rules)"),
    ("xl/worksheets/", re.compile(rb"x14:dataValidation"),
     "data validations that refer to other sheets"),
    ("xl/drawings/", re.compile(rb"<xdr:sp[ >]"), "text boxes and shapes"),
    ("xl/charts/", re.compile(rb"<c:chart[ >]"), "charts"),
    ("xl/slicers/", re.compile(rb"."), "slicers"),
    ("xl/timelines/", re.compile(rb"."), "timelines"),
]


def lost_features(path: Path) -> list[str]:
    """What an openpyxl save of ``path`` would lose, in words; empty when nothing."""
    found: list[str] = []
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        for prefix, pattern, words in _CHECKS:
            parts = [n for n in names if n.startswith(prefix) and n.endswith(".xml")]
            if words not in found and any(pattern.search(archive.read(n)) for n in parts):
                found.append(words)
    return found


def write_into(results: Results, source: Path, target: Path, *, lang: str = "vi",
               force: bool = False) -> None:
    """Add result sheets to a copy of ``source`` saved as ``target`` (may be ``source``)."""
    if source.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UsageError(f"{source}: --into-workbook needs an .xlsx or .xlsm workbook; write a "
                         "separate report with -o report.xlsx instead")
    lost = lost_features(source)
    if lost and not force:
        raise WorkbookError(Problem(
            "writing into this workbook would lose: " + "; ".join(lost) + ". Write a "
            "separate report with -o report.xlsx, or pass --force to accept the loss",
            Location(str(source))))
    write_with(target, lambda tmp: _save(results, source, tmp, lang))


def _save(results: Results, source: Path, path: Path, lang: str) -> None:
    import openpyxl

    book = openpyxl.load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm",
                                  keep_links=True, rich_text=True)
    for title in RESULT_SHEETS[lang]:
        if title in book.sheetnames:
            del book[title]
    _units_sheet(book.create_sheet(RESULT_SHEETS[lang][0]), results, LABELS[lang])
    _details_sheet(book.create_sheet(RESULT_SHEETS[lang][1]), results, LABELS[lang])
    book.save(path)


def _row(ws: Any, row: int, values: list[Any]) -> None:
    """Write row ``row``; text is stored as text, never as a formula."""
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        if isinstance(value, str):
            cell.data_type = "s"


def _units_sheet(ws: Any, results: Results, lab: dict[str, str]) -> None:
    from openpyxl.styles import Font

    domains = [d.id for d in results.domain_list()]
    headers = [lab["group"], lab["rank"], lab["unit_id"], lab["unit"], lab["points"],
               lab["max"], lab["index"], lab["band"], lab["self_points"],
               *[f"{lab['domain']} {d} (%)" for d in domains]]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row, r in enumerate(results.unit_records(), start=2):
        doms = {d["id"]: d["index"] for d in r["domains"]}
        values = [r["group"], r["rank"], r["unit_id"], r["name"], r["points"], r["max"],
                  r["index"], r["band"], r["self_points"], *(doms.get(d) for d in domains)]
        _row(ws, row, values)
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCD", (18, 7, 12, 40), strict=True):
        ws.column_dimensions[letter].width = width


def _details_sheet(ws: Any, results: Results, lab: dict[str, str]) -> None:
    from openpyxl.styles import Font

    keys = ["unit_id", "criterion_id", "title", "rule", "value", "self_value", "points",
            "max", "status"]
    ws.append([lab[k] for k in ["unit_id", "criterion", "title", "rule", "value", "self_value",
                                "points", "max", "status"]])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(results.details[keys].itertuples(index=False), start=2):
        values = [None if v is None or (isinstance(v, float) and v != v) else v for v in row]
        _row(ws, number, values)
    ws.freeze_panes = "C2"
