"""``parcalc template``: a blank inspection workbook made from a criteria set."""

from __future__ import annotations

import os
from pathlib import Path

import click

from parcalc.cli.common import CONTEXT, PathType, debug_option, lang_option, protect_inputs


@click.command(context_settings=CONTEXT)
@click.argument("criteria", metavar="CRITERIA")
@click.option("-o", "--output", "out", required=True,
              type=PathType(dir_okay=False), help="The .xlsx to write.")
@click.option("--units", type=PathType(exists=True, dir_okay=False),
              help="Units to list: a .csv or workbook with unit_id, name, group columns.")
@click.option("--layout", type=click.Choice(["long", "per-unit"]), default="long",
              show_default=True, help="One scores sheet, or a form sheet per unit.")
# --force is accepted and ignored: like every -o, OUTPUT is replaced (atomically).
@click.option("--force", is_flag=True,
              help="No longer needed: -o always replaces OUTPUT (kept for old scripts).")
@lang_option
@debug_option
def template(criteria: str, out: Path, units: Path | None, layout: str, force: bool) -> None:
    """Write a blank workbook to fill for CRITERIA (a file or a shipped set id).

    Drop-downs for yes/no and choices, number ranges for points, the rule in words on each
    value cell; a settings sheet naming the criteria, so the filled file scores as is.

    \b
    Example:
        parcalc template hanoi-departments --units departments.csv -o 2022.xlsx
        parcalc template criteria/province-2017.yaml --layout per-unit -o forms.xlsx
    """
    from parcalc.cli.output import wrote
    from parcalc.criteria.shipped import resolve_criteria
    from parcalc.errors import Location, Problem, UsageError
    from parcalc.i18n import msg
    from parcalc.template import read_units, write_template

    if out.suffix.lower() != ".xlsx":
        raise UsageError(Problem(msg("cli.template_suffix"), Location(str(out))))
    protect_inputs(out, [units] if units else [])
    criteria_set = resolve_criteria(criteria)
    ref = criteria
    if Path(criteria).is_file():
        ref = os.path.relpath(Path(criteria).resolve(), out.resolve().parent)
    unit_list = read_units(units) if units is not None else None
    write_template(criteria_set, out, unit_list, layout, ref)
    count = len(unit_list) if unit_list else 0
    click.echo(wrote(out, msg("template.summary", layout=layout,
                              units=msg("cli.count.units", n=count),
                              criteria=msg("template.count.criteria",
                                           n=len(criteria_set.leaves())))), err=True)
