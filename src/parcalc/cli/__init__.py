"""The ``parcalc`` command: parses options, calls the library, renders, sets the exit code.

Exit codes: 0 ok; 1 bad input (criteria or workbook content, a file that is not a
workbook); 2 usage (missing file, unknown shipped id, bad options); 3 internal error (a bug:
rerun with --debug and report it).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from parcalc import __version__
from parcalc.cli.common import CONTEXT, ParcalcGroup


@click.group(cls=ParcalcGroup, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="parcalc")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Calculate the PAR Index (Chỉ số CCHC): points, component indices, ranks and bands.

    \b
    Example:
        parcalc score examples/2021.xlsx
        parcalc check criteria/*.yaml
    """
    if debug:
        ctx.meta["parcalc.debug"] = True


def _register() -> None:
    from parcalc.cli.check import check, schema
    from parcalc.cli.compare import compare
    from parcalc.cli.explain import explain
    from parcalc.cli.export import export
    from parcalc.cli.report import report
    from parcalc.cli.score import score
    from parcalc.cli.template import template

    for command in (score, report, check, schema, template, compare, explain, export):
        cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    return cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="parcalc")
