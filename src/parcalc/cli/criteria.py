"""``parcalc criteria import`` (a decision's annex table → a criteria file) and
``parcalc criteria export`` (a criteria set → the annex table)."""

from __future__ import annotations

from pathlib import Path

import click

from parcalc.cli.common import (
    CONTEXT,
    ParcalcGroup,
    debug_option,
    echo_problems,
    lang_option,
    protect_inputs,
)


@click.group(cls=ParcalcGroup, context_settings=CONTEXT)
@lang_option
@debug_option
def criteria() -> None:
    """Criteria from where analysts have them: import the annex table of a decision (Phụ lục
    "Bộ chỉ số…", a Word or Excel table) as a criteria file, or export a criteria set as
    that table.

    \b
    Example:
        parcalc criteria import phu-luc.docx -o so-nganh-2025.yaml
        parcalc criteria export hanoi-departments -o phu-luc.xlsx
    """


def _slug(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    import re

    if value is not None and not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", value):
        from parcalc.i18n import text

        raise click.BadParameter(text("annex.bad_id", id=value))
    return value


@criteria.command("import", context_settings=CONTEXT,
                   short_help="Import an annex table (.docx, .xlsx, .csv) as a criteria file.")
@click.argument("table", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out", required=True,
              type=click.Path(dir_okay=False, path_type=Path), help="The .yaml file to write.")
@click.option("--id", "set_id", metavar="ID", callback=_slug,
              help="The set's id (default: the output file's name).")
@click.option("--title", metavar="TEXT",
              help="The set's title (default: the title row above the table).")
@click.option("--year", type=click.IntRange(1900, 2200),
              help="The set's year (default: a \"năm YYYY\" in the title rows).")
@click.option("--sheet", metavar="NAME",
              help="The sheet to read (a name, or N for the N-th sheet or Word table); "
                   "default: the first whose header matches.")
@click.option("--force", is_flag=True,
              help="Accepted for scripts; a file named with -o is always replaced.")
@click.option("-v", "--verbose", is_flag=True,
              help="Show each printed number and the id it became.")
@lang_option
@debug_option
def import_(table: Path, out: Path, set_id: str | None, title: str | None, year: int | None,
            sheet: str | None, force: bool, verbose: bool) -> None:
    """Import the annex table TABLE (.xlsx, .xlsm, .xls, .ods, .csv or .docx) as a checked
    criteria file: ids from the numbers (STT), titles, maxima, and each leaf's rule read
    from its scoring guide where the guide is unambiguous (else the appraiser enters the
    points). The summary and every doubt go to stderr.

    \b
    Example:
        parcalc criteria import phu-luc.docx -o so-nganh-2025.yaml
        parcalc criteria import bo-chi-so.xlsx --sheet "Phụ lục" --year 2025 -o cchc.yaml -v
    """
    from parcalc.annex import import_annex
    from parcalc.annex.summary import mapping_lines, summary_lines
    from parcalc.atomic import write_text
    from parcalc.i18n import text

    protect_inputs(out, [table])
    imported = import_annex(table, sheet=sheet, set_id=set_id, title=title, year=year,
                            name=str(out))
    if verbose:
        for line in mapping_lines(imported):
            click.echo(line, err=True)
    for line in summary_lines(imported):
        click.echo(line, err=True)
    echo_problems(imported.warnings)
    write_text(out, imported.yaml)
    click.echo(text("annex.wrote_yaml", path=str(out)), err=True)


@criteria.command("export", context_settings=CONTEXT,
                   short_help="Write a criteria set as the annex table of a decision.")
@click.argument("source", metavar="FILE_OR_ID")
@click.option("-o", "--output", "out", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="The table to write: .xlsx, .docx, .md or .csv.")
@click.option("--force", is_flag=True,
              help="Accepted for scripts; a file named with -o is always replaced.")
@lang_option
@debug_option
def export(source: str, out: Path, force: bool) -> None:
    """Write the criteria set FILE_OR_ID (a file or a shipped set id) as the annex table of
    a decision: columns STT, Tiêu chí, Điểm tối đa, Hướng dẫn chấm điểm; domain rows bold;
    each leaf's guide, or its rule in words that `parcalc criteria import` reads back as
    the same rule. --lang en writes English headers and words.

    \b
    Example:
        parcalc criteria export hanoi-departments -o phu-luc.docx
        parcalc criteria export criteria/province-2017.yaml --lang en -o annex.xlsx
    """
    from parcalc.annex.export import FORMATS, export_annex
    from parcalc.criteria.shipped import resolve_criteria
    from parcalc.errors import UsageError
    from parcalc.i18n import msg, text

    if out.suffix.lower() not in FORMATS:
        raise UsageError(msg("annex.export_format", path=str(out),
                             formats=", ".join(FORMATS)))
    protect_inputs(out, [Path(source)])
    criteria_set = resolve_criteria(source)
    export_annex(criteria_set, out)
    click.echo(text("annex.wrote_table", path=str(out),
                    n=sum(1 for _ in criteria_set.walk())), err=True)
