"""The click group ``parcalc`` (see :mod:`parcalc.cli` for the entry point)."""

from __future__ import annotations

import click

from parcalc import __version__
from parcalc.cli.clicktext import install
from parcalc.cli.commands import COMMANDS, GROUP_HELP, PROG, command_rows
from parcalc.cli.common import CONTEXT, ParcalcGroup

install()  # click's usage errors in the language in use


class _LazyGroup(ParcalcGroup):
    """Subcommands imported on first use, from the table :data:`COMMANDS`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            import importlib

            module, function, short_help = COMMANDS[cmd_name]
            command = getattr(importlib.import_module(module), function)
            command.short_help = short_help
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):  # from the table: no command is imported
            formatter.write_dl(command_rows())


@click.group(cls=_LazyGroup, context_settings=CONTEXT, help=GROUP_HELP)
@click.version_option(__version__, "-V", "--version", prog_name=PROG)
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    if debug:
        ctx.meta["parcalc.debug"] = True
