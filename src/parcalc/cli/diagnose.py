"""``parcalc diagnose``: what a criteria set measures, from the units scored with it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from parcalc.cli.common import (
    CONTEXT,
    debug_option,
    echo_problems,
    lang_option,
    max_errors_option,
    output_options,
    protect_inputs,
    scoring_options,
    workbooks_argument,
)
from parcalc.cli.output import Output, Tables, Text, Xlsx, emit, output_format

if TYPE_CHECKING:
    from parcalc.diagnose import Diagnosis

FORMATS = ("table", "json")
SUFFIXES = {".xlsx": "xlsx", ".json": "json", ".txt": "table"}


@click.command(context_settings=CONTEXT)
@workbooks_argument
@output_options(FORMATS, "Write to this file: .xlsx (a workbook), .json or .txt.")
@scoring_options
@lang_option
@max_errors_option
@debug_option
def diagnose(workbooks: tuple[Path, ...], fmt: str | None, out: Path | None,
             width: int | None, **scoring: Any) -> None:
    """Diagnose the criteria sets used to score WORKBOOK...: which criteria separate units.

    Per criterion (leaf): the shares of units at max, at 0, not applicable and blank; the
    mean and spread of its share of max; its discrimination (correlation of that share with
    the unit's index without it) and how far ranks move without it; flags for criteria that
    do not discriminate, never apply, or go against the rest. Per domain: Cronbach's alpha
    and the correlations of component indices. Per unit: self-assessed minus appraised
    points. Warnings go to stderr.

    \b
    Example:
        parcalc diagnose examples/2021.xlsx
        parcalc diagnose examples/2021.xlsx --format json > diagnose.json
        parcalc diagnose examples/2021.xlsx -o diagnose.xlsx
    """
    from parcalc.diagnose import diagnose_file
    from parcalc.workbook import workbook_files

    kind = output_format(fmt, out, SUFFIXES)
    files = workbook_files(workbooks)
    criteria = scoring.get("criteria")
    protect_inputs(out, [*files, *([Path(criteria)] if criteria else [])])
    diagnosis = diagnose_file(files, criteria, strict=scoring["strict"],
                              layout=scoring["layout"], allow_outside=scoring["allow_outside"],
                              on_note=_note if scoring["verbose"] else None,
                              jobs=scoring["jobs"])
    echo_problems(diagnosis.results.warnings)
    emit(_output(kind, diagnosis, width), out)


def _note(note: str) -> None:
    click.echo(note, err=True)


def _output(kind: str, diagnosis: Diagnosis, width: int | None) -> Output:
    """The diagnosis as ``kind`` (its renderer is imported only when chosen)."""
    from parcalc.i18n import msg, text

    summary = text("diagnose.wrote", sets=msg("diagnose.sets_count", n=len(diagnosis.sets)),
                   leaves=msg("diagnose.leaves_count",
                              n=sum(len(s.criteria) for s in diagnosis.sets)))
    if kind == "xlsx":
        from parcalc.render.diagnose_xlsx import write_excel

        return Xlsx(lambda path: write_excel(diagnosis, path), summary)
    if kind == "json":
        from parcalc.render.diagnose import to_json

        return Text(lambda: to_json(diagnosis), summary)
    from parcalc.render.diagnose import render_tables

    return Tables(lambda c: render_tables(diagnosis, c), width, summary)
