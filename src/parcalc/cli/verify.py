"""``parcalc verify``: does a published results table add up?"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from parcalc.cli.common import CONTEXT, debug_option, lang_option, max_errors_option
from parcalc.cli.output import Output, Tables, Text, emit

if TYPE_CHECKING:
    from parcalc.verify import Verification


@click.command(context_settings=CONTEXT)
@click.argument("table", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-c", "--criteria", metavar="FILE_OR_ID",
              help="Criteria file or shipped set id: the parts are its domains, with their "
                   "maxima, and bands are checked.")
@click.option("--tolerance", type=click.FloatRange(min=0), default=0.0, show_default=True,
              help="Points allowed on top of the rounding of the numbers involved.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")
@click.option("--sheet", metavar="NAME",
              help="The sheet to check (default: the first with a header naming a total).")
@click.option("--width", type=int, default=None, help="Table width in characters.")
@lang_option
@max_errors_option
@debug_option
def verify(table: Path, criteria: str | None, tolerance: float, fmt: str, sheet: str | None,
           width: int | None) -> None:
    """Check that a results TABLE (.xlsx, .xlsm, .xls, .ods or .csv) adds up.

    Finds the header row (title rows above it are fine) and the unit, group (Khối), part,
    total (Tổng điểm), max, index (Chỉ số), rank (Xếp hạng) and band (Xếp loại) columns,
    then checks every row: total = sum of the parts (+ bonus - penalty), each part within
    its max, index = total / max x 100, rank within the group (ties share), band. A
    difference within the rounding of the numbers involved is a rounding note; a larger
    one an error, with its cell, expected and found. Exit 1 when there is an error.

    \b
    Example:
        parcalc verify ranking.xlsx
        parcalc verify ranking.csv -c hanoi-departments
        parcalc verify published.xlsx -c province-2017 --tolerance 0.01 -f json
    """
    from parcalc.verify import verify_file

    result = verify_file(table, criteria, tolerance=str(tolerance), sheet=sheet)
    emit(_output(fmt, result, width), None)
    if result.errors:
        raise click.exceptions.Exit(1)


def _output(kind: str, result: Verification, width: int | None) -> Output:
    if kind == "json":
        from parcalc.render.verify import to_json

        return Text(lambda: to_json(result))
    from parcalc.render.verify import render_tables

    return Tables(lambda c: render_tables(result, c), width, default_width=120)
