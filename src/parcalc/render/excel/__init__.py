"""The ranking workbook that leadership reads, written with xlsxwriter from a :class:`Report`.

One module per kind of sheet, written in the order of :data:`SHEETS`: a ranking per group
(bands coloured, frozen header, autofilter, one A4 portrait page), component indices with a
colour scale and component ranks (and each group's mean), native charts, self-assessed vs
appraised points, the unit × criterion details, and a summary that says how to reproduce
the result. Every sheet prints on A4 (:mod:`parcalc.render.page`): its orientation, a scale
never below 70 % (a wider table is cut into page-width blocks), its header rows repeated,
the organisation in the page header, the title with the year and "Trang X/Y" in the footer;
row heights are computed for wrapped text (:mod:`parcalc.render.textfit`). A sheet records
where it wrote its tables (:class:`~parcalc.render.excel.book.Block` in ``Writer.places``)
for the sheets after it (the charts). The file is written to a
temporary name and renamed (:mod:`parcalc.atomic`).

To add a sheet: a module with ``write(w: Writer) -> None``, its place in :data:`SHEETS`, its
labels in the catalogue (``[report]`` in ``parcalc/i18n/*.toml``), and a test.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from parcalc.atomic import write_with
from parcalc.render.excel import (
    charts,
    components,
    confidence,
    details,
    ranking,
    selfcheck,
    summary,
)
from parcalc.render.excel.book import REPORT_OPTIONS, Styles, Writer, sheet_name
from parcalc.report import Report, build_report
from parcalc.results import Results

if TYPE_CHECKING:
    from parcalc.sensitivity import Sensitivity

#: The sheets of the report, in order; each writes one kind of sheet (or one per group).
SHEETS: list[Callable[[Writer], None]] = [
    ranking.write, components.write, charts.write, confidence.write, selfcheck.write,
    details.write, summary.write,
]
#: The leadership part (what is printed for the decision), and the appendix. The rank
#: confidence sheet is written only when the report has a sensitivity analysis.
LEADERSHIP = (ranking.write, components.write, charts.write, confidence.write, summary.write)
APPENDIX = (selfcheck.write, details.write)


def write_excel(results: Results, target: str | Path, lang: str = "vi",
                generated: datetime | None = None,
                only: Sequence[Callable[[Writer], None]] | None = None,
                sensitivity: Sensitivity | None = None) -> None:
    """The ranking workbook of ``results`` in ``lang``, written whole or not at all; with
    ``only``, just those of :data:`SHEETS` (e.g. :data:`LEADERSHIP`; the charts need the
    ranking and components sheets); with ``sensitivity`` (of the same results), a sheet of
    how sure each rank is."""
    report = build_report(results, lang, generated, sensitivity)
    sheets = [s for s in SHEETS if only is None or s in only]
    write_with(target, lambda tmp: _write(report, tmp, sheets))


def _write(report: Report, path: Path, sheets: list[Callable[[Writer], None]]) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), REPORT_OPTIONS)
    book.set_properties({"title": report.footer, "comments": f"parcalc {report.version}",
                         **({"company": report.meta.organisation}
                            if report.meta.organisation else {})})
    writer = Writer(book, Styles(book), report)
    for sheet in sheets:
        sheet(writer)
    book.close()


__all__ = ["APPENDIX", "LEADERSHIP", "SHEETS", "sheet_name", "write_excel"]
