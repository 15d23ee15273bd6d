"""Where a command's output goes: on stdout, or into the ``-o`` file (written atomically)
followed by ``wrote FILE (…)`` on stderr.

A command picks the format (:func:`output_format`), wraps the chosen renderer in a
:class:`Text`, :class:`Tables` or :class:`Xlsx`, and hands it to :func:`emit`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from parcalc.errors import Location, Problem, UsageError
from parcalc.i18n import Msg, msg, text

if TYPE_CHECKING:
    from rich.console import Console

#: Columns of a table when stdout is not a terminal and no --width is given.
DEFAULT_WIDTH = 160


class Output:
    """One rendering of a command's result: shown on stdout, or written to a file."""

    def __init__(self, summary: Msg | str | None = None) -> None:
        self.summary = summary  # what "wrote FILE" adds in brackets (None: nothing)

    def show(self) -> None:
        """Print on stdout."""
        raise NotImplementedError

    def write(self, path: Path) -> None:
        """Write to ``path``, atomically."""
        raise NotImplementedError


def emit(output: Output, out: Path | None) -> None:
    """``output`` on stdout, or written to ``out`` and "wrote OUT (summary)" on stderr."""
    if out is None:
        output.show()
        return
    output.write(out)
    click.echo(wrote(out, output.summary), err=True)


def wrote(path: Path, what: Msg | str | None = None) -> str:
    """"wrote FILE (what)" (or "wrote FILE"), in the language in use."""
    if what is None or not str(what):
        return text("cli.wrote", path=str(path))
    return text("cli.wrote_what", path=str(path), what=what)


class Text(Output):
    """Text made by ``make`` (JSON, CSV), printed or written as is; a file starts with
    ``file_start`` (a CSV file: the byte-order mark Excel needs to read it as UTF-8)."""

    def __init__(self, make: Callable[[], str], summary: Msg | str | None = None,
                 file_start: str = "") -> None:
        super().__init__(summary)
        self.make = make
        self.file_start = file_start

    def show(self) -> None:
        click.echo(self.make(), nl=False)

    def write(self, path: Path) -> None:
        from parcalc.atomic import write_text

        write_text(path, self.file_start + self.make())


class Tables(Output):
    """Rich tables drawn by ``draw``: on the terminal, or as plain text in the file;
    ``default_width`` columns when there is no ``width`` and no terminal."""

    def __init__(self, draw: Callable[[Console], None], width: int | None,
                 summary: Msg | str | None = None, default_width: int = DEFAULT_WIDTH) -> None:
        super().__init__(summary)
        self.draw, self.width, self.default_width = draw, width, default_width

    def show(self) -> None:
        self.draw(console(self.width, self.default_width))

    def write(self, path: Path) -> None:
        from parcalc.atomic import write_text

        write_text(path, recorded_text(self.draw, self.width or self.default_width))


class Xlsx(Output):
    """A workbook written by ``save`` (which writes atomically); only ever to a file."""

    def __init__(self, save: Callable[[Path], None], summary: Msg | str | None = None) -> None:
        super().__init__(summary)
        self.save = save

    def show(self) -> None:
        raise UsageError(msg("cli.xlsx_to_terminal"))

    def write(self, path: Path) -> None:
        self.save(path)


def output_format(fmt: str | None, out: Path | None, suffixes: dict[str, str]) -> str:
    """The format to write: ``--format`` if given, else from the ``-o`` file's suffix."""
    if out is None:
        return fmt or "table"
    by_suffix = suffixes.get(out.suffix.lower())
    if fmt is None:
        if by_suffix is None:
            raise UsageError(Problem(msg("cli.unknown_suffix", suffixes=", ".join(suffixes)),
                                     Location(str(out))))
        return by_suffix
    if by_suffix is not None and by_suffix != fmt:
        raise UsageError(msg("cli.format_mismatch", fmt=fmt, path=str(out)))
    return fmt


def console(width: int | None, default: int = DEFAULT_WIDTH) -> Console:
    """A rich console on stdout; ``default`` columns when stdout is not a terminal."""
    from rich.console import Console

    out = Console(width=width, soft_wrap=False)
    if width is None and not out.is_terminal:
        out.width = default
    return out


def recorded_text(draw: Callable[[Console], None], width: int) -> str:
    """What ``draw(console)`` prints, as plain text, for writing to a file."""
    import io

    from rich.console import Console

    out = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    draw(out)
    return str(out.export_text())
