"""``parcalc export``: a ranking report for each of many workbooks."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from parcalc.cli.common import CONTEXT, debug_option, echo_problems, lang_option
from parcalc.workbook.layouts import LAYOUTS


@click.command(context_settings=CONTEXT)
@click.argument("workbooks", nargs=-1, required=True, metavar="WORKBOOK_OR_FOLDER...",
                type=click.Path(exists=True, path_type=Path))
@click.option("--out-dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the reports (made if missing).")
@click.option("-c", "--criteria", metavar="FILE_OR_ID",
              help="Criteria for every workbook; default: each workbook's settings sheet.")
@click.option("--force", is_flag=True, help="Overwrite reports that exist.")
@click.option("--strict", is_flag=True, help="Blank or missing values are errors.")
@click.option("--layout", type=click.Choice(LAYOUTS), help="Force the scores layout.")
@lang_option
@debug_option
def export(workbooks: tuple[Path, ...], out_dir: Path, criteria: str | None,
           force: bool, strict: bool, layout: str | None) -> None:
    """Write one ranking report per workbook into --out-dir (a folder means each workbook
    in it), as NAME-report.xlsx. A bad workbook is reported at the end (exit 1) and the
    others are still written; an existing report is kept unless --force.

    \b
    Example:
        parcalc export examples/ --out-dir rankings/
        parcalc export 2019.xlsx 2020.xlsx 2021.xlsx --out-dir rankings/ --force
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from parcalc.export import export_inputs, export_reports
    from parcalc.i18n import current

    sources = export_inputs(workbooks)
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=console, disable=not console.is_terminal, transient=True) as bar:
        task = bar.add_task("Xuất báo cáo / exporting", total=len(sources))
        outcomes = export_reports(
            sources, out_dir, criteria=criteria, lang=current(), force=force, strict=strict,
            layout=layout, step=lambda o: bar.update(task, advance=1,
                                                     description=o.source.name))
    failed = [o for o in outcomes if not o.ok]
    for o in outcomes:
        if o.ok:
            warned = f", {o.warnings} warnings (parcalc score shows them)" if o.warnings else ""
            click.echo(f"wrote {o.target} ({o.units} units{warned})", err=True)
    for o in failed:
        click.echo(f"failed: {o.source} ({len(o.problems)} error"
                   f"{'s' if len(o.problems) != 1 else ''}):", err=True)
        echo_problems(o.problems, limit=10)
    click.echo(f"{len(outcomes) - len(failed)} of {len(outcomes)} reports written", err=True)
    sys.exit(1 if failed else 0)
