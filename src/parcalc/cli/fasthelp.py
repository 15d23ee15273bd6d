"""``parcalc --version`` and ``parcalc --help`` without click.

The help page is laid out as click lays it out (``HelpFormatter``: width = terminal columns
capped at ``max_content_width`` 100, minus 2, at least 50; paragraphs re-wrapped, ``\\b``
blocks kept; definition lists with a first column of at most 30). Where the output could
differ (text click would style, a terminal narrower than click's minimum) :func:`answer`
returns None and click answers. ``tests/test_cli.py`` compares both at every width.
"""

from __future__ import annotations

import os

from parcalc import __version__
from parcalc.cli.commands import GROUP_HELP, GROUP_OPTIONS, PROG, command_rows

MAX_CONTENT_WIDTH = 100  # parcalc.cli.common.CONTEXT


def answer(option: str) -> str | None:
    """The text for ``-V/--version`` or ``-h/--help``; None to let click answer."""
    if option in ("-V", "--version"):
        return f"{PROG}, version {__version__}\n"
    if os.environ.get("_PARCALC_COMPLETE") or os.environ.get("PARCALC_NO_FAST_HELP"):
        return None
    import shutil

    columns = shutil.get_terminal_size().columns
    return help_page(max(min(columns, MAX_CONTENT_WIDTH) - 2, 50))


def help_page(width: int) -> str:
    """``parcalc --help`` at a formatter width of ``width``."""
    out = [f"Usage: {PROG} [OPTIONS] COMMAND [ARGS]...", ""]
    out.append(_paragraphs(GROUP_HELP, width, "  "))
    out += ["", "Options:"]
    out += _definitions(GROUP_OPTIONS, width)
    out += ["", "Commands:"]
    out += _definitions(command_rows(), width)
    return "\n".join(out) + "\n"


def _paragraphs(text: str, width: int, indent: str) -> str:
    """click's ``wrap_text(..., preserve_paragraphs=True)`` of a dedented help text."""
    import textwrap

    blocks: list[str] = []
    for block in textwrap.dedent(text).strip("\n").split("\n\n"):
        lines = block.splitlines()
        if lines and lines[0].strip() == "\b":
            blocks.append("\n".join(indent + line for line in lines[1:]))
        else:
            blocks.append(textwrap.fill(" ".join(line.strip() for line in lines), width,
                                        initial_indent=indent, subsequent_indent=indent,
                                        replace_whitespace=False))
    return "\n\n".join(blocks)


def _definitions(rows: list[tuple[str, str]], width: int) -> list[str]:
    """click's ``HelpFormatter.write_dl`` at indent 2."""
    import textwrap

    first_col = min(max(len(term) for term, _ in rows), 30) + 2
    text_width = max(width - first_col - 2, 10)
    out = []
    for term, text in rows:
        lines = textwrap.wrap(text, text_width, replace_whitespace=False)
        head = f"  {term}"
        if len(term) <= first_col - 2:
            out.append(head + " " * (first_col - len(term)) + lines[0])
        else:
            out += [head, " " * (first_col + 2) + lines[0]]
        out += [" " * (first_col + 2) + line for line in lines[1:]]
    return out
