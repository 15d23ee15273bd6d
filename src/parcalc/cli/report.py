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
    score_run_inputs,
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
@click.option("--sensitivity", "samples", type=click.IntRange(min=1), default=None,
              metavar="N",
              help="Add a sheet of how sure each rank is: N re-scorings with the survey "
                   "resampled and the domain maxima varied (see parcalc sensitivity).")
@scoring_options
@lang_option
@max_errors_option
@debug_option
def report(workbooks: tuple[Path, ...], out: Path, domains: bool, samples: int | None,
           **scoring: Any) -> None:
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
        parcalc report examples/2021.xlsx -o report-2021.xlsx --sensitivity 1000
    """
    from parcalc.errors import Location, Problem, UsageError
    from parcalc.i18n import current, msg

    kind = out.suffix.lower()
    if kind not in (".xlsx", ".docx"):
        raise UsageError(Problem(msg("cli.report_suffix"), Location(str(out))))
    if kind == ".docx" and samples is not None:
        raise UsageError(Problem(msg("cli.sensitivity_docx"), Location(str(out))))
    run = score_run_inputs(workbooks, out=out, **scoring)
    results = run.results
    lang = current()
    count = msg("cli.count.units", n=len(results.units))
    if kind == ".docx":
        from parcalc.render.docx import write_docx

        emit(Xlsx(lambda path: write_docx(results, path, lang, domains), count), out)
        return
    from parcalc.render.excel import write_excel

    found = None
    if samples is not None:
        from parcalc.sensitivity import Options, sensitivity

        found = sensitivity(run, Options(samples=samples))
    emit(Xlsx(lambda path: write_excel(results, path, lang, sensitivity=found), count), out)
