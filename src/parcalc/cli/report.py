"""``parcalc report``: the ranking workbook leadership reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from parcalc.cli.common import (
    CONTEXT,
    PathType,
    debug_option,
    lang_option,
    max_errors_option,
    score_inputs,
    scoring_options,
    workbooks_argument,
)
from parcalc.cli.output import Xlsx, emit


@click.command(context_settings=CONTEXT)
@workbooks_argument
@click.option("-o", "--output", "out", required=True, type=PathType(dir_okay=False),
              help="The report to write: .xlsx (the ranking workbook) or .docx (the ranking "
                   "annex of the decision, in Word).")
@click.option("--domains", is_flag=True,
              help="In a .docx annex, add each domain's component index to the tables "
                   "(printed landscape).")
@scoring_options
@lang_option
@max_errors_option
@debug_option
def report(workbooks: tuple[Path, ...], out: Path, domains: bool, **scoring: Any) -> None:
    """Write the ranking workbook for WORKBOOK...: rankings per group with bands,
    component indices and ranks, charts, self-assessed vs appraised points, details and a
    summary with file hashes (the same file as `parcalc score -o report.xlsx`), every sheet
    ready to print on A4. With -o NAME.docx, write the decision's annex instead: per group
    a table of every unit's points, index, rank and band, in Word.

    \b
    Example:
        parcalc report examples/2021.xlsx -o report-2021.xlsx
        parcalc report examples/2021.xlsx -o ranking-en.xlsx --lang en
        parcalc report examples/2021.xlsx -o ranking-2021.docx --domains
    """
    from parcalc.errors import Location, Problem, UsageError
    from parcalc.i18n import current, msg

    kind = out.suffix.lower()
    if kind not in (".xlsx", ".docx"):
        raise UsageError(Problem(msg("cli.report_suffix"), Location(str(out))))
    results = score_inputs(workbooks, out=out, **scoring)
    lang = current()
    count = msg("cli.count.units", n=len(results.units))
    if kind == ".docx":
        from parcalc.render.docx import write_docx

        emit(Xlsx(lambda path: write_docx(results, path, lang, domains), count), out)
        return
    from parcalc.render.excel import write_excel

    emit(Xlsx(lambda path: write_excel(results, path, lang), count), out)
