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

#: name → (module, function, the line ``parcalc --help`` shows). Commands are imported only
#: when run, so that ``parcalc --help`` and ``--version`` load click and nothing else.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "score": ("parcalc.cli.score", "score",
              "Score workbooks: points, indices, PAR index, rank and band."),
    "report": ("parcalc.cli.report", "report",
               "Write the ranking workbook (rankings, charts, details, summary)."),
    "check": ("parcalc.cli.check", "check",
              "Check criteria files: schema, keys, ids, max sums, rules."),
    "schema": ("parcalc.cli.check", "schema",
               "Print the JSON Schema of criteria files (format 1)."),
    "template": ("parcalc.cli.template", "template",
                 "Write a blank workbook to fill for a criteria set."),
    "compare": ("parcalc.cli.compare", "compare",
                "Compare two years: workbooks, folders or JSON results."),
    "explain": ("parcalc.cli.explain", "explain",
                "Explain one unit's score: points lost, what it needs to climb."),
    "export": ("parcalc.cli.export", "export",
               "Write one ranking report per workbook into a folder."),
}


class _LazyGroup(ParcalcGroup):
    """Subcommands imported on first use; the command list comes from :data:`COMMANDS`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lazy: dict[str, str] = {}

    def add_lazy(self, name: str, module: str) -> None:
        self._lazy[name] = module

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self._lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self._lazy:
            import importlib

            command = getattr(importlib.import_module(self._lazy[cmd_name]),
                              COMMANDS[cmd_name][1])
            command.short_help = COMMANDS[cmd_name][2]
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2] if name in COMMANDS else
                 (self.commands[name].get_short_help_str() if name in self.commands else ""))
                for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=_LazyGroup, context_settings=CONTEXT)
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
    for name, (module, _attr, _short) in COMMANDS.items():
        cli.add_lazy(name, module)


_register()


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    return cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="parcalc")
