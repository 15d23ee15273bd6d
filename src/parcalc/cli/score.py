"""``parcalc score``: score a workbook and print or write the results."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from parcalc.cli.common import (
    CONTEXT,
    debug_option,
    lang_option,
    max_errors_option,
    output_options,
    protect_inputs,
    score_inputs,
    scoring_options,
    workbooks_argument,
)
from parcalc.cli.output import Output, Tables, Text, Xlsx, emit, output_format
from parcalc.errors import Location, Problem, UsageError
from parcalc.i18n import current, msg

if TYPE_CHECKING:
    from parcalc.results import Results

FORMATS = ("table", "json", "csv")
SUFFIXES = {".xlsx": "xlsx", ".json": "json", ".csv": "csv"}


@click.command(context_settings=CONTEXT)
@workbooks_argument
@output_options(FORMATS, "Write to this file: .xlsx (ranking workbook), .json or .csv.")
@click.option("--sep", type=click.Choice([",", ";", "tab"]), default=",", show_default=True,
              help="CSV field separator (';' as Vietnamese Excel expects).")
@click.option("--decimal", type=click.Choice([".", ","]), default=".", show_default=True,
              help="CSV decimal mark (',' as Vietnamese Excel expects).")
@click.option("--into-workbook", "into", is_flag=True,
              help="Add result sheets to a copy of the input workbook (NAME-parcalc.xlsx, or -o).")
@click.option("--in-place", is_flag=True, help="With --into-workbook: change the input itself.")
@click.option("--force", is_flag=True,
              help="With --into-workbook: replace an existing NAME-parcalc.xlsx, and write "
                   "even if the workbook has parts openpyxl drops.")
@scoring_options
@lang_option
@max_errors_option
@debug_option
def score(workbooks: tuple[Path, ...], fmt: str | None, out: Path | None, width: int | None,
          sep: str, decimal: str, into: bool, in_place: bool, force: bool,
          **scoring: Any) -> None:
    """Score WORKBOOK...: points, component indices, PAR index, rank and band of each unit.

    Several workbooks (or a folder of them, one per inspection team) are scored together.
    Scores may be a long 'scores' sheet, a matrix (criteria × units) or a sheet per unit
    (the inspection form). The criteria come from --criteria, else from the settings sheet
    (criteria, criteria:<group>). Warnings go to stderr.

    \b
    Example:
        parcalc score examples/2021.xlsx
        parcalc score examples/2021.xlsx --format json > results.json
        parcalc score examples/2021.xlsx -o ranking.xlsx
        parcalc score examples/2021.xlsx -o ranking.csv --sep ';' --decimal ','
        parcalc score inspections/2021/ -c hanoi-departments -v
        parcalc score 2021.xlsx --into-workbook
    """
    if into or in_place:
        _into(workbooks, out, in_place, force, scoring)
        return
    kind = output_format(fmt, out, SUFFIXES)
    results = score_inputs(workbooks, out=out, **scoring)
    emit(_output(kind, results, width, CsvStyle("\t" if sep == "tab" else sep, decimal)), out)


@dataclass(frozen=True)
class CsvStyle:
    sep: str = ","
    decimal: str = "."


def _output(kind: str, results: Results, width: int | None, csv: CsvStyle) -> Output:
    """The results as ``kind`` (its renderer is imported only when chosen)."""
    units = msg("cli.count.units", n=len(results.units))
    if kind == "table":
        from parcalc.render.table import render_tables

        return Tables(lambda c: render_tables(results, c), width)  # "wrote FILE": no count
    if kind == "xlsx":
        from parcalc.render.excel import write_excel

        return Xlsx(lambda path: write_excel(results, path, current()), units)
    if kind == "json":
        from parcalc.render.jsonout import to_json

        return Text(lambda: to_json(results), units)
    from parcalc.render.csvout import BOM, to_csv

    return Text(lambda: to_csv(results, sep=csv.sep, decimal=csv.decimal), units, BOM)


def _into(workbooks: tuple[Path, ...], out: Path | None, in_place: bool, force: bool,
          scoring: dict[str, Any]) -> None:
    """--into-workbook: result sheets in a copy (or, with --in-place, the file itself)."""
    from parcalc.atomic import refuse_to_replace
    from parcalc.into import write_into

    if len(workbooks) != 1 or workbooks[0].is_dir():
        raise UsageError(msg("cli.into_one_workbook"))
    source = workbooks[0]
    if in_place and out is not None:
        raise UsageError(msg("cli.in_place_and_output"))
    target = source if in_place else (out or source.with_name(
        f"{source.stem}-parcalc{source.suffix}"))
    if not in_place and target.resolve() == source.resolve():
        raise UsageError(Problem(msg("cli.into_is_input"), Location(str(target))))
    protect_inputs(target if not in_place else None,
                   [Path(scoring["criteria"])] if scoring.get("criteria") else [])
    if target.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UsageError(Problem(msg("cli.into_suffix"), Location(str(target))))
    if not in_place and out is None:  # a name parcalc chose: never replaced unless --force
        refuse_to_replace(target, force)
    results = score_inputs(workbooks, **scoring)
    emit(Xlsx(lambda path: write_into(results, source, path, lang=current(), force=force),
              msg("cli.sheets_added")), target)
