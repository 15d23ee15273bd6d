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
@click.option("-o", "--output", "out", required=True,
              type=PathType(dir_okay=False), help="The .xlsx report to write.")
@scoring_options
@lang_option
@max_errors_option
@debug_option
def report(workbooks: tuple[Path, ...], out: Path, **scoring: Any) -> None:
    """Write the ranking workbook for WORKBOOK...: rankings per group with bands,
    component indices and ranks, charts, self-assessed vs appraised points, details and a
    summary with file hashes (the same file as `parcalc score -o report.xlsx`).

    \b
    Example:
        parcalc report examples/2021.xlsx -o report-2021.xlsx
        parcalc report examples/2021.xlsx -o ranking-en.xlsx --lang en
    """
    from parcalc.errors import Location, Problem, UsageError
    from parcalc.i18n import current, msg
    from parcalc.render.excel import write_excel

    if out.suffix.lower() != ".xlsx":
        raise UsageError(Problem(msg("cli.report_suffix"), Location(str(out))))
    results = score_inputs(workbooks, out=out, **scoring)
    lang = current()
    emit(Xlsx(lambda path: write_excel(results, path, lang),
              msg("cli.count.units", n=len(results.units))), out)
