"""``parcalc compare``: index and rank change between two years."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from parcalc.cli.common import (
    CONTEXT,
    PathType,
    debug_option,
    jobs_option,
    lang_option,
    output_options,
    protect_inputs,
)
from parcalc.cli.output import Output, Tables, Text, Xlsx, emit, output_format

if TYPE_CHECKING:
    from parcalc.compare import Comparison

FORMATS = ("table", "json")
SUFFIXES = {".xlsx": "xlsx", ".json": "json"}


@click.command(context_settings=CONTEXT)
@click.argument("old", type=PathType(exists=True))
@click.argument("new", type=PathType(exists=True))
@click.option("-c", "--criteria", metavar="FILE_OR_ID",
              help="Criteria file or shipped set id for both workbooks; wins over their "
                   "settings sheets (JSON results need none).")
@output_options(FORMATS, "Write to this file: .xlsx (a comparison workbook) or .json.")
@click.option("--sensitivity", "samples", type=click.IntRange(min=1), default=None,
              metavar="N",
              help="Mark a rank change that stays inside both years' rank intervals (N "
                   "sensitivity samples of each workbook) as not significant.")
@jobs_option
@lang_option
@debug_option
def compare(old: Path, new: Path, criteria: str | None, fmt: str | None, out: Path | None,
            width: int | None, samples: int | None, jobs: int | None) -> None:
    """Compare two years: OLD and NEW are workbooks (or folders) or JSON results.

    Shows each unit's index and rank change (per group) and its component index change per
    domain, the units that entered or left, the biggest gains and falls. Units are matched
    by unit id ignoring case; domains by id, on the ids both years have — the rest is listed
    as not comparable. JSON results are what 'parcalc score -f json' writes.

    \b
    Example:
        parcalc compare 2020.json examples/2021.xlsx
        parcalc compare examples/2020.xlsx examples/2021.xlsx -o compare.xlsx
        parcalc compare old.xlsx new.xlsx -c hanoi-departments --format json
        parcalc compare examples/2020.xlsx examples/2021.xlsx --sensitivity 1000
    """
    kind = output_format(fmt, out, SUFFIXES)
    protect_inputs(out, [old, new, *([Path(criteria)] if criteria else [])])
    from parcalc.compare import compare as compare_sides
    from parcalc.compare import load_side

    sides = [load_side(old, criteria, samples=samples, jobs=jobs),
             load_side(new, criteria, samples=samples, jobs=jobs)]
    for side in sides:
        if side.kind == "workbook":
            for warning in side.warnings:
                click.echo(warning, err=True)
    if samples is not None and any(side.kind == "json" for side in sides):
        from parcalc.errors import Problem
        from parcalc.i18n import msg

        click.echo(str(Problem(msg("compare.sensitivity_json"), severity="warning")), err=True)
    if criteria is not None and all(side.kind == "json" for side in sides):
        from parcalc.errors import Problem
        from parcalc.i18n import msg

        click.echo(str(Problem(msg("compare.criteria_ignored"), severity="warning")), err=True)
    emit(_output(kind, compare_sides(*sides), width), out)


def _output(kind: str, comparison: Comparison, width: int | None) -> Output:
    """The comparison as ``kind`` (its renderer is imported only when chosen)."""
    from parcalc.i18n import msg

    count = msg("compare.summary", n=len(comparison.units))
    if kind == "xlsx":
        from parcalc.render.compare import write_excel

        return Xlsx(lambda path: write_excel(comparison, path), count)
    if kind == "json":
        from parcalc.render.compare import to_json

        return Text(lambda: to_json(comparison), count)
    from parcalc.render.compare import render_tables

    return Tables(lambda c: render_tables(comparison, c), width, count)
