"""The ``parcalc`` command: parses options, calls the library, renders, sets the exit code.

Exit codes: 0 ok; 1 bad input (criteria or workbook content, a file that is not a
workbook); 2 usage (missing file, unknown shipped id, bad options); 3 internal error (a bug:
rerun with --debug and report it).

``parcalc --version`` and ``parcalc --help`` are answered without importing click (which
alone takes four times as long as starting Python): see :mod:`parcalc.cli.fasthelp`.
Everything else goes to the click group in :mod:`parcalc.cli.app`.
"""

from __future__ import annotations

import os
import sys

from parcalc.cli.commands import COMMANDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["COMMANDS", "cli", "main", "run"]


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    args = sys.argv[1:] if argv is None else list(argv)
    if len(args) == 1 and args[0] in ("-V", "--version", "-h", "--help"):
        from parcalc.cli.fasthelp import answer

        text = answer(args[0])
        if text is not None:
            sys.stdout.write(text)
            sys.stdout.flush()
            return 0
    choose_language(args)
    from parcalc.cli.app import cli

    return cli.main(args=args, prog_name="parcalc")


#: The collector's thresholds in the ``parcalc`` process (Python's: 700, 10, 10): young
#: objects collected every 50,000 allocations, the whole heap almost never.
GC_THRESHOLDS = (50_000, 20, 100)


def run() -> None:
    """The ``parcalc`` console script: :func:`main`, then exit at once. Tearing the
    interpreter down — every module pandas loaded, one by one — takes longer than scoring a
    small workbook; the output is flushed first and nothing else is left to do (the reading
    threads have stopped; files are written and closed by then).

    The cyclic garbage collector runs less often (:data:`GC_THRESHOLDS`): a run builds
    millions of objects that live until it ends, and each collection walks them all again
    (0.05–0.1 s of a province's 1.8 s). Reference counting still frees everything else; the
    library itself leaves the collector alone (an API user's process is theirs)."""
    import gc

    gc.set_threshold(*GC_THRESHOLDS)
    try:
        code = main()
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):  # sys.exit("text"): say it, exit 1
        sys.stderr.write(f"{code}\n")
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe (parcalc … | head): as Python would
        code = code or 120
    os._exit(code or 0)


def choose_language(args: list[str]) -> None:
    """``--lang X`` (or ``--lang=X``) anywhere before ``--``, taken before click parses the
    command line, so that every message — click's own usage errors too — is in it."""
    for i, arg in enumerate(args):
        if arg == "--":
            return
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else (
            arg.split("=", 1)[1] if arg.startswith("--lang=") else None)
        if value in ("vi", "en"):
            from parcalc.i18n import use

            use(value)


def __getattr__(name: str) -> Any:
    if name == "cli":
        from parcalc.cli.app import cli

        return cli
    raise AttributeError(f"module 'parcalc.cli' has no attribute {name!r}")
