"""What every command shares: error reporting, exit codes, the --debug option, consoles."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

from parcalc.errors import EXIT_USAGE, ParcalcError, Problem

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
EXIT_INTERNAL = 3
F = TypeVar("F", bound=Callable[..., Any])


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta["parcalc.debug"] = True
    return value


def debug_option(func: F) -> F:
    """``--debug`` on a command as well as on ``parcalc`` itself."""
    return click.option("--debug", is_flag=True, expose_value=False, callback=_set_debug,
                        is_eager=True, help="Show tracebacks for errors.")(func)


def echo_problems(problems: Iterable[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


class ParcalcGroup(click.Group):
    """Turns :class:`ParcalcError` into lines on stderr and its exit code; hides tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ParcalcError as exc:
            if ctx.meta.get("parcalc.debug"):
                raise
            echo_problems(exc.problems)
            errors = sum(1 for p in exc.problems if p.severity == "error")
            if errors > 1:
                click.echo(f"{errors} errors; nothing was scored or written", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:
            if ctx.meta.get("parcalc.debug"):
                raise
            click.echo(f"internal error: {type(exc).__name__}: {exc}; rerun with --debug and "
                       "report it with the traceback", err=True)
            ctx.exit(EXIT_INTERNAL)


def usage_fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(EXIT_USAGE)
