"""What every command shares: error reporting, exit codes, the shared options, scoring."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from parcalc.errors import Location, ParcalcError, Problem, UsageError
from parcalc.i18n import msg, text

if TYPE_CHECKING:
    from parcalc.engine import Scoring
    from parcalc.results import Results

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


def _set_lang(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        from parcalc.i18n import use

        use(value)
    return value


def lang_option(func: F) -> F:
    """``--lang vi|en``: the language of every label, title, error and warning (default:
    ``$PARCALC_LANG``, else vi). Read before the other options (see :func:`parcalc.cli.main`),
    so that their errors are in it too."""
    return click.option("--lang", type=click.Choice(["vi", "en"]), default=None,
                        expose_value=False, is_eager=True, callback=_set_lang,
                        help="Language of labels, titles, errors and warnings: vi or en "
                             "(default: $PARCALC_LANG, else vi).")(func)


DEFAULT_MAX_ERRORS = 50


def echo_problems(problems: Iterable[Problem], limit: int = 0) -> None:
    """One line per problem on stderr; past ``limit`` (0: no limit) a count of the rest."""
    problems = list(problems)
    shown = problems if limit <= 0 else problems[:limit]
    for problem in shown:
        click.echo(str(problem), err=True)
    if len(problems) > len(shown):
        click.echo(text("cli.more_errors", n=len(problems) - len(shown)), err=True)


def summary(problems: list[Problem]) -> str:
    """"12 errors (scores: 10, survey: 2)" for the last line of a failed run."""
    errors = [p for p in problems if p.severity == "error"]
    by_sheet: dict[str, int] = {}
    for p in errors:
        where = (p.location.sheet if p.location and p.location.sheet else
                 text("cli.summary_file"))
        by_sheet[where] = by_sheet.get(where, 0) + 1
    parts = ", ".join(f"{k}: {v}" for k, v in by_sheet.items())
    return text("cli.summary", n=len(errors), sheets=parts)


def _set_max_errors(ctx: click.Context, _param: click.Parameter, value: int) -> int:
    ctx.meta["parcalc.max_errors"] = value
    return value


def max_errors_option(func: F) -> F:
    return click.option("--max-errors", type=click.IntRange(min=0), default=DEFAULT_MAX_ERRORS,
                        show_default=True, expose_value=False, callback=_set_max_errors,
                        help="Show at most this many errors (0: all).")(func)


class ParcalcGroup(click.Group):
    """Turns :class:`ParcalcError` into lines on stderr and its exit code; hides tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ParcalcError as exc:
            if ctx.meta.get("parcalc.debug"):
                raise
            echo_problems(exc.problems, ctx.meta.get("parcalc.max_errors", DEFAULT_MAX_ERRORS))
            errors = sum(1 for p in exc.problems if p.severity == "error")
            if errors > 1:
                click.echo(summary(exc.problems), err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo(text("cli.interrupted"), err=True)
            ctx.exit(130)
        except Exception as exc:
            if ctx.meta.get("parcalc.debug"):
                raise
            click.echo(text("cli.internal_error", kind=type(exc).__name__, error=str(exc)),
                       err=True)
            ctx.exit(EXIT_INTERNAL)


class PathType(click.Path):
    """``click.Path`` giving a :class:`~pathlib.Path`, whose usual complaints — no such file,
    a folder where a file is wanted, a file where a folder is — are parcalc's own, in the
    language in use."""

    def __init__(self, *, exists: bool = False, file_okay: bool = True,
                 dir_okay: bool = True) -> None:
        super().__init__(exists=exists, file_okay=file_okay, dir_okay=dir_okay,
                         path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        path = Path(value)
        if self.exists and not path.exists():
            self.fail(text("cli.path.missing", path=str(value)), param, ctx)
        if not self.dir_okay and path.is_dir():
            self.fail(text("cli.path.is_folder", path=str(value)), param, ctx)
        if not self.file_okay and path.is_file():
            self.fail(text("cli.path.is_file", path=str(value)), param, ctx)
        return super().convert(value, param, ctx)


def workbooks_argument(func: F) -> F:
    return click.argument("workbooks", nargs=-1, required=True, metavar="WORKBOOK...",
                          type=PathType(exists=True))(func)


def output_options(formats: tuple[str, ...], output_help: str) -> Callable[[F], F]:
    """``-f/--format`` (one of ``formats``), ``-o/--output`` (``output_help`` says what it
    writes) and ``--width``: where a command's result goes and how wide its tables are."""

    def decorate(func: F) -> F:
        for option in reversed([
            click.option("-f", "--format", "fmt", type=click.Choice(formats),
                         help="Output format (default: table; with -o, from the file's "
                              "suffix)."),
            click.option("-o", "--output", "out", type=PathType(dir_okay=False),
                         help=output_help),
            click.option("--width", type=int, default=None,
                         help="Table width in characters."),
        ]):
            func = option(func)
        return func

    return decorate


def jobs_option(func: F) -> F:
    """``--jobs N``: threads reading the workbooks' sheets (the result is the same)."""
    return click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
                        metavar="N",
                        help="Read sheets on N threads (default: one per core; 1 for a small "
                             "workbook). The results do not depend on it.")(func)


def scoring_options(func: F) -> F:
    """-c/--criteria, --strict, --layout, -v and --jobs: how the workbooks are read and
    scored."""
    from parcalc.workbook.layouts import LAYOUTS  # not for `import parcalc.cli.app`

    func = jobs_option(func)
    for option in reversed([
        click.option("-c", "--criteria", metavar="FILE_OR_ID",
                     help="Criteria file or shipped set id; wins over the settings sheet."),
        click.option("--strict", is_flag=True,
                     help="Blank or missing values are errors, not warnings."),
        click.option("--layout", type=click.Choice(LAYOUTS),
                     help="Force the scores layout instead of detecting it."),
        click.option("-v", "--verbose", is_flag=True,
                     help="Say how each file's layout was detected."),
        click.option("--allow-outside", is_flag=True,
                     help="Let the settings sheet name criteria files outside its folder."),
    ]):
        func = option(func)
    return func


def score_inputs(workbooks: tuple[Path, ...] | list[Path], criteria: str | None = None,
                 strict: bool = False, layout: str | None = None, verbose: bool = False,
                 out: Path | None = None, allow_outside: bool = False,
                 echo_warnings: bool = True, jobs: int | None = None) -> Results:
    """:func:`parcalc.api.score_file`, refusing an ``out`` that is one of the inputs; the
    layout notes (-v) and, when ``echo_warnings``, the warnings go to stderr."""
    return score_run_inputs(workbooks, criteria, strict, layout, verbose, out,
                            allow_outside, echo_warnings, jobs, keep_answers=False).results


def score_run_inputs(workbooks: tuple[Path, ...] | list[Path], criteria: str | None = None,
                     strict: bool = False, layout: str | None = None, verbose: bool = False,
                     out: Path | None = None, allow_outside: bool = False,
                     echo_warnings: bool = True, jobs: int | None = None,
                     keep_answers: bool = True) -> Scoring:
    """:func:`score_inputs`, keeping the grids behind the Results (a Scoring)."""
    from parcalc.api import score_file_run
    from parcalc.workbook.files import workbook_files

    files = workbook_files(workbooks)
    protect_inputs(out, [*files, *([Path(criteria)] if criteria else [])])
    run = score_file_run(files, criteria, strict=strict, layout=layout,
                         allow_outside=allow_outside, on_note=_echo_note if verbose else None,
                         jobs=jobs, keep_answers=keep_answers)
    if echo_warnings:
        echo_problems(run.results.warnings)
    return run


def _echo_note(note: str) -> None:
    click.echo(note, err=True)


def protect_inputs(out: Path | None, inputs: list[Path]) -> None:
    """Refuse an output that is one of the inputs (a workbook, the criteria, a units list)."""
    if out is None or not out.exists():
        return
    for path in inputs:
        if Path(path).is_file() and out.resolve() == Path(path).resolve():
            book = Path(path).suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods")
            key = "cli.output_is_input_workbook" if book else "cli.output_is_input_file"
            raise UsageError(Problem(msg(key), Location(str(out))))
