"""``parcalc export``: a ranking report for each of many workbooks."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from parcalc.cli.common import (
    CONTEXT,
    PathType,
    debug_option,
    echo_problems,
    jobs_option,
    lang_option,
)
from parcalc.cli.output import wrote
from parcalc.i18n import Msg, msg
from parcalc.workbook.layouts import LAYOUTS

if TYPE_CHECKING:
    from parcalc.export import Outcome


@click.command(context_settings=CONTEXT)
@click.argument("workbooks", nargs=-1, required=True, metavar="WORKBOOK_OR_FOLDER...",
                type=PathType(exists=True))
@click.option("--out-dir", required=True, type=PathType(file_okay=False),
              help="Folder for the reports (made if missing).")
@click.option("-c", "--criteria", metavar="FILE_OR_ID",
              help="Criteria for every workbook; default: each workbook's settings sheet.")
@click.option("--force", is_flag=True,
              help="Replace reports that exist (without it, none is written if one exists).")
@click.option("--strict", is_flag=True, help="Blank or missing values are errors.")
@click.option("--layout", type=click.Choice(LAYOUTS), help="Force the scores layout.")
@jobs_option
@lang_option
@debug_option
def export(workbooks: tuple[Path, ...], out_dir: Path, criteria: str | None,
           force: bool, strict: bool, layout: str | None, jobs: int | None) -> None:
    """Write one ranking report per workbook into --out-dir (a folder means each workbook
    in it), as NAME-report.xlsx. A bad workbook is reported at the end (exit 1) and the
    others are still written. A report that exists is never replaced without --force:
    without it, nothing is written (exit 2).

    \b
    Example:
        parcalc export examples/ --out-dir rankings/
        parcalc export 2019.xlsx 2020.xlsx 2021.xlsx --out-dir rankings/ --force
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from parcalc.export import export_inputs, export_reports
    from parcalc.i18n import current, text

    sources = export_inputs(workbooks)
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=console, disable=not console.is_terminal, transient=True) as bar:
        task = bar.add_task(text("export.progress"), total=len(sources))
        outcomes = export_reports(
            sources, out_dir, criteria=criteria, lang=current(), force=force, strict=strict,
            layout=layout, jobs=jobs, step=lambda o: bar.update(task, advance=1,
                                                     description=o.source.name))
    for o in outcomes:
        if o.ok:
            click.echo(wrote(o.target, outcome_summary(o, criteria)), err=True)
    failed = [o for o in outcomes if not o.ok]
    for o in failed:
        click.echo(text("export.failed", path=str(o.source),
                        errors=msg("cli.count.errors", n=len(o.problems))), err=True)
        echo_problems(o.problems, limit=10)
    click.echo(text("export.written", n=len(outcomes) - len(failed), total=len(outcomes)),
               err=True)
    sys.exit(1 if failed else 0)


def outcome_summary(outcome: Outcome, criteria: str | None) -> Msg:
    """"52 units" or "52 units, 5 warnings: run `parcalc score FILE` to see them"."""
    units = msg("cli.count.units", n=outcome.units)
    if not outcome.warnings:
        return units
    command = ["parcalc", "score", str(outcome.source), *(["-c", criteria] if criteria else [])]
    return msg("export.summary_warned", units=units,
               warnings=msg("cli.count.warnings", n=outcome.warnings),
               command=shlex.join(command))
