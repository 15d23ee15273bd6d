"""The ranking workbook that leadership reads, written with xlsxwriter from a :class:`Report`.

One module per kind of sheet, written in the order of :data:`SHEETS`: a ranking per group
(bands coloured, frozen header, autofilter, printable on A4 landscape), component indices
with a colour scale and component ranks (and each group's mean), native charts, self-assessed
vs appraised points, the unit × criterion details, and a summary that says how to reproduce
the result. A sheet records where it wrote its tables (:class:`~parcalc.render.excel.book.Block`
in ``Writer.places``) for the sheets after it (the charts). The file is written to a
temporary name and renamed (:mod:`parcalc.atomic`).

To add a sheet: a module with ``write(w: Writer) -> None``, its place in :data:`SHEETS`, its
labels in the catalogue (``[report]`` in ``parcalc/i18n/*.toml``), and a test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from parcalc.atomic import write_with
from parcalc.render.excel import charts, components, details, ranking, selfcheck, summary
from parcalc.render.excel.book import Styles, Writer, sheet_name
from parcalc.report import Report, build_report
from parcalc.results import Results

#: The sheets of the report, in order; each writes one kind of sheet (or one per group).
SHEETS: list[Callable[[Writer], None]] = [
    ranking.write, components.write, charts.write, selfcheck.write, details.write,
    summary.write,
]


def write_excel(results: Results, target: str | Path, lang: str = "vi",
                generated: datetime | None = None) -> None:
    """The ranking workbook of ``results`` in ``lang``, written whole or not at all."""
    report = build_report(results, lang, generated)
    write_with(target, lambda tmp: _write(report, tmp))


def _write(report: Report, path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "in_memory": True,
                                           "strings_to_urls": False,
                                           "nan_inf_to_errors": True})
    book.set_properties({"title": report.labels["ranking_title"], "comments":
                         f"parcalc {report.version}"})
    writer = Writer(book, Styles(book), report)
    for sheet in SHEETS:
        sheet(writer)
    book.close()


__all__ = ["SHEETS", "sheet_name", "write_excel"]
