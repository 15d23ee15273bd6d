"""``parcalc template``: a blank inspection workbook made from a criteria set."""

from __future__ import annotations

import os
from pathlib import Path

import click

from parcalc.cli.common import CONTEXT, debug_option, lang_option, protect_inputs


@click.command(context_settings=CONTEXT)
@click.argument("criteria", metavar="CRITERIA")
@click.option("-o", "--output", "out", required=True,
              type=click.Path(dir_okay=False, path_type=Path), help="The .xlsx to write.")
@click.option("--units", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Units to list: a .csv or workbook with unit_id, name, group columns.")
@click.option("--layout", type=click.Choice(["long", "per-unit"]), default="long",
              show_default=True, help="One scores sheet, or a form sheet per unit.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
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
    from parcalc.criteria.shipped import resolve_criteria
    from parcalc.errors import UsageError
    from parcalc.template import read_units, write_template

    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"{out}: a template is an .xlsx file")
    if out.exists() and not force:
        raise UsageError(f"{out}: exists; pass --force to overwrite it")
    protect_inputs(out, [units] if units else [])
    criteria_set = resolve_criteria(criteria)
    ref = criteria
    if Path(criteria).is_file():
        ref = os.path.relpath(Path(criteria).resolve(), out.resolve().parent)
    unit_list = read_units(units) if units is not None else None
    write_template(criteria_set, out, unit_list, layout, ref)
    count = len(unit_list) if unit_list else 0
    click.echo(f"wrote {out} ({layout}, {count} units, {len(criteria_set.leaves())} criteria)",
               err=True)
