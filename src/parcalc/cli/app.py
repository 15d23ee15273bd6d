"""The click group ``parcalc`` (see :mod:`parcalc.cli` for the entry point)."""

from __future__ import annotations

from typing import Any

import click

from parcalc import __version__
from parcalc.cli.commands import COMMANDS, GROUP_HELP, PROG
from parcalc.cli.common import CONTEXT, ParcalcGroup


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


@click.group(cls=_LazyGroup, context_settings=CONTEXT, help=GROUP_HELP)
@click.version_option(__version__, "-V", "--version", prog_name=PROG)
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    if debug:
        ctx.meta["parcalc.debug"] = True


def _register() -> None:
    for name, (module, _attr, _short) in COMMANDS.items():
        cli.add_lazy(name, module)


_register()
